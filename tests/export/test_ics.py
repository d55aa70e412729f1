"""The .ics export, read back with icalendar as a calendar program would, and the atomic write."""

from __future__ import annotations

import os
import stat
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from icalendar import Calendar

from planner.domain.model import Event, Kind, Schedule
from planner.export.ics import to_ics
from planner.fileio import write_atomic
from planner.formats import load, sessionpage

SESSION = "Orals & Spotlights Track 34: Deep Learning"
NOW = datetime(2024, 5, 1, 12, 0, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def seed() -> Schedule:
    from tests.conftest import SEED

    return load(SEED)


def parse(data: bytes) -> Calendar:
    return Calendar.from_ical(data)


def vevents(calendar: Calendar) -> list:  # type: ignore[type-arg]
    return [c for c in calendar.walk("VEVENT")]


def by_uid(calendar: Calendar) -> dict[str, object]:
    return {str(v["UID"]): v for v in vevents(calendar)}


def test_calendar_properties(seed: Schedule) -> None:
    calendar = parse(to_ics(seed.events, name="NeurIPS picks", now=NOW))
    assert calendar.name == "VCALENDAR"
    assert str(calendar["VERSION"]) == "2.0"
    assert "Planner" in str(calendar["PRODID"])
    assert str(calendar["CALSCALE"]) == "GREGORIAN"
    assert str(calendar["X-WR-CALNAME"]) == "NeurIPS picks"


def test_one_vevent_per_event_with_unique_uids(seed: Schedule) -> None:
    events = vevents(parse(to_ics(seed.events, now=NOW)))
    assert len(events) == 15
    assert len({str(v["UID"]) for v in events}) == 15
    assert {str(v["UID"]).split("@")[0] for v in events} == {e.id for e in seed.events}


def test_uids_stable_across_exports(seed: Schedule) -> None:
    first = [str(v["UID"]) for v in vevents(parse(to_ics(seed.events, now=NOW)))]
    later = NOW + timedelta(days=30)
    # A different subset, order and time of export: each event keeps its UID.
    second = {str(v["UID"]) for v in vevents(parse(to_ics(list(reversed(seed.events[3:])), now=later)))}
    assert second <= set(first)
    again = [str(v["UID"]) for v in vevents(parse(to_ics(seed.events, now=later)))]
    assert again == first


def test_uid_survives_a_session_move(seed: Schedule, seed_path: Path) -> None:
    moved = sessionpage.parse(seed_path.read_text().replace("-08:00", "+09:00").encode(), "moved.txt")
    a = {str(v["UID"]) for v in vevents(parse(to_ics(seed.events, now=NOW)))}
    b = {str(v["UID"]) for v in vevents(parse(to_ics(moved.events, now=NOW)))}
    assert a == b


def test_exact_instants(seed: Schedule) -> None:
    calendar = parse(to_ics(seed.events, now=NOW))
    oral1 = by_uid(calendar)[f"{seed.events[0].id}@planner.invalid"]
    assert oral1["DTSTART"].dt == datetime(2020, 12, 11, 2, 0, tzinfo=timezone.utc)  # type: ignore[index]
    assert oral1["DTEND"].dt == datetime(2020, 12, 11, 2, 15, tzinfo=timezone.utc)  # type: ignore[index]
    assert oral1["DTSTART"].dt.utcoffset() == timedelta(0)  # type: ignore[index]
    for vevent, event in zip(vevents(calendar), seed.events, strict=True):
        assert vevent["DTSTART"].dt == event.start
        assert vevent["DTEND"].dt == event.end
    assert b"DTSTART:20201211T020000Z" in to_ics(seed.events[:1], now=NOW)


def test_dtstamp_is_utc(seed: Schedule) -> None:
    for vevent in vevents(parse(to_ics(seed.events[:2], now=NOW))):
        assert vevent["DTSTAMP"].dt == NOW


def test_other_offsets_become_exact_utc_instants() -> None:
    schedule = sessionpage.parse(
        b"## Kathmandu\n### Schedule\n"
        b"2021-03-01T23:50:00+05:45 - 2021-03-02T00:20:00+05:45\n##### 1 - Oral: Late talk\nA B\n",
        "k.txt",
    )
    (vevent,) = vevents(parse(to_ics(schedule.events, now=NOW)))
    assert vevent["DTSTART"].dt == datetime(2021, 3, 1, 18, 5, tzinfo=timezone.utc)
    assert vevent["DTEND"].dt == datetime(2021, 3, 1, 18, 35, tzinfo=timezone.utc)


def test_summaries(seed: Schedule) -> None:
    summaries = [str(v["SUMMARY"]) for v in vevents(parse(to_ics(seed.events, now=NOW)))]
    assert summaries[0] == "Oral 1: Is normalization indispensable for training deep neural network?"
    assert summaries[3] == "Break"
    assert summaries[4].startswith("Spotlight 5: Generalization bound")
    assert summaries[8] == "Q&A: Joint Q&A for Preceeding Spotlights"
    assert summaries[14] == "Untitled slot"


def test_description_has_authors_and_readable_abstract(seed: Schedule) -> None:
    described = {str(v["UID"]).split("@")[0]: str(v.get("DESCRIPTION", "")) for v in vevents(parse(to_ics(seed.events, now=NOW)))}
    by_number = {e.number: e for e in seed.events}
    first = described[by_number[1].id]
    assert first.startswith("Jie Shao, Kai Hu, Changhu Wang, Xiangyang Xue, Bhiksha Raj\n\n")
    assert first.endswith("Codes are available.")
    assert "beyond kernel methods" in described[by_number[5].id]
    assert "76.8% top-1 accuracy" in described[by_number[6].id]
    assert "ℓ" in described[by_number[6].id]
    assert "(e.g. Adam)" in described[by_number[12].id]
    assert "with the instance-dependent label noise" in described[by_number[13].id]
    for text in described.values():
        for raw in ("\\it", "\\textit", "\\%", "$\\ell", "~", "{", "}"):
            assert raw not in text


def test_no_raw_latex_anywhere_in_the_file(seed: Schedule) -> None:
    data = to_ics(seed.events, now=NOW).decode("utf-8")
    unfolded = data.replace("\r\n ", "")
    for raw in ("\\it ", "\\textit", "\\%", "$\\ell", "e.g.~"):
        assert raw not in unfolded


def test_location_and_categories(seed: Schedule) -> None:
    events = vevents(parse(to_ics(seed.events, now=NOW)))
    assert all(str(v["LOCATION"]) == SESSION for v in events)
    categories = [v["CATEGORIES"].cats for v in events]
    assert categories[0] == ["Oral"]
    assert categories[3] == ["Break"]
    assert categories[4] == ["Spotlight"]
    assert categories[8] == ["Q&A"]


def test_alarm_only_when_asked(seed: Schedule) -> None:
    plain = vevents(parse(to_ics(seed.events[:3], now=NOW)))
    assert all(not v.walk("VALARM") for v in plain)
    with_alarm = vevents(parse(to_ics(seed.events[:3], alarm_minutes=15, now=NOW)))
    for vevent in with_alarm:
        (alarm,) = vevent.walk("VALARM")
        assert str(alarm["ACTION"]) == "DISPLAY"
        assert alarm["TRIGGER"].dt == timedelta(minutes=-15)
        assert str(alarm["DESCRIPTION"]) == str(vevent["SUMMARY"])


def test_notes_go_into_the_description(seed: Schedule) -> None:
    data = to_ics(seed.events[:2], notes={seed.events[1].id: "Bring questions"}, now=NOW)
    first, second = vevents(parse(data))
    assert "My note: Bring questions" in str(second["DESCRIPTION"])
    assert "My note" not in str(first["DESCRIPTION"])


def test_special_characters_round_trip() -> None:
    when = datetime(2021, 1, 1, 9, tzinfo=timezone.utc)
    event = Event(
        id="x-1", kind=Kind.TALK, number=None, title="Commas, semicolons; and: colons",
        authors=("Zoë Ñúñez", "王小明"), abstract="Line one\nLine two", start=when,
        end=when + timedelta(hours=1), session="S; with, punctuation",
    )
    (vevent,) = vevents(parse(to_ics([event], now=NOW)))
    assert str(vevent["SUMMARY"]) == "Talk: Commas, semicolons; and: colons"
    assert str(vevent["DESCRIPTION"]) == "Zoë Ñúñez, 王小明\n\nLine one\nLine two"
    assert str(vevent["LOCATION"]) == "S; with, punctuation"


def test_empty_export_is_a_valid_calendar() -> None:
    calendar = parse(to_ics([], now=NOW))
    assert vevents(calendar) == []
    assert str(calendar["VERSION"]) == "2.0"


def test_output_follows_rfc5545_line_rules(seed: Schedule) -> None:
    data = to_ics(seed.events, alarm_minutes=5, now=NOW)
    assert data.startswith(b"BEGIN:VCALENDAR\r\n")
    assert data.endswith(b"END:VCALENDAR\r\n")
    lines = data.split(b"\r\n")
    assert all(b"\n" not in line for line in lines)
    assert all(len(line) <= 75 for line in lines)


# -- atomic writes ---------------------------------------------------------------------


def test_write_atomic_creates_the_file(tmp_path: Path) -> None:
    target = tmp_path / "agenda.ics"
    write_atomic(target, b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    assert target.read_bytes() == b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    assert [p.name for p in tmp_path.iterdir()] == ["agenda.ics"]
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644 & ~umask


def test_write_atomic_replaces_and_keeps_the_mode(tmp_path: Path) -> None:
    target = tmp_path / "agenda.ics"
    target.write_bytes(b"old")
    os.chmod(target, 0o600)
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


@pytest.mark.parametrize("failing", ["replace", "fsync", "chmod"])
def test_failed_write_leaves_the_old_file_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    target = tmp_path / "agenda.ics"
    target.write_bytes(b"the old, complete agenda")

    def boom(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, failing, boom)
    with pytest.raises(OSError):
        write_atomic(target, b"half an agen")
    monkeypatch.undo()
    assert target.read_bytes() == b"the old, complete agenda"
    assert [p.name for p in tmp_path.iterdir()] == ["agenda.ics"]


def test_failed_write_of_a_new_file_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        write_atomic(tmp_path / "agenda.ics", b"data")
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == []


def test_write_atomic_into_a_missing_folder_fails_cleanly(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        write_atomic(tmp_path / "missing" / "agenda.ics", b"data")
    assert list(tmp_path.iterdir()) == []
