"""The errors relmgr raises, each carrying the exit code the SPEC names.

Domain modules raise these and never print; the CLI turns any of them into one line on stderr
and its exit code. Exit 2 is bad command-line input, exit 1 a request that could not be done.
"""


class RelmgrError(Exception):
    """A request relmgr understood but could not carry out."""

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class NotFound(RelmgrError):
    """No record matches what was asked for."""


class Ambiguous(RelmgrError):
    """More than one record matches; `candidates` lists them as (id, label)."""

    def __init__(self, message: str, candidates: list[tuple[int, str]], hint: str | None = None):
        super().__init__(message, hint)
        self.candidates = candidates


class Conflict(RelmgrError):
    """The change would clash with what the book holds (a duplicate, a closed record)."""


class Invalid(RelmgrError):
    """The book or a file is not what relmgr can work with."""


class BadInput(RelmgrError):
    """A command-line value relmgr cannot read: a date, an enum, a number (exit 2)."""

    exit_code = 2


class Missing(BadInput):
    """A required value was not given and could not be asked for (exit 2)."""
