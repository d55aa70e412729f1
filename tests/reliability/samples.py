"""Small valid documents in every format, for hostile-input and fuzz tests to start from."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from types import ModuleType

import pytest

from planner.domain.model import Schedule

SESSION_PAGE = b"""## Mini session
### Session chairs
Elodie Muller
### Schedule
2021-06-01T09:00:00+02:00 - 2021-06-01T09:30:00+02:00
##### 1 - Oral: Robust planning
Ada Lovelace, Alan Turing

Stochastic optimisation in cafe settings.
2021-06-01T09:30:00+02:00 - 2021-06-01T10:00:00+02:00
##### 2 - Spotlight: Calendars
Grace Hopper

Schedules and calendars.
"""

PENTABARF = b"""<?xml version="1.0" encoding="utf-8"?>
<schedule>
  <conference><title>Mini Con</title><acronym>mini</acronym><time_zone_name>Europe/Berlin</time_zone_name></conference>
  <day index="1" date="2024-12-27" start="2024-12-27T10:00:00+01:00" end="2024-12-28T03:00:00+01:00">
    <room name="Saal 1">
      <event guid="6d1f6a40-0000-4000-8000-000000000001" id="1">
        <date>2024-12-27T10:00:00+01:00</date><start>10:00</start><duration>00:40</duration>
        <room>Saal 1</room><title>Opening</title><type>Talk</type><track>Main</track>
        <abstract>Welcome &amp; overview</abstract><persons><person id="1">Ada Lovelace</person></persons>
      </event>
      <event guid="6d1f6a40-0000-4000-8000-000000000002" id="2">
        <date>2024-12-27T11:00:00+01:00</date><start>11:00</start><duration>01:00</duration>
        <room>Saal 1</room><title>Workshop</title><type>Workshop</type><abstract>Hands on</abstract>
      </event>
    </room>
  </day>
</schedule>
"""

FRAB_JSON = b"""{"schedule": {"version": "1", "conference": {"acronym": "mini", "title": "Mini Con",
 "time_zone_name": "Europe/Berlin", "days": [{"index": 1, "date": "2024-12-27",
 "day_start": "2024-12-27T10:00:00+01:00", "rooms": {"Saal 1": [
  {"guid": "6d1f6a40-0000-4000-8000-000000000001", "id": 1, "date": "2024-12-27T10:00:00+01:00",
   "start": "10:00", "duration": "00:40", "room": "Saal 1", "title": "Opening", "type": "Talk",
   "abstract": "Welcome", "persons": [{"public_name": "Ada Lovelace"}], "links": []},
  {"guid": "6d1f6a40-0000-4000-8000-000000000002", "id": 2, "date": "2024-12-27T11:00:00+01:00",
   "start": "11:00", "duration": "01:00", "room": "Saal 1", "title": "Workshop", "type": "Workshop",
   "abstract": "Hands on", "persons": ["Grace Hopper"]}]}}]}}}
"""

ICAL = (
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//mini//EN\r\nX-WR-CALNAME:Mini Con\r\n"
    b"BEGIN:VEVENT\r\nUID:one@mini\r\nDTSTAMP:20240101T000000Z\r\nDTSTART;TZID=Europe/Berlin:20241227T100000\r\n"
    b"DTEND;TZID=Europe/Berlin:20241227T104000\r\nSUMMARY:Opening\r\nLOCATION:Saal 1\r\n"
    b"DESCRIPTION:Welcome\\, all\r\nEND:VEVENT\r\n"
    b"BEGIN:VEVENT\r\nUID:two@mini\r\nDTSTAMP:20240101T000000Z\r\nDTSTART:20241227T100000Z\r\n"
    b"DURATION:PT1H\r\nSUMMARY:Workshop\r\nCATEGORIES:Workshop\r\nEND:VEVENT\r\n"
    b"END:VCALENDAR\r\n"
)

# name -> (module, a valid sample). "detect" is planner.formats.parse_bytes, which sniffs
# the format and calls one of the others.
FORMATS: dict[str, tuple[str, bytes]] = {
    "session page": ("planner.formats.sessionpage", SESSION_PAGE),
    "pentabarf": ("planner.formats.pentabarf", PENTABARF),
    "frab json": ("planner.formats.frabjson", FRAB_JSON),
    "ical": ("planner.formats.ical", ICAL),
}
PARSERS = [*FORMATS, "detect"]

Parse = Callable[[bytes, str], Schedule]


def module(name: str) -> ModuleType:
    """The format's module, or skip: another helper may not have written it yet."""
    dotted = FORMATS[name][0]
    try:
        return importlib.import_module(dotted)
    except ModuleNotFoundError as exc:
        if exc.name != dotted:
            raise
        pytest.skip(f"{dotted} does not exist yet")


def parser(name: str) -> Parse:
    if name == "detect":
        from planner.formats import parse_bytes

        return parse_bytes
    parse: Parse = module(name).parse
    return parse
