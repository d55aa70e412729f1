"""Schedule formats: detect by content, parse to domain objects.

Each format module offers ``looks_like(text) -> bool`` and
``parse(data, source) -> Schedule``; errors are ScheduleError naming file and line.
"""

from __future__ import annotations

import gc
import os
import stat
from pathlib import Path

from planner.domain.errors import ScheduleError
from planner.domain.model import Schedule
from planner.formats.decoding import decode_head, decode_text, is_utf8

# Bigger files are refused before reading: no real schedule comes near it
# (38C3, 1,000 events, is 2 MB) and reading more would only cost memory.
MAX_BYTES = 64 * 1024 * 1024


def parse_bytes(data: bytes, source: str = "") -> Schedule:
    """Detect the format of ``data`` by its content and parse it."""
    # Parsing allocates hundreds of thousands of objects that all stay alive; the cyclic
    # garbage collector would rescan them again and again (15-25% of a 10,000-event parse).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _parse_bytes(data, source)
    finally:
        if collecting:
            gc.enable()


def _parse_bytes(data: bytes, source: str) -> Schedule:
    # Detection reads text, not bytes, so UTF-16 (BOM or zero bytes) is seen for what it is.
    head = decode_head(data).lstrip("\ufeff \t\r\n")
    # Lazy: each reader when its format comes (iCalendar's costs 66 ms, Pentabarf's 19 ms).
    if head.startswith("<"):
        from planner.formats import pentabarf  # lazy, as said above

        return pentabarf.parse(data, source)
    if head.startswith("{"):
        from planner.formats import virtualsite  # lazy, as above

        if virtualsite.looks_like(head):
            return virtualsite.parse(data, source)
        if virtualsite.looks_like_abstracts(head):
            raise ScheduleError(
                "these are the abstracts of a conference feed, not a schedule: add the feed "
                "({conf}-{year}-orals-posters.json), and keep this file beside it as "
                "{conf}-{year}-abstracts.json",
                source=source,
            )
        from planner.formats import frabjson  # lazy, as above

        return frabjson.parse(data, source)
    if head.upper().startswith("BEGIN:VCALENDAR"):
        from planner.formats import ical  # lazy, as above

        # iCalendar is UTF-8 by its RFC; the same text saved as UTF-16 is read as such.
        return ical.parse(data if is_utf8(data) else decode_text(data, source).encode("utf-8"), source)
    # Each parser is imported when a file needs it: the window imports planner.formats
    # (for its helpers) on every start, and parses a file only on first use or import.
    from planner.formats import sessionpage

    if sessionpage.looks_like(head):
        return sessionpage.parse(data, source)
    if not head.strip():
        raise ScheduleError("the file is empty", source=source)
    raise ScheduleError(
        "not a schedule Planner can read (expected a session page, Pentabarf/frab XML, "
        "frab/pretalx JSON, a conference's orals-posters feed or iCalendar)",
        source=source,
        line=1,
    )


def load(path: str | os.PathLike[str]) -> Schedule:
    """Read and parse a schedule file; every failure is a ScheduleError naming the file."""
    return parse_bytes(read_file(path), str(path))


def read_file(path: str | os.PathLike[str]) -> bytes:
    """The bytes of a regular file of at most MAX_BYTES; else a ScheduleError naming it."""
    p = Path(path)
    source = str(p)
    too_big = f"schedules over {MAX_BYTES // (1024 * 1024)} MB are refused"
    try:
        info = p.stat()
        if not stat.S_ISREG(info.st_mode):
            # A FIFO would block and /dev/zero never ends; neither is a schedule.
            raise ScheduleError("not a regular file", source=source)
        if info.st_size > MAX_BYTES:
            raise ScheduleError(f"the file is {info.st_size // (1024 * 1024)} MB; {too_big}", source=source)
        with p.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)  # the file may have grown since stat()
        if len(data) > MAX_BYTES:
            raise ScheduleError(f"the file is over {MAX_BYTES // (1024 * 1024)} MB; {too_big}", source=source)
    except OSError as exc:
        raise ScheduleError(f"cannot read the file: {exc.strerror or exc}", source=source) from None
    return data
