"""The planning commands end to end: conflicts, time zones, notes, agenda documents,
calendar updates, now and next, more like this.

Each test runs `python -m planner` in a subprocess against a library in tmp_path (the
bundled session is added on first use), from a directory outside the project.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest
from icalendar import Calendar

from tests.conftest import ROOT, SEED

ORAL1, ORAL2, ORAL3 = "sp-496136e5b5", "sp-78b3ba9738", "sp-a3da5a9c0e"
BREAK = "sp-f76fe236ba"
SPOT7, SPOT8, SPOT12 = "sp-d95f3181d9", "sp-9175ef52bd", "sp-262e45f052"

# A Berlin morning: A and B overlap by 20 minutes, B and C by 5, C touches D, E is alone.
CLASHES = """\
## Clash Test Session

### Schedule

2024-06-03T09:00:00+02:00 - 2024-06-03T09:30:00+02:00

##### 1 - Oral: Alpha talk

Ann Author

First.

2024-06-03T09:10:00+02:00 - 2024-06-03T09:40:00+02:00

##### 2 - Oral: Beta talk

Ben Author

Second.

2024-06-03T09:35:00+02:00 - 2024-06-03T10:00:00+02:00

##### 3 - Oral: Gamma talk

Cy Author

Third.

2024-06-03T10:00:00+02:00 - 2024-06-03T10:30:00+02:00

##### 4 - Oral: Delta talk

Di Author

Fourth, starts as Gamma ends.

2024-06-03T23:30:00+02:00 - 2024-06-04T00:30:00+02:00

##### 5 - Oral: Epsilon at midnight

Eve Author

Late.
"""


class Planner:
    """`python -m planner --db LIB ...` with a clean environment."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp = tmp_path
        self.db = tmp_path / "library.sqlite3"
        self.env = {k: v for k, v in os.environ.items()
                    if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "PLANNER_DB", "TZ")}
        self.env.update(PYTHONPATH=str(ROOT), XDG_DATA_HOME=str(tmp_path / "xdg"), TZ="UTC")

    def __call__(self, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "planner", "--db", str(self.db), *args], cwd=self.tmp,
                              env={**self.env, **env}, capture_output=True, text=True, encoding="utf-8",
                              timeout=120)

    def ok(self, *args: str, **env: str) -> str:
        result = self(*args, **env)
        assert result.returncode == 0, (args, result.stderr)
        return result.stdout

    def json(self, *args: str) -> dict:  # type: ignore[type-arg]
        return json.loads(self.ok(*args, "--json"))

    def fails(self, *args: str) -> str:
        """Exit status 1 with one line on stderr; returns that line."""
        result = self(*args)
        assert result.returncode == 1, (args, result.stdout, result.stderr)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("planner: "), result.stderr
        return lines[0]

    def ids_by_title(self) -> dict[str, str]:
        return {e["title"]: e["id"] for e in self.json("list")["events"]}


@pytest.fixture
def planner(tmp_path: Path) -> Planner:
    return Planner(tmp_path)


@pytest.fixture
def clashes(planner: Planner, tmp_path: Path) -> dict[str, str]:
    """The library with the clash session added; its ids by short name."""
    path = tmp_path / "clashes.txt"
    path.write_text(CLASHES, encoding="utf-8")
    planner.ok("import", str(path))
    ids = planner.ids_by_title()
    return {name: ids[f"{name.title()} talk" if name != "epsilon" else "Epsilon at midnight"]
            for name in ("alpha", "beta", "gamma", "delta", "epsilon")}


# -- conflicts -------------------------------------------------------------------------


def test_conflicts_json_one_entry_per_overlapping_starred_pair(planner: Planner, clashes: dict[str, str]) -> None:
    assert planner.json("conflicts") == {"conflicts": []}
    c = clashes
    planner.ok("star", c["alpha"], c["beta"], c["gamma"], c["delta"], c["epsilon"], ORAL1)
    found = planner.json("conflicts")
    assert set(found) == {"conflicts"}
    assert found["conflicts"] == [
        {"a": c["alpha"], "b": c["beta"], "overlap_minutes": 20},
        {"a": c["beta"], "b": c["gamma"], "overlap_minutes": 5},
    ]  # gamma/delta only touch; epsilon and the NeurIPS talk clash with nothing
    text = planner.ok("conflicts")
    assert "clashes with" in text and "Beta talk" in text and "(20 min)" in text
    planner.ok("unstar", c["beta"])
    assert planner.json("conflicts") == {"conflicts": []}


