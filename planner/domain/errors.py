"""Errors the user can act on: they name the file and the line or field."""

from __future__ import annotations


class ScheduleError(ValueError):
    """A schedule file could not be read.

    The message always names the file and, where there is one, the line or field,
    so the user can find and fix the problem without a traceback.
    """

    def __init__(self, message: str, *, source: str = "", line: int | None = None) -> None:
        self.source = source
        self.line = line
        self.reason = message
        where = source
        if line is not None:
            where = f"{source}: line {line}" if source else f"line {line}"
        super().__init__(f"{where}: {message}" if where else message)
