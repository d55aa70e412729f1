"""`planner export --format bib` and `planner suggest` on the command line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pybtex.database import parse_string

from planner.cli import main

FEED = Path(__file__).parents[1] / "formats" / "data" / "virtualsite" / "neurips-2031-orals-posters.json"
# The bundled session (imported by the first command on a new library).
ORAL1, ORAL2, BREAK = "sp-496136e5b5", "sp-78b3ba9738", "sp-f76fe236ba"


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "library.sqlite3"
    assert main(["--db", str(path), "import", str(FEED)]) == 0
    capsys.readouterr()
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def feed_events(db: Path, capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    status, out, _ = run(capsys, "--db", str(db), "list", "--schedule", "NeurIPS 2031", "--json")
    assert status == 0
    events: list[dict[str, Any]] = json.loads(out)["events"]
    return events


def test_export_bib_writes_each_starred_paper_once(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    events = feed_events(db, capsys)
    poster = next(e for e in events if e["poster_position"] == "#2504")
    oral = next(e for e in events if e["paper"] == poster["paper"] and e["kind"] == "oral")
    keynote = next(e for e in events if e["type_name"] == "Invited Talk")
    unplaced = next(e for e in events if e["start"] is None)
    assert run(capsys, "--db", str(db), "star", poster["id"], oral["id"], keynote["id"], unplaced["id"])[0] == 0

    target = tmp_path / "papers.bib"  # the format from the file name
    status, out, err = run(capsys, "--db", str(db), "export", "-o", str(target))
    assert status == 0 and err == ""
    assert out == f"exported 2 papers to {target} (left out 1 starred talk that is not a paper)\n"
    entries = parse_string(target.read_text("utf-8"), "bibtex").entries
    assert list(entries) == ["lima2031sparse", "sousa2031reading"]
    assert entries["lima2031sparse"].fields["booktitle"] == "{NeurIPS} 2031"
    assert entries["sousa2031reading"].fields["url"] == "https://openreview.net/forum?id=fictional501"

    # --format bib to stdout: the same file.
    status, out, _ = run(capsys, "--db", str(db), "export", "--format", "bib")
    assert status == 0 and out == target.read_text("utf-8")


def test_export_bib_with_no_starred_paper_says_so(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    keynote = next(e for e in feed_events(db, capsys) if e["type_name"] == "Invited Talk")
    run(capsys, "--db", str(db), "star", keynote["id"])
    status, out, err = run(capsys, "--db", str(db), "export", "--format", "bib")
    assert status == 0 and out == "% Encoding: UTF-8\n"
    assert err == "planner: no starred papers to export (star some with 'planner star ID')\n"


def test_suggest_ranks_unstarred_talks_like_the_starred_ones(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "--db", str(db), "suggest")
    assert (status, out) == (0, "nothing to suggest: star some talks first ('planner star ID')\n")
    assert json.loads(run(capsys, "--db", str(db), "suggest", "--json")[1]) == {"suggestions": []}

    run(capsys, "--db", str(db), "star", ORAL1)
    status, out, _ = run(capsys, "--db", str(db), "suggest", "--json", "--schedule", "Track 34")
    assert status == 0
    found = json.loads(out)["suggestions"]
    ids = [s["id"] for s in found]
    assert 5 <= len(ids) <= 10 and ORAL1 not in ids and BREAK not in ids  # ten at most, by default
    assert ids[0] == ORAL2  # both are about training deep neural networks, as more like this says
    scores = [s["score"] for s in found]
    assert scores == sorted(scores, reverse=True) and all(0 < s <= 1 for s in scores)
    assert all(s["like"] == ORAL1 for s in found)
    # Event objects as list --json gives them, plus the score.
    listed = {e["id"]: e for e in json.loads(run(capsys, "--db", str(db), "list", "--json")[1])["events"]}
    assert {k: v for k, v in found[0].items() if k not in ("score", "like")} == listed[ORAL2]

    status, out, _ = run(capsys, "--db", str(db), "suggest", "--limit", "3")
    lines = out.splitlines()
    assert status == 0 and len(lines) == 3
    assert lines[0].startswith(" 1. ") and f"{ORAL2}  Thu 10 Dec 18:15-18:30  Oral 2: Understanding" in lines[0]


def test_suggest_leaves_out_the_other_half_of_a_starred_paper(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    events = feed_events(db, capsys)
    poster = next(e for e in events if e["poster_position"] == "#2504")
    oral = next(e for e in events if e["paper"] == poster["paper"] and e["kind"] == "oral")
    run(capsys, "--db", str(db), "star", poster["id"])
    found = json.loads(run(capsys, "--db", str(db), "suggest", "--json", "--schedule", "NeurIPS 2031")[1])
    assert oral["id"] not in [s["id"] for s in found["suggestions"]]


def test_suggest_limit_must_be_positive(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--db", str(db), "suggest", "--limit", "0"])
    assert exit_.value.code == 2
    assert "--limit must be 1 or more" in capsys.readouterr().err


def test_a_paper_without_a_time_takes_a_note(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """As `planner star` and the window do: the Not scheduled page shows it."""
    unplaced = next(e for e in feed_events(db, capsys) if e["start"] is None)
    assert run(capsys, "--db", str(db), "note", unplaced["id"], "read on the plane") == (0, "", "")
    assert run(capsys, "--db", str(db), "note", unplaced["id"]) == (0, "read on the plane\n", "")
    status, _, err = run(capsys, "--db", str(db), "note", "vs-nope", "text")
    assert status != 0 and "no event 'vs-nope'" in err
