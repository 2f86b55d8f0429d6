"""The one error type users see for input onrecord cannot analyse."""


class InputError(ValueError):
    """Input that cannot be analysed; `str(error)` is a one-line reason for the user."""
