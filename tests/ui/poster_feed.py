"""A conference feed (planner.formats.virtualsite) with poster sessions, written for a test.

Two poster sessions on 9 December 2031 (12 and 9 posters) in one hall, and two orals in
another room. Boards run from #95 up and are written in the reverse of their order, so a
list sorted as text (#100 before #95) or in feed order is caught. Every third poster's
first author is at MIT; topics are three, a poster in each session has none.
"""

from __future__ import annotations

import json
from pathlib import Path

FEED_NAME = "neurips-2031-orals-posters.json"
HALL = "Exhibit Hall C,D,E"
TOPICS = ("Theory->Learning Theory", "Deep Learning->Attention Models", "Applications->Vision")
# (session, start, end, posters)
SESSIONS = (
    ("Poster Session 1", "2031-12-09T11:00:00-08:00", "2031-12-09T14:00:00-08:00", 12),
    ("Poster Session 2", "2031-12-09T16:30:00-08:00", "2031-12-09T19:30:00-08:00", 9),
)


def poster_entries(sessions: tuple[tuple[str, str, str, int], ...] = SESSIONS) -> list[dict[str, object]]:
    entries: list[dict[str, object]] = []
    next_id = 1000
    for session, start, end, count in sessions:
        for i in range(count):
            next_id += 1
            board = 95 + count - 1 - i  # written last board first
            entries.append({
                "id": next_id,
                "name": f"{session.split()[-1]}-{board}: Study of {('sparse', 'calibrated', 'robust')[i % 3]} models",
                "authors": [
                    {"fullname": f"Author {next_id}", "institution": "MIT" if i % 3 == 0 else "ETH Zurich"},
                    {"fullname": f"Coauthor {next_id}", "institution": None},
                ],
                "abstract": f"Abstract of poster {next_id}.",
                "topic": None if i == count - 1 else TOPICS[i % len(TOPICS)],
                "decision": "Accept (poster)",
                "session": session,
                "eventtype": "Poster",
                "room_name": HALL,
                "starttime": start,
                "endtime": end,
                "poster_position": f"#{board}",
                "paper_url": f"https://openreview.net/forum?id=p{next_id}",
            })
    return entries


def oral_entries() -> list[dict[str, object]]:
    return [{
        "id": 1 + i,
        "name": f"An oral talk number {1 + i}",
        "authors": [{"fullname": f"Speaker {i}", "institution": "Stanford"}],
        "abstract": "Spoken.",
        "topic": TOPICS[0],
        "decision": "Accept (oral)",
        "session": "Oral Session 1",
        "eventtype": "Oral",
        "room_name": "Ballroom A",
        "starttime": f"2031-12-09T10:{15 * i:02d}:00-08:00",
        "endtime": f"2031-12-09T10:{15 * i + 15:02d}:00-08:00",
    } for i in range(2)]


def write_poster_feed(folder: Path, entries: list[dict[str, object]] | None = None) -> Path:
    """The feed in ``folder`` (named as the sites name it: NeurIPS 2031)."""
    results = oral_entries() + (poster_entries() if entries is None else entries)
    path = folder / FEED_NAME
    path.write_text(json.dumps({"count": len(results), "next": None, "results": results}), encoding="utf-8")
    return path
