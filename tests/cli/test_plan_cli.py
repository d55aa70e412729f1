"""``planner plan``, ``attended``/``missed`` and ``watch-later`` (issue 20), in this process
(tests/cli/test_cli.py's `fast` runner): text, the JSON contract, --date, --walk, --accept.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.test_cli import Planner, _write

# A Brussels weekend (UTC+1). In the default walk of 5 minutes, 10 between buildings:
#   Alpha    H.1301   Sat 09:00-10:00  must-see
#   Bravo    H.1301   Sat 09:30-10:30  maybe     overlaps Alpha
#   Charlie  K.3.401  Sat 10:08-11:00  maybe     8 minutes after Alpha, in another building
#   Delta    H.1302   Sat 12:00-12:30  must-see
#   Echo     H.1301   Sun 01:00-01:30  must-see  the conference's Saturday night
#   Golf     H.1302   Sat 12:00-12:30  (never starred)
#   Foxtrot  H.2215   Sun 10:00-10:30  must-see
FEST = """<?xml version="1.0" encoding="UTF-8"?>
<schedule>
  <conference><title>Plan Fest</title><acronym>planfest</acronym>
    <time_zone_name>Europe/Brussels</time_zone_name></conference>
  <day index="1" date="2025-02-01">
    <room name="H.1301">
      {alpha}
      {bravo}
    </room>
    <room name="K.3.401">{charlie}</room>
    <room name="H.1302">{delta}{golf}</room>
  </day>
  <day index="2" date="2025-02-02">
    <room name="H.1301">{echo}</room>
    <room name="H.2215">{foxtrot}</room>
  </day>
