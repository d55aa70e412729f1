"""Stable event ids.

An id must survive re-parsing, moving or renaming the file, corrected abstracts or
author lists, and a whole session moving to another time, because stars hang on it.
So it is built only from what identifies a slot inside its session: the session title
plus the talk number, or for unnumbered slots their kind, title and how many such
slots came before it in the session.
"""

from __future__ import annotations

import hashlib

from planner.domain.queries import fold


def _digest(*parts: str) -> str:
    joined = "\x1f".join(parts)
    return hashlib.sha1(joined.encode("utf-8")).hexdigest()[:10]


def session_page_id(session: str, kind: str, number: int | None, title: str, occurrence: int) -> str:
    """Id of a session-page event, e.g. ``sp-3f9a0c12de``."""
    key = " ".join(fold(session).split())
    if number is not None:
        return "sp-" + _digest(key, "#", str(number))
    return "sp-" + _digest(key, kind, " ".join(fold(title).split()), str(occurrence))


def source_id(prefix: str, *parts: str) -> str:
    """Id for formats that publish their own identity (guid, pretalx code, UID)."""
    return prefix + "-" + _digest(*parts)
