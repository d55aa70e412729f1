"""frab/pretalx schedule JSON: golden file, corpus, hostile input, library round-trip."""

from __future__ import annotations

import functools
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.domain.errors import ScheduleError
from planner.domain.model import Event, Kind, Schedule
from planner.formats import frabjson, load, parse_bytes, pentabarf
from planner.store.library import Library

DATA = Path(__file__).parent / "data"
GOLDEN = DATA / "minicon-2025.json"
BRUSSELS = ZoneInfo("Europe/Brussels")
UTC = timezone.utc

FUZZ = settings(max_examples=50, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


def golden() -> Schedule:
    return frabjson.parse(GOLDEN.read_bytes(), str(GOLDEN))


def by_title(schedule: Schedule) -> dict[str, Event]:
    return {e.title: e for e in schedule.events}


@functools.cache
def parsed(path: Path) -> Schedule:
    """Each corpus file parsed once per test run: schedules are immutable."""
    return frabjson.parse(path.read_bytes(), str(path))


def document(events: list[Any], **conference: Any) -> bytes:
    """A one-day, one-room schedule around ``events``."""
    body = {"title": "T", **conference, "days": [{"date": "2025-01-10", "rooms": {"R": events}}]}
    return json.dumps({"schedule": {"conference": body}}).encode()


# -- golden file -------------------------------------------------------------------


def test_golden_conference_fields() -> None:
    schedule = golden()
    assert schedule.key == "frab-json:minicon25"
    assert schedule.title == "MiniCon 2025"
    assert schedule.format == "frab-json"
    assert schedule.timezone == "Europe/Brussels"
    assert len(schedule.events) == 4
    assert [e.start for e in schedule.events] == sorted(e.start for e in schedule.events)
    assert all(e.id.startswith("pj-") for e in schedule.events)
    assert len({e.id for e in schedule.events}) == 4


def test_golden_event_with_every_field() -> None:
    event = by_title(golden())["Opening keynote"]
    assert event.start == datetime(2025, 3, 29, 10, 0, tzinfo=BRUSSELS)
    assert event.duration_minutes == 45
    assert event.kind is Kind.TALK
    assert event.subtitle == "Why small conferences matter"
    assert (event.room, event.track, event.session) == ("Janson", "Keynotes", "Keynotes")
    # public_name, name and bare strings are all speaker names.
    assert event.authors == ("Ada Lovelace", "Grace Hopper", "Linus Example")
    assert event.url == "https://minicon.example.org/talks/201"
    assert event.abstract == "<p>Welcome &amp; intro.</p>\n\n<p>Longer.</p>"


def test_golden_after_midnight_by_day_start() -> None:
    event = by_title(golden())["After midnight"]
    # No date and no day_change: 01:30 is before the day's start (09:00), so it is the
    # early morning of the next day, in the conference zone, across the DST change.
    assert event.start == datetime(2025, 3, 30, 1, 30, tzinfo=BRUSSELS)
    assert event.end == datetime(2025, 3, 30, 3, 30, tzinfo=BRUSSELS)
    assert event.end.timestamp() - event.start.timestamp() == 3600
    assert event.kind is Kind.WORKSHOP
    assert event.track == "" and event.session == "Janson"
    assert event.url == "https://minicon.example.org/night"  # first link


def test_golden_event_offset_beats_contradicting_zone() -> None:
    schedule = golden()
    event = by_title(schedule)["Meetup"]  # {"en": ...} wins over other languages
    assert event.start == datetime(2025, 3, 29, 19, 0, tzinfo=UTC)
    assert event.start.utcoffset() == timedelta(hours=-5)  # the published offset is kept
    assert event.duration_minutes == 30  # HH:MM:SS
    assert event.authors == ()
    assert any("disagrees" in n for n in schedule.notes)


def test_golden_day_count_duration_and_break_title() -> None:
    event = by_title(golden())["Lunch"]
    assert event.kind is Kind.BREAK
    assert event.duration_minutes == 90  # 1:30:00 is H:MM:SS


def test_ids_follow_guid_code_id_across_versions() -> None:
    original = json.loads(GOLDEN.read_text(encoding="utf-8"))
    old = {e.title: e.id for e in golden().events}
    rooms = original["schedule"]["conference"]["days"][0]["rooms"]
    rooms["Janson"][0]["title"] = "Opening keynote (v2)"
    rooms["Janson"][0]["date"] = "2025-03-29T09:30:00+01:00"
    rooms["Janson"][1]["title"] = "After midnight (v2)"
    rooms["Room B"][0]["title"] = {"en": "Meetup (v2)"}
    rooms["Room B"][0]["id"] = 8  # pretalx renumbers; the code stays
    new = {e.title: e.id for e in frabjson.parse(json.dumps(original).encode(), "v2.json").events}
    assert new["Opening keynote (v2)"] == old["Opening keynote"]
    assert new["After midnight (v2)"] == old["After midnight"]
    assert new["Meetup (v2)"] == old["Meetup"]


def test_library_update_in_place(tmp_path: Path) -> None:
    original = json.loads(GOLDEN.read_text(encoding="utf-8"))
    with Library(tmp_path / "db") as library:
        assert library.import_schedule(golden()).created
        rooms = original["schedule"]["conference"]["days"][0]["rooms"]
        rooms["Janson"][0]["date"] = "2025-03-29T09:30:00+01:00"
        del rooms["Room B"]
        rooms["Janson"].append({"guid": "new-guid", "id": 999, "date": "2025-03-29T17:00:00+01:00",
                                "start": "17:00", "duration": "00:10", "title": "Late addition"})
        summary = library.import_schedule(frabjson.parse(json.dumps(original).encode(), "v2.json"))
        assert (len(summary.changed), len(summary.new), len(summary.removed)) == (1, 1, 1)


# -- smaller cases and errors --------------------------------------------------------


def test_no_zone_keeps_wall_clock_and_says_so() -> None:
    schedule = frabjson.parse(document([{"id": 1, "start": "10:00", "duration": "00:30", "title": "A"}]), "z.json")
    assert schedule.events[0].start == datetime(2025, 1, 10, 10, 0, tzinfo=UTC)
    assert schedule.timezone == ""
    assert any("no time zone" in n for n in schedule.notes)


def test_offsets_without_conference_zone_need_no_note() -> None:
    data = document([{"id": 1, "date": "2025-01-10T10:00:00+01:00", "start": "10:00", "title": "A"}])
    schedule = frabjson.parse(data, "o.json")
    assert schedule.events[0].start.utcoffset() == timedelta(hours=1)
    assert schedule.notes == ()


def test_day_change_moves_early_events() -> None:
    data = document([{"id": 1, "start": "03:00", "duration": "00:30", "title": "A"}],
                    time_zone_name="Europe/Berlin", day_change="04:00")
    event = frabjson.parse(data, "d.json").events[0]
    assert event.start == datetime(2025, 1, 11, 3, 0, tzinfo=ZoneInfo("Europe/Berlin"))


def test_syntax_error_names_line_and_column() -> None:
    with pytest.raises(ScheduleError, match=r"not valid JSON: .* \(column 8\)") as info:
        frabjson.parse(b'{\n  "a": 1,\n  "b": }\n', "bad.json")
    assert info.value.line == 3
    assert str(info.value).startswith("bad.json: line 3:")
    with pytest.raises(ScheduleError) as cut:  # a file cut off inside a string
        frabjson.parse(b'{\n  "title": "Chaos Commun', "cut.json")
    assert str(cut.value) == "cut.json: line 2: not valid JSON: Unterminated string starting at column 12"


def test_structure_errors_name_the_field_path() -> None:
    with pytest.raises(ScheduleError, match=r"days\[0\]\.rooms\['R'\]\[1\]: expected an object, found a number"):
        frabjson.parse(document([{"id": 1, "start": "10:00"}, 5]), "s.json")
    with pytest.raises(ScheduleError, match=r"expected an object with a \"schedule\" key"):
        frabjson.parse(b"[1, 2]", "s.json")
    with pytest.raises(ScheduleError, match=r"schedule\.conference: expected an object, found null"):
        frabjson.parse(b'{"schedule": {"conference": null}}', "s.json")


def test_missing_start_names_event_and_field() -> None:
    with pytest.raises(ScheduleError) as info:
        frabjson.parse(document([{"id": 12, "title": "Lost"}]), "m.json")
    message = str(info.value)
    assert "m.json" in message and "event 'Lost' (id 12): missing start" in message
    assert "days[0].rooms['R'][0]" in message


def test_bad_values_are_errors_with_context() -> None:
    with pytest.raises(ScheduleError, match=r"duration 'long'"):
        frabjson.parse(document([{"id": 1, "start": "10:00", "duration": "long", "title": "A"}]), "b.json")
    with pytest.raises(ScheduleError, match=r"date 'soon'"):
        frabjson.parse(document([{"id": 1, "date": "soon", "title": "A"}]), "b.json")
    with pytest.raises(ScheduleError, match=r"no events"):
        frabjson.parse(document([]), "b.json")


@pytest.mark.parametrize("moment", ["9999-12-31T23:30:00+00:00", "0001-01-01T00:00:00+05:00"])
def test_times_at_the_ends_of_the_calendar_are_errors(moment: str) -> None:
    data = document([{"id": 1, "date": moment, "start": "10:00", "duration": "01:00"}], time_zone_name="Europe/Berlin")
    with pytest.raises(ScheduleError, match=r"outside the years"):
        frabjson.parse(data, "y.json")


@pytest.mark.parametrize(
    ("data", "pattern"),
    [
        (b"[" * 100_000 + b"]" * 100_000, r"nested too deeply"),
        (b'{"schedule": ' + b"9" * 5000 + b"}", r"not valid JSON"),
        (b'{"schedule": "\xff"}', r"not UTF-8"),
        (b"", r"not valid JSON"),
    ],
    ids=["deep", "huge-int", "bad-utf8", "empty"],
)
def test_hostile_json_is_a_schedule_error(data: bytes, pattern: str) -> None:
    with pytest.raises(ScheduleError, match=pattern):
        frabjson.parse(data, "h.json")


@FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes_give_schedule_or_schedule_error(data: bytes) -> None:
    for candidate in (data, b"{" + data, b'{"schedule": {"conference": {"days": [' + data):
        try:
            assert isinstance(frabjson.parse(candidate, "fuzz.json"), Schedule)
        except ScheduleError:
            pass


# Timestamps across the whole datetime range: year 1 at +05:00 has no UTC instant.
_timestamps = st.builds(lambda moment, offset: moment.isoformat() + offset,
                        st.datetimes(), st.sampled_from(["", "Z", "+05:00", "-11:30"]))
_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30) | _timestamps,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=6,
)
_FIELDS = st.sampled_from(["id", "guid", "code", "date", "start", "duration", "title", "type", "persons",
                           "links", "room", "track", "url", "abstract"])