</schedule>
"""


def _event(n: int, title: str, when: str, duration: str, room: str, links: str = "") -> str:
    return (f'<event guid="00000000-0000-4000-8000-{n:012d}" id="{n}"><date>{when}</date>'
            f"<start>{when[11:16]}</start><duration>{duration}</duration><room>{room}</room>"
            f"<title>{title}</title><type>talk</type><links>{links}</links></event>")


RECORDING = '<link href="https://video.fosdem.org/2025/h1301/alpha.webm">Video recording (WebM/AV1)</link>'
SCHEDULE = FEST.format(
    alpha=_event(1, "Alpha", "2025-02-01T09:00:00+01:00", "01:00", "H.1301",
                 RECORDING + '<link href="https://example.org/alpha.pdf">Slides</link>'),
    bravo=_event(2, "Bravo", "2025-02-01T09:30:00+01:00", "01:00", "H.1301",
                 '<link href="https://youtu.be/bravo42">Bravo, recorded</link>'),
    charlie=_event(3, "Charlie", "2025-02-01T10:08:00+01:00", "00:52", "K.3.401"),
    delta=_event(4, "Delta", "2025-02-01T12:00:00+01:00", "00:30", "H.1302",
                 '<link href="https://example.org/delta.pdf">Slides</link>'),
    golf=_event(7, "Golf", "2025-02-01T12:00:00+01:00", "00:30", "H.1302"),
    echo=_event(5, "Echo", "2025-02-02T01:00:00+01:00", "00:30", "H.1301"),
    foxtrot=_event(6, "Foxtrot", "2025-02-02T10:00:00+01:00", "00:30", "H.2215",
                   '<link href="https://youtu.be/fox">Livestream</link>'),
)


@pytest.fixture
def fest(tmp_path: Path) -> tuple[Planner, dict[str, str]]:
    """The library with Plan Fest, its talks starred as above; ids by title."""
    run = Planner(tmp_path, in_process=True)
    run.ok("import", str(_write(tmp_path / "fest.xml", SCHEDULE)))
    ids = {e["title"]: e["id"] for e in run.json("list", "--schedule", "Plan Fest")["events"]}
    run.ok("star", ids["Alpha"], ids["Delta"], ids["Echo"], ids["Foxtrot"])
    run.ok("star", "--maybe", ids["Bravo"], ids["Charlie"])
    return run, ids


def test_plan_json_is_the_contract(fest: tuple[Planner, dict[str, str]]) -> None:
    run, i = fest
    assert run.json("plan") == {"days": [
        {"date": "2025-02-01", "plan": [i["Alpha"], i["Delta"], i["Echo"]], "weight": 9, "friends": [],
         "carried": None,
         "dropped": [{"id": i["Bravo"], "because": [i["Alpha"]]}, {"id": i["Charlie"], "because": [i["Alpha"]]}],
         "gaps": [{"start": "2025-02-01T10:00:00+01:00", "end": "2025-02-01T12:00:00+01:00"},
                  {"start": "2025-02-01T12:30:00+01:00", "end": "2025-02-02T01:00:00+01:00"}]},
        {"date": "2025-02-02", "plan": [i["Foxtrot"]], "weight": 3, "friends": [], "carried": None, "dropped": [],
         "gaps": []},
    ]}


def test_a_night_talk_planned_on_saturday_is_sundays_first_and_what_it_clashes_with_is_left_out(
        tmp_path: Path) -> None:
    """Echo moved to run 03:00-09:50 Sunday (Saturday's, as it starts before 06:00): Sunday's
    plan starts with it and says so, and leaves out an 08:00 talk rather than planning both."""
    run = Planner(tmp_path, in_process=True)
    night = SCHEDULE.replace(_event(5, "Echo", "2025-02-02T01:00:00+01:00", "00:30", "H.1301"),
                             _event(5, "Echo", "2025-02-02T03:00:00+01:00", "06:50", "H.1301")
                             + _event(8, "Hotel", "2025-02-02T08:00:00+01:00", "00:30", "H.1301"))
    run.ok("import", str(_write(tmp_path / "night.xml", night)))
    i = {e["title"]: e["id"] for e in run.json("list", "--schedule", "Plan Fest")["events"]}
    run.ok("star", i["Echo"], i["Hotel"], i["Foxtrot"])
    sunday = run.json("plan", "--date", "2025-02-02")["days"][0]
    assert sunday["plan"] == [i["Echo"], i["Foxtrot"]] and sunday["carried"] == i["Echo"] and sunday["weight"] == 3
    assert sunday["dropped"] == [{"id": i["Hotel"], "because": [i["Echo"]]}]
    assert run.ok("plan", "--date", "2025-02-02").splitlines() == [
        "Sun 02 Feb 2025: 1 of 2 starred talks planned, worth 3",
        "  03:00-09:50  H.1301  must-see  Echo (from Sat 01 Feb's plan)",
        "  10:00-10:30  H.2215  must-see  Foxtrot",
        "  dropped: Hotel — clashes with Echo",
    ]
    run.ok("plan", "--date", "2025-02-02", "--accept")  # Sunday's talks; Echo is Saturday's to accept
    planned = {e["id"] for e in run.json("list", "--starred")["events"] if e["planned"]}
    assert planned == {i["Foxtrot"]}


def test_plan_text_lists_the_path_what_was_dropped_and_the_free_time(fest: tuple[Planner, dict[str, str]]) -> None:
    run, _ = fest
    assert run.ok("plan").splitlines() == [
        "Sat 01 Feb 2025: 3 of 5 starred talks planned, worth 9",
        "  09:00-10:00  H.1301  must-see  Alpha",
        "  12:00-12:30  H.1302  must-see  Delta",
        "  01:00-01:30  H.1301  must-see  Echo",
        "  dropped: Bravo — clashes with Alpha",
        "  dropped: Charlie — clashes with Alpha",
        "  free: 10:00-12:00 (2 h)",
        "  free: 12:30-01:00 (12 h 30 min)",
        "",
        "Sun 02 Feb 2025: 1 of 1 starred talk planned, worth 3",
        "  10:00-10:30  H.2215  must-see  Foxtrot",
    ]


def test_list_now_and_conflicts_say_where_each_talk_is(fest: tuple[Planner, dict[str, str]]) -> None:
    """An attendee reading the terminal needs the room as much as the time."""
    run, i = fest
    rows = {line.split()[0]: line for line in run.ok("list", "--starred").splitlines()}
    assert rows[i["Alpha"]] == f"{i['Alpha']}  * Sat 01 Feb 09:00-10:00  H.1301  Talk: Alpha"
    assert rows[i["Charlie"]] == f"{i['Charlie']}  ? Sat 01 Feb 10:08-11:00  K.3.401  Talk: Charlie"
    now = run.ok("now", "--at", "2025-02-01T09:45:00+01:00").splitlines()
    assert "  * Sat 01 Feb 09:00-10:00  H.1301  Talk: Alpha" in now
    assert "  * Sat 01 Feb 09:30-10:30  H.1301  Talk: Bravo" in now
    assert "  * Sat 01 Feb 10:08-11:00  K.3.401  Talk: Charlie" in now  # next
    clash = run.ok("conflicts")
    assert f"{i['Alpha']} Sat 01 Feb 09:00-10:00  H.1301  Talk: Alpha\n" in clash
    assert f"clashes with {i['Bravo']} Sat 01 Feb 09:30-10:30  H.1301  Talk: Bravo (30 min)" in clash
    # In another zone the room stays; only the time moves.
    tokyo = run.ok("list", "--starred", "--tz", "Asia/Tokyo").splitlines()
    assert f"{i['Alpha']}  * Sat 01 Feb 17:00-18:00  H.1301  Talk: Alpha" in tokyo


def test_a_shorter_walk_fits_the_talk_in_the_other_building(fest: tuple[Planner, dict[str, str]]) -> None:
    run, i = fest
    (saturday,) = run.json("plan", "--date", "2025-02-01", "--walk", "3")["days"]  # 6 minutes between buildings
    assert saturday["plan"] == [i["Alpha"], i["Charlie"], i["Delta"], i["Echo"]] and saturday["weight"] == 10
    assert saturday["dropped"] == [{"id": i["Bravo"], "because": [i["Alpha"], i["Charlie"]]}]
    assert "  10:08-11:00  K.3.401  maybe     Charlie" in run.ok("plan", "--walk", "3").splitlines()


def test_date_picks_one_day_and_an_unknown_one_is_a_usage_error(fest: tuple[Planner, dict[str, str]]) -> None:
    run, i = fest
    assert [d["plan"] for d in run.json("plan", "--date", "2025-02-02")["days"]] == [[i["Foxtrot"]]]
    for argv in (["plan", "--date", "2025-02-05", "--schedule", "Plan Fest"], ["plan", "--date", "2025-02-05"]):
        result = run(*argv)
        assert result.returncode == 2 and result.stdout == ""
        assert len(result.stderr.splitlines()) == 1 and "2025-02-05" in result.stderr
    assert "Plan Fest has no talks on 2025-02-05 (its days: 2025-02-01 to 2025-02-02)" in run(
        "plan", "--date", "2025-02-05", "--schedule", "fest").stderr
    bad = run("plan", "--date", "1 Feb")
    assert bad.returncode == 2 and "'1 Feb' is not a date: use YYYY-MM-DD" in bad.stderr
    assert run("plan", "--walk", "-1").returncode == 2


def test_accept_marks_the_plan_planned_and_keeps_every_star(fest: tuple[Planner, dict[str, str]]) -> None:
    run, i = fest

    def planned() -> dict[str, bool]:
        return {e["title"]: e["planned"] for e in run.json("list", "--schedule", "Plan Fest")["events"]}

    assert not any(planned().values())
    out = run.ok("plan", "--accept")
    assert out.rstrip().endswith("accepted the plan for 2 days: the planned talks are marked planned")
    assert planned() == {"Alpha": True, "Bravo": False, "Charlie": False, "Delta": True, "Golf": False,
                         "Echo": True, "Foxtrot": True}
    assert {e["title"] for e in run.json("list", "--starred")["events"]} == {
        "Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot"}
    assert "Sat 01 Feb 2025: 3 of 5 starred talks planned, worth 9 (accepted)" in run.ok("plan").splitlines()
    # Accepting another plan for Saturday changes Saturday only.
    run.ok("plan", "--date", "2025-02-01", "--walk", "3", "--accept", "--json")
    assert planned()["Charlie"] and planned()["Foxtrot"]


def test_nothing_starred_says_so(tmp_path: Path) -> None:
    run = Planner(tmp_path, in_process=True)
    assert run.ok("plan") == "nothing to plan: no starred talks (star some with 'planner star ID')\n"
    assert run.json("plan") == {"days": []}


def test_attended_and_missed_are_in_list_json(fest: tuple[Planner, dict[str, str]]) -> None:
    run, i = fest

    def attendance() -> dict[str, str | None]:
        return {e["title"]: e["attendance"] for e in run.json("list", "--schedule", "Plan Fest")["events"]}

    assert set(attendance().values()) == {None}
    assert run.ok("attended", i["Alpha"], i["Delta"]) == "marked 2 events attended\n"
    assert run.ok("missed", i["Bravo"]) == "marked 1 event missed\n"
    assert attendance() == {"Alpha": "attended", "Bravo": "missed", "Charlie": None, "Delta": "attended",
                            "Golf": None, "Echo": None, "Foxtrot": None}
    run.ok("missed", i["Alpha"])  # changed your mind: one mark per talk
    run.ok("attended", "--clear", i["Delta"], i["Bravo"])
    assert attendance()["Alpha"] == "missed" and attendance()["Delta"] is None and attendance()["Bravo"] is None
    unknown = run("missed", i["Charlie"], "no-such-talk")
    assert unknown.returncode == 1 and unknown.stderr.count("\n") == 1 and "'no-such-talk'" in unknown.stderr
    assert attendance()["Charlie"] is None  # nothing was marked


def test_watch_later_lists_missed_must_see_talks_with_a_recording(fest: tuple[Planner, dict[str, str]],
                                                                  tmp_path: Path) -> None:
    run, i = fest
    assert run.ok("watch-later").startswith("nothing to watch later")
    # Alpha: a must-see with a recording. Bravo: recorded, but a maybe. Delta: slides only.
    # Foxtrot: a live stream is no recording. Echo: attended.
    run.ok("missed", i["Alpha"], i["Bravo"], i["Delta"], i["Foxtrot"])
    run.ok("attended", i["Echo"])
    assert run.ok("watch-later").splitlines() == [
        "Sat 01 Feb 2025, 09:00–10:00  Alpha",
        "  Video recording (WebM/AV1): https://video.fosdem.org/2025/h1301/alpha.webm",
    ]
    assert run.ok("watch-later", "--md", "later.md") == "wrote 1 talk to watch later to later.md\n"
    expected = ("# Watch later\n\n- **Alpha** · Sat 01 Feb 2025, 09:00–10:00 · "
                "[Video recording (WebM/AV1)](<https://video.fosdem.org/2025/h1301/alpha.webm>)\n")
    assert (tmp_path / "later.md").read_text(encoding="utf-8") == expected
    assert run.ok("watch-later", "--md", "-") == expected
    run.ok("star", i["Bravo"])  # now a must-see
    assert [line for line in run.ok("watch-later").splitlines() if not line.startswith(" ")] == [
        "Sat 01 Feb 2025, 09:00–10:00  Alpha", "Sat 01 Feb 2025, 09:30–10:30  Bravo"]


def test_plan_json_with_no_zone_writes_the_venue_clock(tmp_path: Path) -> None:
    """A schedule whose times have no zone: gaps as list --json writes such times, without offset."""
    run = Planner(tmp_path, in_process=True)
    zoneless = SCHEDULE.replace("<time_zone_name>Europe/Brussels</time_zone_name>", "").replace("+01:00", "")
    run.ok("import", str(_write(tmp_path / "fest.xml", zoneless)))
    events = run.json("list", "--schedule", "Plan Fest")["events"]
    run.ok("star", *[e["id"] for e in events if e["title"] in ("Alpha", "Delta")])
    (saturday,) = run.json("plan")["days"]
    assert saturday["gaps"] == [{"start": "2025-02-01T10:00:00", "end": "2025-02-01T12:00:00"}]


def test_plan_text_says_each_poster_s_board_in_walking_order(tmp_path: Path) -> None:
    from tests.ui.poster_feed import write_poster_feed

    run = Planner(tmp_path, in_process=True)
    run.ok("import", str(write_poster_feed(tmp_path)))
    boards = {e["poster_position"]: e["id"] for e in run.json("list")["events"] if e["session"] == "Poster Session 1"}
    run.ok("star", boards["#100"], boards["#95"], boards["#99"])
    lines = [line for line in run.ok("plan").splitlines() if "(board #" in line]
    assert [line.rsplit("(board ", 1)[1] for line in lines] == ["#95)", "#99)", "#100)"]


def test_list_and_now_say_a_poster_s_board(tmp_path: Path) -> None:
    from tests.ui.poster_feed import write_poster_feed

    run = Planner(tmp_path, in_process=True)
    run.ok("import", str(write_poster_feed(tmp_path)))
    poster = next(e for e in run.json("list")["events"] if e["poster_position"] == "#99")
    run.ok("star", poster["id"])
    assert "  Exhibit Hall C,D,E, board #99  " in run.ok("list", "--starred")
    assert "Exhibit Hall C,D,E, board #99" in run.ok("now", "--at", "2031-12-09T11:30:00-08:00")
