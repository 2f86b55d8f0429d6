"""Where the evaluation corpora live: next to the repository, or wherever ONRECORD_DATA says."""

from __future__ import annotations

import os
from pathlib import Path

#: The corpora sit beside the repository (`../shared/data`), not inside the package.
_REPO_DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data"


def data_root() -> Path:
    """The corpora folder: `$ONRECORD_DATA` when set, else the repository's `../shared/data`."""
    return Path(os.environ.get("ONRECORD_DATA") or _REPO_DATA)