@FUZZ
@given(st.data())
def test_mutated_golden_gives_schedule_or_schedule_error(data: st.DataObject) -> None:
    """Replace fields anywhere in the golden document with arbitrary JSON values."""
    document_ = json.loads(GOLDEN.read_text(encoding="utf-8"))
    days = document_["schedule"]["conference"]["days"]
    for _ in range(data.draw(st.integers(1, 6))):
        day = days[data.draw(st.integers(0, len(days) - 1))]
        events = [e for room in day["rooms"].values() for e in room]
        event = events[data.draw(st.integers(0, len(events) - 1))]
        event[data.draw(_FIELDS)] = data.draw(_json)
    if data.draw(st.booleans()):
        conference = document_["schedule"]["conference"]
        conference[data.draw(st.sampled_from(["time_zone_name", "day_change", "acronym", "title"]))] = data.draw(_json)
    try:
        schedule = frabjson.parse(json.dumps(document_).encode(), "mutant.json")
    except ScheduleError as exc:
        assert str(exc).startswith("mutant.json")
        return
    assert len({e.id for e in schedule.events}) == len(schedule.events)


# -- dispatch, corpus ------------------------------------------------------------------


def test_dispatch_by_content(tmp_path: Path) -> None:
    assert parse_bytes(b"\n  " + GOLDEN.read_bytes(), "x").format == "frab-json"
    path = tmp_path / "fahrplan"
    path.write_bytes(GOLDEN.read_bytes())
    assert load(path).key == "frab-json:minicon25"


