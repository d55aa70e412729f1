"""Maybe-talks in every export (issue 20): the calendar's CATEGORIES and DESCRIPTION, read back
with icalendar; a new SEQUENCE when a tier changes, so calendars update; "(maybe)" in the
Markdown and printable agendas. A must-see is the plain case and looks as before tiers.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from icalendar import Calendar

from planner.domain.marks import Tier
from planner.domain.model import Event, Kind
from planner.export.ics import to_ics
from planner.export.markdown import to_html, to_markdown
from planner.export.revisions import plan
from planner.services.exporting import export_agenda
from planner.store import Library
from planner.store.open import open_library

PST = timezone(timedelta(hours=-8))
T1 = datetime(2020, 11, 1, 12, 0, tzinfo=timezone.utc)
ORAL1, ORAL2 = "sp-496136e5b5", "sp-78b3ba9738"  # stable ids of the bundled session


def ev(event_id: str, start_min: int = 0, title: str = "A talk") -> Event:
    start = datetime(2020, 12, 10, 18, tzinfo=PST) + timedelta(minutes=start_min)
    return Event(id=event_id, kind=Kind.ORAL, number=1, title=title, authors=("Ada Lovelace",),
                 abstract="What it is about.", start=start, end=start + timedelta(minutes=15), session="S")


def vevents(data: bytes) -> dict[str, object]:
    return {str(c["UID"]).split("@")[0]: c for c in Calendar.from_ical(data).walk("VEVENT")}


def categories(component: object) -> list[str]:
    found = component.get("CATEGORIES")  # type: ignore[attr-defined]
    lists = found if isinstance(found, list) else [found]
    return [str(c) for item in lists for c in item.cats]


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    lib = open_library(tmp_path / "library.sqlite3")  # the bundled session
    yield lib
    lib.close()


def test_a_maybe_is_in_the_maybe_category_and_its_description_says_so_first() -> None:
    data = to_ics([ev("must"), ev("maybe", 30)], notes={"maybe": "if there is time"}, now=T1,
                  tiers={"must": Tier.MUST, "maybe": Tier.MAYBE})
    found = vevents(data)
    assert categories(found["maybe"]) == ["Oral", "Maybe"]  # its kind is kept
    description = str(found["maybe"]["DESCRIPTION"])
    assert description.startswith("Maybe: ")
    assert "Ada Lovelace" in description and description.endswith("My note: if there is time")
    assert categories(found["must"]) == ["Oral"]
    assert not str(found["must"]["DESCRIPTION"]).startswith("Maybe")


def test_a_change_of_tier_raises_the_sequence_once() -> None:
    first = {e.record.event_id: e.record for e in plan([ev("a"), ev("b")], {}, now="T1",
                                                       tiers={"a": Tier.MUST, "b": Tier.MUST})}
    second = {e.record.event_id: e.record for e in plan([ev("a"), ev("b")], first, now="T2",
                                                        tiers={"a": Tier.MAYBE, "b": Tier.MUST})}
    assert (second["a"].sequence, second["a"].modified_at) == (1, "T2")
    assert second["b"] == first["b"]
    third = {e.record.event_id: e.record for e in plan([ev("a"), ev("b")], second, now="T3",
                                                       tiers={"a": Tier.MAYBE, "b": Tier.MUST})}
    assert third == second  # nothing changed since
    back = {e.record.event_id: e.record for e in plan([ev("a"), ev("b")], third, now="T4",
                                                      tiers={"a": Tier.MUST, "b": Tier.MUST})}
    assert back["a"].sequence == 2


def test_records_from_before_tiers_need_no_update_for_a_must_see() -> None:
    old = {e.record.event_id: e.record for e in plan([ev("a")], {}, now="T1")}  # no tiers: as before
    assert plan([ev("a")], old, now="T2", tiers={"a": Tier.MUST})[0].record == old["a"]


def test_exporting_again_after_a_tier_change_updates_the_calendar_entry(library: Library) -> None:
    library.star([ORAL1, ORAL2])
    first = export_agenda(library, now=T1)
    first.remember(library)
    library.star([ORAL2], tier=Tier.MAYBE)
    second = export_agenda(library, now=T1 + timedelta(days=1))
    found = vevents(second.data)
    assert int(found[ORAL2]["SEQUENCE"]) == 1 and "Maybe" in categories(found[ORAL2])
    assert str(found[ORAL2]["DESCRIPTION"]).startswith("Maybe: ")
    assert int(found[ORAL1]["SEQUENCE"]) == 0 and categories(found[ORAL1]) == ["Oral"]


def test_markdown_and_the_printed_agenda_mark_a_maybe(library: Library) -> None:
    library.star([ORAL1])
    library.star([ORAL2], tier=Tier.MAYBE)
    text = export_agenda(library, fmt="md").data.decode()
    headings = [line for line in text.splitlines() if line.startswith("### ")]
    assert len(headings) == 2
    assert [h.endswith(" (maybe)") for h in headings] == [False, True]
    events = library.events(starred=True)
    html = to_html(events, tiers=library.tiers())
    assert html.count("(maybe)") == 1
    assert "(maybe)" not in to_markdown(events).decode()  # without tiers, nothing is marked
