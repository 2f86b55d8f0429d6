"""A time limit per input: an input whose analysis runs past it is refused with a one-line
reason instead of holding up the batch behind it.

The stages check the clock themselves (`check`), between stages and inside the loops whose
length grows with the text, so the limit holds in any thread or process, with no signals.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from onrecord import settings
from onrecord.errors import InputError

#: When the input being analysed must be done (monotonic clock), and the limit that set it.
_deadline: ContextVar[tuple[float, float] | None] = ContextVar("deadline", default=None)


@contextmanager
def time_limit(seconds: float | None = None) -> Iterator[None]:
    """Within the block, `check` refuses the input once `seconds` (default:
    `settings.TIME_LIMIT`; 0 for none) have passed. A block inside another keeps the outer
    deadline: the limit is per input, however its analysis is entered."""
    limit = settings.TIME_LIMIT if seconds is None else seconds
    if _deadline.get() is not None or limit <= 0:
        yield
        return
    token = _deadline.set((time.monotonic() + limit, limit))
    try:
        yield
    finally:
        _deadline.reset(token)


def check() -> None:
    """Raise `InputError` when the input being analysed has used up its time."""
    deadline = _deadline.get()
    if deadline is not None and time.monotonic() > deadline[0]:
        raise InputError(
            f"analysis took longer than {deadline[1]:g} s, the time limit per input"
            " (--time-limit, $ONRECORD_TIME_LIMIT)"
        )