def test_json_and_xml_of_one_conference_are_separate_schedules() -> None:
    xml = pentabarf.parse((DATA / "minicon-2025.xml").read_bytes(), "x.xml")
    assert xml.key != golden().key
    assert not {e.id for e in xml.events} & {e.id for e in golden().events}


def _raw_events(path: Path) -> list[dict[str, Any]]:
    days = json.loads(path.read_text(encoding="utf-8"))["schedule"]["conference"]["days"]
    return [event for day in days for room in day["rooms"].values() for event in room]


def test_corpus_counts_and_start_instants(corpus: Path) -> None:
    files = sorted((corpus / "schedule-json").glob("*.json"))
    assert files
    for path in files:
        schedule = parsed(path)
        raw = _raw_events(path)
        assert len(schedule.events) == len(raw), path.name
        assert len({e.id for e in schedule.events}) == len(schedule.events), path.name
        expected = sorted(datetime.fromisoformat(e["date"]) for e in raw)
        assert sorted(e.start for e in schedule.events) == expected, path.name


@pytest.mark.parametrize(
    ("name", "title", "start", "minutes"),
    [
        ("frab-camp2019-schedule.json", "Opening Ceremony",
         datetime(2019, 8, 21, 11, 0, tzinfo=ZoneInfo("Europe/Berlin")), 30),
        ("frab-camp2019-schedule.json", "card10 Badge", datetime(2019, 8, 21, 10, 0, tzinfo=UTC), 45),
        ("pretalx-rc3-channels-2020-schedule.json", "Der faule Admin automatisiert: Gluon auf echter Hardware testen",
         datetime(2020, 12, 27, 10, 30, tzinfo=UTC), 40),
        ("pretalx-rc3-channels-2020-schedule.json", "Artificial Intelligence? - more like Artificial Stupidity!",
         datetime(2020, 12, 29, 11, 0, tzinfo=timezone(timedelta(hours=1))), 40),
    ],
)
def test_corpus_sampled_events(corpus: Path, name: str, title: str, start: datetime, minutes: int) -> None:
    schedule = parsed(corpus / "schedule-json" / name)
    matches = [e for e in schedule.events if e.title == title]
    assert len(matches) == 1
    assert matches[0].start == start
    assert matches[0].duration_minutes == minutes