def test_a_starred_talk_that_left_the_schedule_clashes_with_nothing(
        planner: Planner, clashes: dict[str, str], tmp_path: Path) -> None:
    planner.ok("star", clashes["alpha"], clashes["beta"])
    assert len(planner.json("conflicts")["conflicts"]) == 1
    # The update drops Beta (title, speaker and abstract gone); its star keeps it, removed.
    path = tmp_path / "clashes.txt"
    path.write_text(CLASHES.replace("##### 2 - Oral: Beta talk\n\nBen Author\n\nSecond.\n", ""), encoding="utf-8")
    planner.ok("import", str(path))
    assert {e["id"]: e["status"] for e in planner.json("list", "--starred")["events"]}[clashes["beta"]] == "removed"
    assert planner.json("conflicts") == {"conflicts": []}


# -- time zones --------------------------------------------------------------------------


def line_of(text: str, event_id: str) -> str:
    return next(line for line in text.splitlines() if line.startswith(event_id))


def test_list_times_follow_tz_with_day_marks(planner: Planner, clashes: dict[str, str]) -> None:
    default = planner.ok("list")
    # Each schedule in its own conference's clock, not the first schedule's.
    assert "Thu 10 Dec 18:00-18:15" in line_of(default, ORAL1)
    assert "Mon 03 Jun 09:00-09:30" in line_of(default, clashes["alpha"])

    tokyo = planner.ok("list", "--tz", "Asia/Tokyo")
    assert "Fri 11 Dec 11:00-11:15" in line_of(tokyo, ORAL1)
    assert "Mon 03 Jun 16:00-16:30" in line_of(tokyo, clashes["alpha"])
    # Crossing midnight in the shown zone is marked.
    assert "Mon 03 Jun 23:30-00:30 (+1 day)" in line_of(default, clashes["epsilon"])
    assert "(+1 day)" not in line_of(planner.ok("list", "--tz", "UTC"), clashes["epsilon"])

    local = planner.ok("list", "--tz", "local", TZ="Asia/Kathmandu")
    assert "Fri 11 Dec 07:45-08:00" in line_of(local, ORAL1)


def test_unknown_zone_is_one_line_error(planner: Planner) -> None:
    line = planner.fails("list", "--tz", "Mars/Olympus")
    assert "'Mars/Olympus'" in line and "IANA" in line


# -- now and next -------------------------------------------------------------------------


def test_now_and_next_starred_first(planner: Planner) -> None:
    planner.ok("star", SPOT12)
    found = planner.json("now", "--at", "2020-12-10T19:25:00-08:00")
    assert [e["id"] for e in found["now"]] == [SPOT7]
    assert [e["id"] for e in found["next"]] == [SPOT12, SPOT8, "sp-9b6d2001ad"]
    assert found["next"][0]["starred"] is True and found["now"][0]["starred"] is False
    # The same instant written in another offset is the same moment.
    assert planner.json("now", "--at", "2020-12-11T03:25:00+00:00") == found

    text = planner.ok("now", "--at", "2020-12-10T19:25:00-08:00", "--tz", "Europe/Berlin")
    now_part, next_part = text.split("Next:")
    assert "04:20-04:30" in now_part and "Spotlight 7" in now_part
    assert next_part.splitlines()[1].lstrip().startswith("* Fri 11 Dec 05:10-05:20")
    assert "Now: nothing" in planner.ok("now", "--at", "2020-12-10T17:00:00-08:00")



ZONELESS = """<?xml version="1.0" encoding="UTF-8"?>
<schedule><conference><title>Zoneless Fest</title></conference>
  <day index="1" date="2010-02-06"><room name="Main">
    <event id="1"><start>10:00</start><duration>00:25</duration><room>Main</room><title>Welcome</title></event>
    <event id="2"><start>10:30</start><duration>00:25</duration><room>Main</room><title>Second talk</title></event>
  </room></day>
</schedule>
"""


