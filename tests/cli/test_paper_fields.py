"""A conference feed through the command line: the paper fields and entries without a time."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from planner.cli import main

FEED = Path(__file__).parents[1] / "formats" / "data" / "virtualsite" / "neurips-2031-orals-posters.json"


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "library.sqlite3"
    assert main(["--db", str(path), "import", str(FEED)]) == 0
    assert "2 of the feed's entries have no time yet" in capsys.readouterr().out
    return path


def _events(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict[str, Any]]:
    capsys.readouterr()
    assert main([*args, "--json"]) == 0
    events: list[dict[str, Any]] = json.loads(capsys.readouterr().out)["events"]
    return events


def test_list_json_gives_room_board_affiliations_topic_and_links(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    events = _events(capsys, "--db", str(db), "list", "--schedule", "NeurIPS 2031")
    poster = next(e for e in events if e["poster_position"] == "#2504")
    assert {k: poster[k] for k in ("room", "poster_position", "authors", "affiliations", "topic", "url")} == {
        "room": "Exhibit Hall C,D,E",
        "poster_position": "#2504",
        "authors": ["Ana Lima", "Bo Chen", "Chidi Okafor"],
        "affiliations": ["MIT", None, None],
        "topic": "Theory->Learning Theory",
        "url": "https://neurips.cc/virtual/2031/poster/101",
    }
    assert poster["links"] == [
        {"url": "https://openreview.net/forum?id=fictional101", "title": "OpenReview", "kind": "link"},
        {"url": "https://openreview.net/pdf?id=fictional101", "title": "PDF", "kind": "link"},
        {"url": "https://neurips.cc/media/PosterPDFs/NeurIPS%202031/101.png", "title": "Poster",
         "kind": "attachment"},
    ]
    oral = next(e for e in events if e["kind"] == "oral" and e["start"])
    assert (oral["paper"], oral["poster_position"], oral["start"]) == (
        poster["paper"], None, "2031-12-11T10:15:00-08:00")
    keynote = next(e for e in events if e["kind"] == "other")
    assert (keynote["type_name"], keynote["paper"]) == ("Invited Talk", "")
    # Entries without a time come last, with null times.
    assert [(e["start"], e["end"], e["status"]) for e in events[-2:]] == [(None, None, "scheduled")] * 2
    assert [e["start"] is None for e in events] == [False] * 5 + [True] * 2


def test_a_format_without_affiliations_gives_nulls_parallel_to_the_authors(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], seed_path: Path) -> None:
    events = _events(capsys, "parse", str(seed_path))
    talk = next(e for e in events if len(e["authors"]) > 1)
    assert talk["affiliations"] == [None] * len(talk["authors"])
    assert talk["links"] == [] and talk["poster_position"] is None and talk["topic"] == ""


def test_search_and_stars_reach_entries_without_a_time(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    found = _events(capsys, "--db", str(db), "list", "--search", "MIT")
    assert [e["kind"] for e in found] == ["poster", "oral"]  # by institution
    unplaced = _events(capsys, "--db", str(db), "list", "--search", "health")
    assert [(e["kind"], e["start"]) for e in unplaced] == [("poster", None), ("oral", None)]  # by topic
    assert main(["--db", str(db), "star", unplaced[0]["id"]]) == 0
    starred = _events(capsys, "--db", str(db), "list", "--starred")
    assert [(e["id"], e["starred"]) for e in starred] == [(unplaced[0]["id"], True)]
    capsys.readouterr()
    assert main(["--db", str(db), "list", "--starred"]) == 0
    out = capsys.readouterr().out
    assert f"{unplaced[0]['id']}  * no time yet  Poster: Reading-List Paper Without a Slot" in out


def test_parse_json_keeps_the_entries_without_a_time(capsys: pytest.CaptureFixture[str]) -> None:
    events = _events(capsys, "parse", str(FEED))
    assert len(events) == 7 and [e["start"] for e in events[5:]] == [None, None]
    assert "starred" not in events[6] and "status" not in events[6]
