"""The display-zone setting and conference days (planner.domain.zones, planner.domain.days)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from planner.domain.days import conference_zone, group_by_day, in_zone, local_day, offset_label
from planner.domain.model import Event, Kind
from planner.domain.zones import CONFERENCE, LOCAL, ZoneError, resolve, zone_names

PST = timezone(timedelta(hours=-8))


def ev(event_id: str, start: datetime, minutes: int = 15) -> Event:
    return Event(id=event_id, kind=Kind.TALK, number=None, title=event_id, authors=(), abstract="",
                 start=start, end=start + timedelta(minutes=minutes), session="S")


def test_conference_is_the_schedules_own_zone() -> None:
    assert resolve(CONFERENCE, PST) is PST
    assert resolve("", PST) is PST  # unset setting means conference time
    assert resolve("  Conference ", PST) is PST
    assert resolve(CONFERENCE, None) is None  # no schedule yet: times as published


def test_local_is_this_computers_zone(computer_in_kolkata: None) -> None:
    zone = resolve(LOCAL, PST)
    assert zone is not None
    assert zone.utcoffset(datetime(2024, 1, 15, 12)) == timedelta(hours=5, minutes=30)
    assert resolve("LOCAL", PST).utcoffset(datetime(2024, 7, 1)) == timedelta(hours=5, minutes=30)


def test_iana_names_follow_daylight_saving() -> None:
    berlin = resolve("Europe/Berlin", PST)
    assert isinstance(berlin, ZoneInfo)
    assert berlin.utcoffset(datetime(2024, 1, 15)) == timedelta(hours=1)
    assert berlin.utcoffset(datetime(2024, 7, 15)) == timedelta(hours=2)
    assert resolve("utc", PST).utcoffset(datetime(2024, 1, 1)) == timedelta(0)


@pytest.mark.parametrize("name", ["Mars/Olympus_Mons", "europe/berlin ", "../../etc/passwd", "/etc/localtime",
                                  "Europe/Berlin\0"])
def test_unknown_names_are_refused_with_a_helpful_message(name: str) -> None:
    with pytest.raises(ZoneError) as info:
        resolve(name, PST)
    assert repr(name) in str(info.value)
    assert "IANA" in str(info.value)


def test_zone_names_offer_the_common_zones() -> None:
    names = zone_names()
    assert names == sorted(names)
    assert {"Europe/Berlin", "America/Vancouver", "Asia/Tokyo", "UTC"} <= set(names)
    for name in ("Europe/Berlin", "Asia/Kathmandu"):
        resolve(name, None)  # every offered name resolves


def test_conference_zone_prefers_the_named_zone() -> None:
    events = [ev("a", datetime(2024, 12, 27, 10, tzinfo=ZoneInfo("Europe/Berlin")))]
    assert conference_zone(events, "Europe/Berlin") == ZoneInfo("Europe/Berlin")
    # No name (or a bad one): the offset the schedule was published with.
    pst_events = [ev("b", datetime(2020, 12, 10, 18, tzinfo=PST))]
    assert conference_zone(pst_events) is PST
    assert conference_zone(pst_events, "Not/AZone") is PST
    assert conference_zone([]) is None


def test_days_stay_the_conferences_when_shown_elsewhere() -> None:
    # A Vancouver evening session: 18:00-21:00 PST is 03:00-06:00 the next day in Berlin.
    evening = [ev(f"t{i}", datetime(2020, 12, 10, 18, tzinfo=PST) + timedelta(minutes=30 * i)) for i in range(6)]
    days = group_by_day(evening, PST)
    assert list(days) == [date(2020, 12, 10)]
    assert [e.id for e in days[date(2020, 12, 10)]] == [f"t{i}" for i in range(6)]
    # Grouping by the display zone instead would move the whole session a day later.
    assert list(group_by_day(evening, ZoneInfo("Asia/Tokyo"))) == [date(2020, 12, 11)]
    # Straddling midnight UTC splits nothing in conference days.
    assert list(group_by_day(evening, PST)) == list(group_by_day(evening, None))


def test_group_by_day_orders_days_and_events() -> None:
    d1 = datetime(2024, 6, 3, 9, tzinfo=timezone.utc)
    events = [ev("late", d1 + timedelta(days=1, hours=2)), ev("b", d1 + timedelta(hours=1)), ev("a", d1)]
    days = group_by_day(events, timezone.utc)
    assert list(days) == [date(2024, 6, 3), date(2024, 6, 4)]
    assert [e.id for e in days[date(2024, 6, 3)]] == ["a", "b"]
    assert local_day(events[0], None) == date(2024, 6, 4)


def test_in_zone_and_offset_labels() -> None:
    moment = datetime(2020, 12, 10, 18, tzinfo=PST)
    tokyo = in_zone(moment, ZoneInfo("Asia/Tokyo"))
    assert (tokyo.day, tokyo.hour) == (11, 11)
    assert in_zone(moment, None) is moment
    assert offset_label(moment) == "UTC-08:00"
    assert offset_label(in_zone(moment, ZoneInfo("Asia/Kathmandu"))) == "UTC+05:45"
    assert offset_label(in_zone(moment, ZoneInfo("America/St_Johns"))) == "UTC-03:30"
    assert offset_label(in_zone(moment, timezone.utc)) == "UTC+00:00"


def test_a_floating_time_placed_in_the_hour_summer_time_skips_reads_as_the_clocks_show_it() -> None:
    """A schedule without a zone, placed by the attendee in Brussels: its 02:30 on the night
    clocks go forward names 01:30 UTC, shown 03:30, never "02:30+01:00" (a reading no
    clock shows, which printed a half-hour talk as 02:30-04:00)."""
    from dataclasses import replace

    from planner.domain.model import Schedule
    from planner.domain.zones import placed_in

    floating = replace(ev("gap", datetime(2024, 3, 31, 2, 30, tzinfo=timezone.utc), minutes=30), floating=True)
    schedule = Schedule(key="k", title="T", events=(floating,))
    placed, ids = placed_in(schedule, "Europe/Brussels")
    (event,) = placed.events
    assert ids == ["gap"]
    assert event.start.isoformat() == "2024-03-31T03:30:00+02:00"
    assert event.end.isoformat() == "2024-03-31T04:00:00+02:00"
    assert event.end.astimezone(timezone.utc) - event.start.astimezone(timezone.utc) == timedelta(minutes=30)


def test_a_schedule_of_offsets_keeps_each_offset_it_published() -> None:
    """No zone named, times at +02:00 on Saturday and +01:00 on Sunday (the night summer
    time ends): read on the first offset, Sunday's 10:00 talk showed as 11:00."""
    from planner.domain.days import PublishedOffsets, published_clock

    saturday = datetime(2024, 10, 26, 10, 0, tzinfo=timezone(timedelta(hours=2)))
    sunday = datetime(2024, 10, 27, 10, 0, tzinfo=timezone(timedelta(hours=1)))
    clock = published_clock([sunday, saturday])  # in any order
    assert isinstance(clock, PublishedOffsets)
    assert saturday.astimezone(clock).strftime("%a %H:%M") == "Sat 10:00"
    assert sunday.astimezone(clock).strftime("%a %H:%M") == "Sun 10:00"
    assert offset_label(sunday.astimezone(clock)) == "UTC+01:00"
    assert published_clock([sunday, saturday]) == clock  # the same clock, however often made
    # One offset throughout: that offset, as before.
    assert published_clock([saturday, saturday + timedelta(hours=3)]) == timezone(timedelta(hours=2))
    assert published_clock([]) is None


