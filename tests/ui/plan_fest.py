"""A small frab schedule for Plan my day in the window: rooms in FOSDEM's buildings, a clash,
a walk too short for another building, a free stretch, and talks running alongside.

Saturday 1 February 2025, Brussels (UTC+1), with the default walk of 5 minutes (10 between
buildings):

    Alpha    H.1301   09:00-10:00  must-see   Rust borrow checker
    Bravo    H.1301   09:30-10:30  maybe      overlaps Alpha
    Charlie  K.3.401  10:08-11:00  maybe      8 min after Alpha, another building
    Delta    H.1302   12:00-12:30  must-see   embedded Rust
    Golf     H.1308   12:00-12:30  -          alongside Delta, same building, embedded Rust
    Hotel    K.4.201  12:00-12:30  -          alongside Delta, other building
    India    H.1302   12:20-12:50  -          overlaps Delta, same room
    Juliet   H.2215   10:30-11:00  -          in the free stretch, like Alpha
    Kilo     H.2215   11:00-11:30  -          in the free stretch, like nothing starred
    Lima     UA2.114  10:15-11:15  -          in the free stretch, like Alpha
    Mike     UA2.114  11:20-11:50  -          in the free stretch, like nothing starred

Sunday: Echo in H.1301 10:00-10:30 (must-see), with a recording link.

The plan at 5 minutes is Alpha, Delta (Bravo and Charlie left out for Alpha); at 3 minutes
(6 between buildings) Charlie fits after Alpha.
"""

from __future__ import annotations

from pathlib import Path

from planner.domain.marks import Tier
from planner.store import Library

TITLE = "Plan Fest"

_ABSTRACTS = {
    "Alpha": "How the rust borrow checker reasons about lifetimes and ownership in the compiler.",
    "Bravo": "Tuning postgres vacuum and autovacuum thresholds for busy databases.",
    "Charlie": "Comparing rust async runtimes: tokio executors, futures and wakers.",
    "Delta": "Embedded rust on microcontrollers: registers, interrupts and peripherals.",
    "Golf": "Writing embedded rust drivers for microcontrollers and their peripherals.",
    "Hotel": "Knitting patterns generated with spreadsheets.",
    "India": "Lightning talk: embedded rust interrupts on tiny microcontrollers.",
    "Juliet": "Puzzles the rust borrow checker rejects: lifetimes, ownership and the compiler.",
    "Kilo": "Gardening for hackers: tomatoes, compost and watering.",
    "Lima": "Rust lifetimes explained: ownership, borrowing and the borrow checker.",
    "Mike": "Baking sourdough bread: starters, flour and ovens.",
    "Echo": "Sunday morning keynote about rust compiler lifetimes.",
}

_TALKS = [  # title, day, start, duration, room
    ("Alpha", 1, "09:00", "01:00", "H.1301"),
    ("Bravo", 1, "09:30", "01:00", "H.1301"),
    ("Charlie", 1, "10:08", "00:52", "K.3.401"),
    ("Delta", 1, "12:00", "00:30", "H.1302"),
    ("Golf", 1, "12:00", "00:30", "H.1308"),
    ("Hotel", 1, "12:00", "00:30", "K.4.201"),
    ("India", 1, "12:20", "00:30", "H.1302"),
    ("Juliet", 1, "10:30", "00:30", "H.2215"),
    ("Kilo", 1, "11:00", "00:30", "H.2215"),
    ("Lima", 1, "10:15", "01:00", "UA2.114"),
    ("Mike", 1, "11:20", "00:30", "UA2.114"),
    ("Echo", 2, "10:00", "00:30", "H.1301"),
]

STARS = {"Alpha": Tier.MUST, "Bravo": Tier.MAYBE, "Charlie": Tier.MAYBE, "Delta": Tier.MUST, "Echo": Tier.MUST}
RECORDING = "https://video.fosdem.org/2025/h1301/echo.webm"


def _event(n: int, title: str, day: int, start: str, duration: str, room: str) -> str:
    links = f'<link href="{RECORDING}">Video recording (WebM/AV1)</link>' if title == "Echo" else ""
    return (f'<event guid="00000000-0000-4000-8000-{n:012d}" id="{n}">'
            f"<date>2025-02-0{day}T{start}:00+01:00</date><start>{start}</start><duration>{duration}</duration>"
            f"<room>{room}</room><title>{title}</title><type>talk</type>"
            f"<abstract>{_ABSTRACTS[title]}</abstract><links>{links}</links></event>")


def schedule_xml() -> str:
    days = []
    for day in (1, 2):
        rooms: dict[str, list[str]] = {}
        for n, (title, d, start, duration, room) in enumerate(_TALKS, 1):
            if d == day:
                rooms.setdefault(room, []).append(_event(n, title, d, start, duration, room))
        body = "".join(f'<room name="{room}">{"".join(events)}</room>' for room, events in rooms.items())
        days.append(f'<day index="{day}" date="2025-02-0{day}">{body}</day>')
    return ('<?xml version="1.0" encoding="UTF-8"?><schedule><conference><title>Plan Fest</title>'
            "<acronym>planfest</acronym><time_zone_name>Europe/Brussels</time_zone_name></conference>"
            + "".join(days) + "</schedule>")


def write_fest(tmp_path: Path) -> Path:
    path = tmp_path / "plan-fest.xml"
    path.write_text(schedule_xml(), encoding="utf-8")
    return path


def star_fest(library: Library, ids: dict[str, str]) -> None:
    """Star the fest's talks as the table above says."""
    for title, tier in STARS.items():
        library.star([ids[title]], tier=tier)
