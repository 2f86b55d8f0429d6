"""Errors as clients get them: an RFC 9457 problem document with a one-line reason, never a
stack trace."""

from __future__ import annotations

from http import HTTPStatus

from starlette.responses import JSONResponse

from onrecord.errors import first_line, printable

MEDIA_TYPE = "application/problem+json"


def problem(status: int, reason: str) -> dict[str, object]:
    """The problem document for an HTTP status and the reason, kept to one printable line."""
    return {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": printable(first_line(Exception(reason), 300)),
    }


def problem_response(
    status: int, reason: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(problem(status, reason), status, headers=headers, media_type=MEDIA_TYPE)