def test_corpus_fields(corpus: Path) -> None:
    camp = parsed(corpus / "schedule-json" / "frab-camp2019-schedule.json")
    assert (camp.key, camp.title) == ("frab-json:camp2019", "Chaos Communication Camp 2019")
    assert camp.timezone == "Europe/Berlin"
    opening = next(e for e in camp.events if e.title == "Opening Ceremony")
    assert opening.authors == ("jinxx", "smtw")
    assert (opening.room, opening.track, opening.kind) == ("Curie", "CCC", Kind.TALK)
    rc3 = parsed(corpus / "schedule-json" / "pretalx-rc3-channels-2020-schedule.json")
    assert rc3.timezone == "" and rc3.notes == ()  # no zone, but every event has an offset


def test_corpus_round_trips_through_the_library(corpus: Path, tmp_path: Path) -> None:
    with Library(tmp_path / "db") as library:
        for path in sorted((corpus / "schedule-json").glob("*.json")):
            schedule = load(path)
            assert schedule.format == "frab-json"
            first = library.import_schedule(schedule)
            assert first.created and first.total == len(schedule.events), path.name
            again = library.import_schedule(load(path))
            assert (again.changed, again.new, again.removed) == ([], [], []), path.name
            assert len(library.events(schedule_key=schedule.key)) == len(schedule.events), path.name
