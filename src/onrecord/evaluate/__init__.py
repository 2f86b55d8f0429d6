"""Corpus readers, scorers and benchmarks: the figures onrecord reports come from here."""
