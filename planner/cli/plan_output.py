"""What ``planner plan`` and ``planner watch-later`` print: day plans and the Watch later
list, as text and as JSON (the JSON shapes are the command line's contract, see README)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from planner.domain.days import end_clock
from planner.domain.planning import Skip
from planner.export.watch_later import talk_time, talk_title
from planner.services.planning import DayResult
from planner.services.watching import WatchLater
from planner.text.wording import board_place, counted

_TITLE_WIDTH = 60  # a title in a "dropped:" line, which may name three


def _short(text: str, width: int = _TITLE_WIDTH) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _moment(result: DayResult, value: datetime) -> str:
    """A gap's end as the event times of list --json are written: with the schedule's offset,
    or without one for a schedule whose times have no zone (the venue's wall clock)."""
    local = result.local(value)
    return local.replace(tzinfo=None).isoformat() if result.floating else local.isoformat()


def plan_json(results: Sequence[DayResult]) -> dict[str, Any]:
    """``{"days": [{"date", "plan", "weight", "friends", "carried", "dropped", "gaps"}]}``, days
    in order ("friends": the day's starred talks a friend picked, weighed up; [] without
    --with-friends; "carried": the talk of the day before's plan that runs on into the day,
    first in "plan", or null)."""
    return {"days": [
        {
            "date": r.day.isoformat(),
            "plan": list(r.plan.plan),
            "weight": r.plan.weight,
            "friends": sorted(r.friends),
            "carried": r.plan.carried or None,
            "dropped": [{"id": d.id, "because": list(d.because)} for d in r.plan.dropped],
            "gaps": [{"start": _moment(r, g.start), "end": _moment(r, g.end)} for g in r.plan.gaps],
        }
        for r in results
    ]}


def _names(result: DayResult, ids: Sequence[str]) -> str:
    """"A", "A and B", "A, B and C": the talks by title."""
    titles = [_short(talk_title(result.events[i])) for i in ids]
    return titles[0] if len(titles) == 1 else ", ".join(titles[:-1]) + " and " + titles[-1]


def _clock(result: DayResult, event_id: str) -> str:
    start, end = result.times(event_id)
    return f"{start:%H:%M}-{end_clock(start, end)}"


_SKIPPED = {Skip.CANCELLED: "cancelled", Skip.ALL_DAY: "runs all day", Skip.DAYS: "runs for a day or more",
            Skip.NO_TIME: "ends before it starts"}


def print_plan(results: Sequence[DayResult]) -> None:
    """Each day: its path in time order (time, room, tier, title), then what was dropped
    and why, what was left out, and the free stretches between talks."""
    several = len({r.schedule_key for r in results}) > 1
    for n, r in enumerate(results):
        if n:
            print()
        where = f" ({r.schedule_title})" if several else ""
        planned = r.planned
        if not r.starred:
            print(f"{r.day:%a %d %b %Y}{where}: no starred talks")
            continue
        accepted = " (accepted)" if r.is_accepted else ""
        print(f"{r.day:%a %d %b %Y}{where}: {len(r.own_plan)} of {counted(len(r.starred), 'starred talk')} planned, "
              f"worth {r.plan.weight}{accepted}")
        width = min(20, max((len(e.room) for e in planned), default=0))
        for event in planned:
            tier = r.tier(event.id)
            label = tier.label.lower() if tier is not None else ""
            if event.id in r.friends:
                label += " +friend"
            room = _short(event.room or "-", 20)
            # Attended since the night before: the day is planned around it, and says so.
            carried = f" (from {r.day - timedelta(days=1):%a %d %b}'s plan)" if event.id == r.plan.carried else ""
            board = board_place(event.poster_position)  # how a poster is found in its hall
            print(f"  {_clock(r, event.id)}  {room:<{width}}  {label:<{15 if r.friends else 8}}  {talk_title(event)}"
                  f"{f' ({board})' if board else ''}{carried}")
        for dropped in r.plan.dropped:
            print(f"  dropped: {_names(r, [dropped.id])} — clashes with {_names(r, dropped.because)}")
        for skipped in r.plan.skipped:
            print(f"  left out: {_names(r, [skipped.id])} — {_SKIPPED[skipped.reason]}")
        for gone in r.removed:
            print(f"  left out: {_names(r, [gone])} — no longer in the schedule")
        for gap in r.plan.gaps:
            print(f"  free: {r.local(gap.start):%H:%M}-{r.local(gap.end):%H:%M} ({_duration(gap.minutes)})")


def _duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest} min" if rest else f"{hours} h"


def print_watch_later(items: Sequence[WatchLater]) -> None:
    if not items:
        print("nothing to watch later: no missed must-see talk has a recording "
              "(mark talks with 'planner missed ID')")
        return
    for item in items:
        print(f"{talk_time(item.event)}  {talk_title(item.event)}")
        print(f"  {item.recording.title.strip() or 'recording'}: {item.recording.url.strip()}")
