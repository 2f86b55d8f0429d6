"""The one error type users see for input onrecord cannot analyse, and how reasons are shown."""

from __future__ import annotations

import re
import traceback

#: Control characters, which would break a one-line reason (a newline in a file name would forge
#: a line of its own), and lone surrogates, which cannot be written as UTF-8.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


class InputError(ValueError):
    """Input that cannot be analysed; `str(error)` is a one-line reason for the user."""


class StoreLocked(RuntimeError):
    """Another writer held the store longer than this one would wait; `str(error)` is a
    one-line reason."""


def printable(text: str) -> str:
    """`text` as one line of valid UTF-8: control characters written as escapes (`\\n`), the
    undecodable bytes of a file name as `\\xff`, other lone surrogates as `\\ud800`."""
    return _UNPRINTABLE.sub(_escape, text)


def writable(text: str) -> str:
    """`text` with only what cannot be written as UTF-8 escaped (file names' undecodable bytes
    and lone surrogates); line breaks are kept, for JSON to escape."""
    return _UNPRINTABLE.sub(lambda m: _escape(m) if m.group() >= "\ud800" else m.group(), text)


def first_line(error: BaseException, limit: int = 120) -> str:
    """The first line of an error's message (its type's name when it has none), cut short."""
    return (str(error).strip().splitlines() or [type(error).__name__])[0][:limit]


def unexpected(error: BaseException) -> str:
    """The one-line reason for an error onrecord did not foresee: a bug to report, not bad input."""
    message = first_line(error, 200)
    detail = (
        type(error).__name__
        if message == type(error).__name__
        else f"{type(error).__name__}: {message}"
    )
    return printable(f"onrecord failed on this input ({detail}); please report it")


def trace(error: BaseException) -> str:
    """The traceback of `error`, for whoever reports or fuzzes."""
    return "".join(traceback.format_exception(error))


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte os.fsdecode could not decode
        return f"\\x{code - 0xDC00:02x}"
    return char.encode("unicode_escape").decode("ascii") if code < 0xD800 else f"\\u{code:04x}"