def test_the_published_clock_reads_every_instant_back_to_itself() -> None:
    """Around each change, readings and instants convert both ways, the repeated hour's two
    passes told apart by fold as zoneinfo tells them."""
    from planner.domain.days import published_clock

    brussels = ZoneInfo("Europe/Brussels")
    # The last times before each change and the first after it, as a night programme has them.
    published = [datetime(2024, 10, 27, 1, 0, tzinfo=brussels), datetime(2024, 10, 27, 0, 59, tzinfo=timezone.utc),
                 datetime(2024, 10, 27, 1, 0, tzinfo=timezone.utc), datetime(2025, 3, 30, 0, 59, tzinfo=timezone.utc),
                 datetime(2025, 3, 30, 1, 0, tzinfo=timezone.utc)]
    clock = published_clock([moment.astimezone(brussels) for moment in published])
    assert clock is not None
    moment = datetime(2024, 10, 26, 22, 0, tzinfo=timezone.utc)
    while moment < datetime(2025, 3, 30, 4, 0, tzinfo=timezone.utc):
        shown = moment.astimezone(clock)
        assert shown.astimezone(timezone.utc) == moment, shown
        if moment < datetime(2024, 10, 27, 4, 0, tzinfo=timezone.utc) or moment > datetime(2025, 3, 29, tzinfo=timezone.utc):
            expected = moment.astimezone(brussels)
            assert (shown.replace(tzinfo=None), shown.fold) == (expected.replace(tzinfo=None), expected.fold), moment
        moment += timedelta(minutes=30) if moment.month in (10, 3) else timedelta(days=7)
    # A reading the clock skipped is read on the offset before, as zoneinfo reads it.
    skipped = datetime(2025, 3, 30, 2, 30, tzinfo=clock)
    assert skipped.utcoffset() == timedelta(hours=1)
