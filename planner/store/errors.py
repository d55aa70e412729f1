"""The one error the store raises for the user to read.

Its own module because both the Library and the opening code (planner.store.recovery)
raise it, and the Library imports the opening code.
"""

from __future__ import annotations


class StoreError(Exception):
    """The library cannot do what was asked; the message is for the user."""


class NotALibrary(StoreError):
    """The file at the library path is not an SQLite database at all (a text file, a
    calendar): it was never a library, so it is refused and left where it is, never
    moved aside as a damaged library is."""
