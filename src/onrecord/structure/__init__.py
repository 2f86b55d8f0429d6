"""Article structure: headline, section, bylines, captions, credits and body paragraphs,
with the page furniture that came along set apart rather than thrown away."""

from onrecord.structure.text import structure_text

__all__ = ["structure_text"]