def test_now_reads_a_schedule_without_a_zone_on_this_computer_s_clock(planner: Planner, tmp_path: Path) -> None:
    """The venue's 10:00 is 10:00 on the attendee's clock: at 10:05 in Brussels (09:05 UTC)
    the welcome talk is on, not over before it began."""
    path = tmp_path / "zoneless.xml"
    path.write_text(ZONELESS, encoding="utf-8")
    planner.ok("import", str(path))
    on = planner.ok("now", "--at", "2010-02-06T10:05:00+01:00", TZ="Europe/Brussels")
    assert "Welcome" in on.split("Next:")[0] and "Second talk" in on.split("Next:")[1]
    # The same instant on a computer whose clock says 09:05 (UTC): nothing yet.
    assert "Welcome" in planner.ok("now", "--at", "2010-02-06T10:05:00+01:00").split("Next:")[1]

def test_now_needs_an_offset(planner: Planner) -> None:
    assert "UTC offset" in planner.fails("now", "--at", "2020-12-10T19:25:00")


# -- notes ---------------------------------------------------------------------------------


def test_note_set_read_search_export_delete(planner: Planner) -> None:
    assert planner.ok("note", ORAL1, "Ask about Zanzibar batch norm\nand layer norm") == ""
    assert planner.ok("note", ORAL1) == "Ask about Zanzibar batch norm\nand layer norm\n"
    found = planner.json("list", "--search", "zanzibar")
    assert [e["id"] for e in found["events"]] == [ORAL1]
    planner.ok("star", ORAL1)
    calendar = Calendar.from_ical(planner.ok("export").encode("utf-8"))
    (vevent,) = calendar.walk("VEVENT")
    assert "My note: Ask about Zanzibar batch norm\nand layer norm" in str(vevent["DESCRIPTION"])
    assert planner.ok("note", ORAL1, "") == ""
    assert planner.json("list", "--search", "zanzibar")["events"] == []
    assert "no event 'sp-nope'" in planner.fails("note", "sp-nope", "text")


# -- agenda documents ------------------------------------------------------------------------


def test_export_markdown_and_pdf_by_flag_or_suffix(planner: Planner, tmp_path: Path) -> None:
    planner.ok("star", ORAL1, SPOT12)
    planner.ok("note", SPOT12, "Optimizer people meet here")
    md = planner.ok("export", "--format", "md")
    assert md.startswith("# My agenda\n") and "## Thursday 10 December 2020" in md
    assert "### 18:00–18:15 UTC-08:00 · Oral 1: Is normalization" in md
    assert "Juntang Zhuang" in md and "> **My note:** Optimizer people meet here" in md

    assert planner.ok("export", "-o", "agenda.md") == "exported 2 events to agenda.md\n"
    assert (tmp_path / "agenda.md").read_text(encoding="utf-8") == md

    planner.ok("export", "-o", "agenda.pdf")
    pdf = (tmp_path / "agenda.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-") and b"/Type /Page" in pdf
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(tmp_path / "agenda.pdf"), "-"], capture_output=True, text=True,
                              check=True, timeout=60).stdout
        assert "My agenda" in text and "AdaBelief Optimizer" in text and "Optimizer people meet here" in text

    # Documents never count as calendar exports.
    first_ics = Calendar.from_ical(planner.ok("export").encode("utf-8"))
    assert {int(v["SEQUENCE"]) for v in first_ics.walk("VEVENT")} == {0}


def test_export_format_is_checked(planner: Planner) -> None:
    result = planner("export", "--format", "docx")
    assert result.returncode == 2 and "invalid choice" in result.stderr


# -- calendar updates and reminders -------------------------------------------------------


