"""frab / pretalx schedule JSON (the c3voc ``schedule.json``).

Shape::

    {"schedule": {"version": "...", "conference": {
        "acronym": "...", "title": "...", "time_zone_name": "Europe/Berlin",
        "days": [{"index": 1, "date": "2019-08-21", "day_start": "...",
                  "rooms": {"Curie": [{"guid": "...", "id": 10386, "date": "...+02:00",
                                       "start": "11:00", "duration": "00:30", ...}]}}]}}}

The same fields as the XML, so the events go through the same builder
(planner.formats.frab). JSON has no line numbers once parsed, so structural errors name
the field path ("days[2].rooms['Saal 1'][3]"); syntax errors name line and column.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import PurePath
from typing import Any

from planner.domain.errors import ScheduleError
from planner.domain.model import Link, LinkKind, Schedule
from planner.formats.common import quote
from planner.formats.decoding import decode_text
from planner.formats.frab import Conference, RawEvent, build

FORMAT = "frab-json"
PREFIX = "pj"

_TEXT_FIELDS = (
    "title", "subtitle", "type", "track", "room", "abstract", "description", "url",
    "date", "start", "duration", "slug", "guid", "code",
)


def parse(data: bytes, source: str = "") -> Schedule:
    """Parse schedule JSON. Raises ScheduleError naming ``source`` and the line or field."""
    return _Reader(source).read(read_json(data, source))


def read_json(data: bytes, source: str) -> Any:
    """The JSON document in ``data``; a syntax error names the line and column.

    Shared with the other JSON readers (planner.formats.virtualsite).
    """
    text = decode_text(data, source)
    try:
        document = json.loads(text)
        if _SURROGATE_ESCAPE.search(text):
            document = _without_lone_surrogates(document)
    except json.JSONDecodeError as exc:
        # json's messages either end with where ("Unterminated string starting at") or not.
        where = f"column {exc.colno}"
        what = f"{exc.msg} {where}" if exc.msg.endswith(" at") else f"{exc.msg} ({where})"
        raise ScheduleError(f"not valid JSON: {what}", source=source, line=exc.lineno) from None
    except RecursionError:
        raise ScheduleError("the JSON is nested too deeply to be a schedule", source=source) from None
    except ValueError as exc:  # e.g. an integer with more digits than Python converts
        raise ScheduleError(f"not valid JSON: {exc}", source=source) from None
    return document


# JSON can escape half of a UTF-16 pair ("\ud800"); json.loads keeps such a lone
# surrogate, which no UTF-8 text (the library, the screen, a calendar) can hold.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _without_lone_surrogates(value: Any) -> Any:
    """``value`` with every lone surrogate replaced by U+FFFD (only run when one may exist)."""
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_without_lone_surrogates(v) for v in value]
    if isinstance(value, dict):
        return {_without_lone_surrogates(k): _without_lone_surrogates(v) for k, v in value.items()}
    return value


def _kind(value: object) -> str:
    return {dict: "an object", list: "a list", str: "text", bool: "true/false", type(None): "null"}.get(
        type(value), "a number"
    )


def _scalar(value: object) -> str:
    """Text of a scalar field; ids are numbers in frab and text in pretalx.

    pretalx writes translated fields as {"en": "...", "de": "..."}: English, else the
    first language given.
    """
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or value is None or isinstance(value, list):
        return ""
    if isinstance(value, dict):
        texts = [v for v in value.values() if isinstance(v, str)]
        english = value.get("en")
        return english if isinstance(english, str) else (texts[0] if texts else "")
    return str(value)


def _person(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        for key in ("public_name", "full_public_name", "name"):
            name = value.get(key)
            if isinstance(name, str) and name.strip():
                return name
    return ""


def _link(value: object, kind: LinkKind) -> Link:
    """``{"url": ..., "title": ...}`` (frab, pretalx), or a bare address; an untitled
    attachment is named by its type ("Slides")."""
    if isinstance(value, str):
        return Link(value, "", kind)
    if isinstance(value, Mapping):
        url = value.get("url") or value.get("href")
        title = _scalar(value.get("title"))
        if not title.strip() and kind is LinkKind.ATTACHMENT:
            title = _scalar(value.get("type")).strip().capitalize()
        return Link(url if isinstance(url, str) else "", title, kind)
    return Link("", "", kind)


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source

    def error(self, where: str, message: str) -> ScheduleError:
        return ScheduleError(f"{where}: {message}" if where else message, source=self.source)

    def expect(self, value: object, kind: type, where: str) -> Any:
        if not isinstance(value, kind):
            wanted = "an object" if kind is dict else "a list"
            raise self.error(where, f"expected {wanted}, found {_kind(value)}")
        return value

    def read(self, document: object) -> Schedule:
        if not isinstance(document, dict) or "schedule" not in document:
            raise self.error(
                "", "not a frab/pretalx schedule: expected an object with a \"schedule\" key at the top"
            )
        schedule = self.expect(document["schedule"], dict, "schedule")
        conference_data = self.expect(schedule.get("conference"), dict, "schedule.conference")
        conference = Conference(
            title=_scalar(conference_data.get("title")),
            acronym=_scalar(conference_data.get("acronym")),
            time_zone=_scalar(conference_data.get("time_zone_name")),
            day_change=_scalar(conference_data.get("day_change")),
            base_url=_scalar(conference_data.get("base_url") or schedule.get("base_url")),
        )
        days = self.expect(conference_data.get("days", []), list, "schedule.conference.days")
        raws: list[RawEvent] = []
        for d, day in enumerate(days):
            day_where = f"days[{d}]"
            day = self.expect(day, dict, day_where)
            day_date = _scalar(day.get("date"))
            day_start = _scalar(day.get("day_start"))
            rooms = day.get("rooms", {})
            if isinstance(rooms, list):
                # Seen in hand-made files: a list of events instead of a room mapping.
                room_items: list[tuple[str, object]] = [("", rooms)]
            else:
                room_items = list(self.expect(rooms, dict, f"{day_where}.rooms").items())
            for room_name, events in room_items:
                room_where = f"{day_where}.rooms[{quote(room_name, 40)}]" if room_name else f"{day_where}.rooms"
                for e, event in enumerate(self.expect(events, list, room_where)):
                    where = f"{room_where}[{e}]"
                    raws.append(self.event(self.expect(event, dict, where), where, day_date, day_start, room_name))
        fallback = PurePath(self.source).stem if self.source else "Untitled schedule"
        return build(conference, raws, fmt=FORMAT, prefix=PREFIX, source=self.source, fallback_name=fallback)

    def event(self, data: dict[str, Any], where: str, day_date: str, day_start: str, room: str) -> RawEvent:
        raw = RawEvent(where=where, day_date=day_date, day_start=day_start)
        for name in _TEXT_FIELDS:
            if name in data:
                setattr(raw, name, _scalar(data[name]))
        raw.event_id = _scalar(data.get("id"))
        if not raw.room.strip():
            raw.room = room
        persons = data.get("persons")
        if isinstance(persons, list):
            raw.persons = [_person(p) for p in persons]
        for name, kind in (("links", LinkKind.LINK), ("attachments", LinkKind.ATTACHMENT)):
            links = data.get(name)
            if isinstance(links, list):
                raw.links += [_link(link, kind) for link in links]
        raw.feedback_url = _scalar(data.get("feedback_url"))
        return raw