def test_export_again_after_an_update_raises_sequence(planner: Planner, tmp_path: Path) -> None:
    planner.ok("star", ORAL1, ORAL2)
    first = {str(v["UID"]): v for v in Calendar.from_ical(planner.ok("export", "--alarm", "15").encode()).walk("VEVENT")}
    assert all(int(v["SEQUENCE"]) == 0 for v in first.values())
    assert all(v.walk("VALARM")[0]["TRIGGER"].dt.total_seconds() == -15 * 60 for v in first.values())

    moved = tmp_path / SEED.name
    moved.write_text(SEED.read_text(encoding="utf-8").replace(
        "2020-12-10T18:15:00-08:00 - 2020-12-10T18:30:00-08:00",
        "2020-12-10T18:20:00-08:00 - 2020-12-10T18:35:00-08:00"), encoding="utf-8")
    assert "1 changed" in planner.ok("import", str(moved))
    planner.ok("unstar", ORAL1)
    out = planner.ok("export", "-o", "picks.ics")
    assert out == "exported 1 event to picks.ics (1 cancelled since the last export)\n"
    second = {str(v["UID"]): v for v in Calendar.from_ical((tmp_path / "picks.ics").read_bytes()).walk("VEVENT")}
    assert set(second) == set(first)
    oral1, oral2 = second[f"{ORAL1}@planner.invalid"], second[f"{ORAL2}@planner.invalid"]
    assert (str(oral1["STATUS"]), int(oral1["SEQUENCE"])) == ("CANCELLED", 1)
    assert (str(oral2["STATUS"]), int(oral2["SEQUENCE"])) == ("CONFIRMED", 1)
    assert oral2["DTSTART"].dt == datetime(2020, 12, 11, 2, 20, tzinfo=timezone.utc)
    assert not oral2.walk("VALARM")  # no --alarm this time
    third = Calendar.from_ical(planner.ok("export").encode()).walk("VEVENT")
    assert [str(v["UID"]) for v in third] == [f"{ORAL2}@planner.invalid"]
    assert int(third[0]["SEQUENCE"]) == 1


def test_negative_alarm_is_a_usage_error(planner: Planner) -> None:
    result = planner("export", "--alarm", "-5")
    assert result.returncode == 2 and "--alarm" in result.stderr


# -- more like this -----------------------------------------------------------------------


def test_similar_lists_five_other_talks(planner: Planner) -> None:
    found = planner.json("similar", ORAL1)
    assert found["event"] == ORAL1
    ids = [s["id"] for s in found["similar"]]
    assert len(ids) == 5 and ORAL1 not in ids and BREAK not in ids
    assert ids[0] == ORAL2  # both are about training deep neural networks
    scores = [s["score"] for s in found["similar"]]
    assert scores == sorted(scores, reverse=True) and all(0 < s <= 1 for s in scores)
    text = planner.ok("similar", ORAL1).splitlines()
    assert len(text) == 5 and text[0].startswith(ORAL2) and "Oral 2: Understanding" in text[0]
    assert planner.ok("similar", BREAK) == "no similar events\n"
    assert "no event 'sp-nope'" in planner.fails("similar", "sp-nope")


def test_38c3s_self_organised_sessions_have_more_like_this_and_suggestions(planner: Planner, corpus: Path) -> None:
    """498 of 38C3's 1,007 events are of the type "other" (self-organised sessions, meetups,
    workshops). The second part of a workshop was like nothing; now the first part and its
    unboxing come first, and starring it suggests them."""
    planner.ok("import", str(corpus / "schedule-xml" / "38c3-schedule.xml"))
    ids = {e["title"]: e["id"] for e in planner.json("list", "--search", "Shitty Robots")["events"]}
    second = ids["Shitty Robots Workshop Teil 2/2"]
    similar = [s["id"] for s in planner.json("similar", second)["similar"]]
    assert similar[:2] == [ids["Shitty Robots Workshop Teil 1/2"], ids["Shitty Robots Unboxing"]]
    planner.ok("star", second)
    suggested = [s["id"] for s in planner.json("suggest")["suggestions"]]
    assert suggested[:2] == similar[:2]


def test_similar_stays_within_the_events_schedule(planner: Planner, clashes: dict[str, str]) -> None:
    ids = {s["id"] for s in planner.json("similar", clashes["alpha"])["similar"]}
    assert ids <= set(clashes.values()) - {clashes["alpha"]}
