"""The command line end to end: `python -m planner` in a subprocess, a tmp database, no display.

This is the contract users and later issues script against: output shapes, exit status
(0 ok, 1 bad input with one stderr line, 2 usage) and that only the window needs Qt.
Each command's main flow runs in a real process; checks of finer details use the `fast`
fixture, which calls planner.cli.main in this process (same code, no start-up cost).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
import textwrap
from datetime import datetime, timezone
from pathlib import Path
from unittest import mock

import pytest
from icalendar import Calendar

import planner
from tests.conftest import ROOT, SEED

SEED_KEY = "session-page:orals & spotlights track 34: deep learning"
ORAL1 = "sp-496136e5b5"  # stable ids: these must never change for the bundled session
ORAL2 = "sp-78b3ba9738"
SPOT12 = "sp-262e45f052"

MINI = """## Mini session
### Session chairs
Ada Lovelace
### Schedule
2021-06-01T09:00:00+02:00 - 2021-06-01T09:30:00+02:00
##### 1 - Oral: Über Gradienten
Élodie Müller

Short abstract with {\\it emphasis}.
"""


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "PLANNER_DB")}
    env["PYTHONPATH"] = str(ROOT)
    env.update(extra)
    return env


class Planner:
    """Runs the command line against one tmp library, from a directory outside the project."""

    def __init__(self, tmp_path: Path, *, in_process: bool = False) -> None:
        self.tmp = tmp_path
        self.db = tmp_path / "lib" / "library.sqlite3"
        self.env = _env(XDG_DATA_HOME=str(tmp_path / "xdg"))
        self.in_process = in_process

    def __call__(self, *args: str, db: bool = True, env: dict[str, str] | None = None,
                 timeout: float = 60) -> subprocess.CompletedProcess[str]:
        argv = [*(["--db", str(self.db)] if db else []), *args]
        if self.in_process:
            return self._main(argv, env or self.env)
        return subprocess.run([sys.executable, "-m", "planner", *argv], cwd=self.tmp, env=env or self.env,
                              capture_output=True, text=True, encoding="utf-8", timeout=timeout)

    def _main(self, argv: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
        from planner.cli import main

        raw = io.BytesIO()
        out, err = io.TextIOWrapper(raw, encoding="utf-8"), io.StringIO()
        with (mock.patch.dict(os.environ, env, clear=True), contextlib.chdir(self.tmp),
              contextlib.redirect_stdout(out), contextlib.redirect_stderr(err)):
            try:
                code = main(argv)
            except SystemExit as exc:  # argparse ends usage errors this way
                code = int(exc.code or 0)
        out.flush()
        return subprocess.CompletedProcess(argv, code, raw.getvalue().decode("utf-8"), err.getvalue())

    def ok(self, *args: str, **kwargs: object) -> str:
        result = self(*args, **kwargs)  # type: ignore[arg-type]
        assert result.returncode == 0, result.stderr
        return result.stdout

    def json(self, *args: str) -> dict:  # type: ignore[type-arg]
        return json.loads(self.ok(*args, "--json"))

    def state(self) -> tuple[object, ...]:
        """The library as stored, read directly (cheaper than another process)."""
        from planner.store import Library

        with Library(self.db) as lib:
            return (lib.schedules(), lib.sessions(), lib.events(), lib.starred_ids(), lib.notes())

    def starred(self) -> set[str]:
        from planner.store import Library

        with Library(self.db) as lib:
            return lib.starred_ids()


@pytest.fixture
def cli(tmp_path: Path) -> Planner:
    return Planner(tmp_path)


@pytest.fixture
def fast(tmp_path: Path) -> Planner:
    return Planner(tmp_path, in_process=True)


def _one_line_error(result: subprocess.CompletedProcess[str], *parts: str) -> str:
    assert result.returncode == 1, (result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for part in parts:
        assert part in lines[0]
    return lines[0]


def _write(path: Path, text: str | bytes) -> Path:
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return path


# -- list ------------------------------------------------------------------------------


def test_list_shows_the_bundled_session_on_first_use(cli: Planner) -> None:
    assert not cli.db.exists()
    lines = cli.ok("list").splitlines()
    assert len(lines) == 15
    assert lines[0].startswith(ORAL1)
    assert "Oral 1: Is normalization indispensable" in lines[0]
    assert "Break" in lines[3] and "Untitled slot" in lines[14]
    assert cli.db.is_file()


def test_list_json_schema(cli: Planner) -> None:
    data = cli.json("list")
    assert set(data) == {"sessions", "events"}
    (session,) = data["sessions"]
    assert set(session) == {"title", "chairs", "start", "end"}
    assert session["title"] == "Orals & Spotlights Track 34: Deep Learning"
    assert session["chairs"] == ["Tuo Zhao", "Jimmy Ba"]
    assert session["start"] == "2020-12-10T18:00:00-08:00"
    assert session["end"] == "2020-12-10T21:00:00-08:00"

    events = data["events"]
    assert len(events) == 15
    required = {"id", "kind", "number", "title", "authors", "abstract", "start", "end", "session", "starred"}
    for event in events:
        assert required <= set(event)
        assert event["starred"] is False
        assert isinstance(event["authors"], list)
        for key in ("start", "end"):
            value = datetime.fromisoformat(event[key])
            assert value.tzinfo is not None and event[key].endswith("-08:00")
    starts = [datetime.fromisoformat(e["start"]) for e in events]
    assert starts == sorted(starts)
    first = events[0]
    assert (first["id"], first["kind"], first["number"]) == (ORAL1, "oral", 1)
    assert first["authors"][0] == "Jie Shao" and len(first["authors"]) == 5
    assert events[3]["kind"] == "break" and events[3]["number"] is None
    assert events[14]["kind"] == "other" and events[14]["abstract"] == ""
    assert events[14]["title"] == ""
    # Raw text in JSON: the data keeps the LaTeX.
    assert r"76.8\%" in events[5]["abstract"]


def test_star_unstar_and_list_starred(cli: Planner) -> None:
    assert cli.ok("star", SPOT12, ORAL1).strip() == "starred 2 events as must-see"
    lines = cli.ok("list", "--starred").splitlines()
    assert [line.split()[0] for line in lines] == [ORAL1, SPOT12]  # by start time
    flags = {e["id"]: e["starred"] for e in cli.json("list")["events"]}
    assert flags[ORAL1] and flags[SPOT12] and sum(flags.values()) == 2

    assert cli.ok("unstar", ORAL1).strip() == "unstarred 1 event"
    assert cli.starred() == {SPOT12}


def test_star_unknown_id_is_one_line_and_stars_nothing(fast: Planner) -> None:
    result = fast("star", ORAL1, "sp-nonexistent")
    _one_line_error(result, "sp-nonexistent")
    assert result.stdout == ""
    assert fast.starred() == set()


def test_unstar_and_note_unknown_ids(fast: Planner) -> None:
    _one_line_error(fast("unstar", "sp-nonexistent"), "sp-nonexistent")
    _one_line_error(fast("note", "sp-nonexistent"), "sp-nonexistent")
    for command in ("star", "unstar", "note", "similar"):
        _one_line_error(fast(command, ""), "no event ''")
        _one_line_error(fast(command, "x" * 10000), "no event 'xxx")


def test_search(fast: Planner) -> None:
    lines = fast.ok("list", "--search", "adabelief").splitlines()
    assert len(lines) == 1 and lines[0].startswith(SPOT12)
    data = fast.json("list", "--search", "NORMALIZ")
    assert [e["id"] for e in data["events"]] == [ORAL1]
    assert fast.ok("list", "--search", "no-such-word-anywhere").strip() == "no events"
    fast.ok("star", ORAL2, SPOT12)
    found = fast.json("list", "--starred", "--search", "fisher")["events"]
    assert [e["id"] for e in found] == [ORAL2] and found[0]["starred"] is True


def test_notes_from_the_command_line(fast: Planner) -> None:
    fast.ok("note", ORAL1, "Ask about Fixup")
    assert fast.ok("note", ORAL1).strip() == "Ask about Fixup"
    assert [e["id"] for e in fast.json("list", "--search", "fixup")["events"]] == [ORAL1]


# -- export ----------------------------------------------------------------------------


def test_export_to_file(cli: Planner) -> None:
    cli.ok("star", ORAL1, SPOT12)
    target = cli.tmp / "agenda.ics"
    out = cli.ok("export", "-o", str(target))
    assert "2 events" in out and str(target) in out
    calendar = Calendar.from_ical(target.read_bytes())
    events = calendar.walk("VEVENT")
    assert [str(e["UID"]) for e in events] == [f"{ORAL1}@planner.invalid", f"{SPOT12}@planner.invalid"]
    assert events[0]["DTSTART"].dt == datetime(2020, 12, 11, 2, 0, tzinfo=timezone.utc)
    assert str(events[0]["SUMMARY"]).startswith("Oral 1: Is normalization indispensable")
    assert not events[0].walk("VALARM")
    assert [p.name for p in cli.tmp.iterdir() if p.name.startswith(".agenda")] == []


def test_export_to_stdout_and_all(cli: Planner) -> None:
    cli.ok("star", ORAL2)
    for args in ((), ("-o", "-")):
        calendar = Calendar.from_ical(cli.ok("export", *args))
        assert [str(e["UID"]) for e in calendar.walk("VEVENT")] == [f"{ORAL2}@planner.invalid"]
    everything = Calendar.from_ical(cli.ok("export", "--all"))
    assert len(everything.walk("VEVENT")) == 15


def test_export_with_alarm(fast: Planner) -> None:
    fast.ok("star", ORAL1)
    (event,) = Calendar.from_ical(fast.ok("export", "--alarm", "10")).walk("VEVENT")
    (alarm,) = event.walk("VALARM")
    assert alarm["TRIGGER"].dt.total_seconds() == -600
    (alarm,) = Calendar.from_ical(fast.ok("export", "--alarm", "40320")).walk("VALARM")  # 4 weeks, the most
    assert alarm["TRIGGER"].dt.total_seconds() == -40320 * 60


def test_export_with_nothing_starred_says_so(fast: Planner) -> None:
    result = fast("export")
    assert result.returncode == 0
    assert Calendar.from_ical(result.stdout).walk("VEVENT") == []
    assert len(result.stderr.splitlines()) == 1 and "star" in result.stderr


def test_export_to_an_unwritable_place(fast: Planner) -> None:
    fast.ok("star", ORAL1)
    _one_line_error(fast("export", "-o", str(fast.tmp / "missing" / "agenda.ics")))


# -- parse and import ------------------------------------------------------------------


def test_parse_json_leaves_the_library_untouched(cli: Planner) -> None:
    data = cli.json("parse", str(SEED))
    assert set(data) == {"sessions", "events"}
    assert len(data["events"]) == 15
    assert all("starred" not in e for e in data["events"])
    assert data["events"][0]["id"] == ORAL1
    assert data["sessions"][0]["chairs"] == ["Tuo Zhao", "Jimmy Ba"]
    assert not cli.db.exists()  # not even created

    mini = _write(cli.tmp / "mini.txt", MINI)
    cli.ok("star", ORAL1)
    before = cli.state()
    parsed = cli.json("parse", str(mini))
    assert [e["title"] for e in parsed["events"]] == ["Über Gradienten"]
    assert parsed["events"][0]["authors"] == ["Élodie Müller"]
    assert cli.state() == before


def test_parse_without_json(fast: Planner) -> None:
    out = fast.ok("parse", str(SEED))
    assert "15 events" in out.splitlines()[0]
    assert ORAL1 in out


def test_import_prints_a_summary(cli: Planner) -> None:
    mini = _write(cli.tmp / "mini.txt", MINI)
    assert cli.ok("import", str(mini)).strip() == "added Mini session: 1 event"
    listed = cli.json("list")
    assert len(listed["events"]) == 16
    assert [s["title"] for s in listed["sessions"]] == ["Orals & Spotlights Track 34: Deep Learning", "Mini session"]
    moved = _write(cli.tmp / "mini.txt", MINI.replace("T09:", "T11:"))
    assert cli.ok("import", str(moved)).strip() == "updated Mini session: 1 changed, 0 new, 0 removed"


def test_import_of_a_moved_session_keeps_stars(fast: Planner) -> None:
    fast.ok("star", ORAL1, SPOT12)
    moved = _write(fast.tmp / "moved.txt", SEED.read_text(encoding="utf-8").replace("-08:00", "-05:00"))
    out = fast.ok("import", str(moved))
    assert out.startswith("updated Orals & Spotlights Track 34: Deep Learning: 15 changed")
    starred = fast.json("list", "--starred")["events"]
    assert [e["id"] for e in starred] == [ORAL1, SPOT12]
    assert starred[0]["start"] == "2020-12-10T18:00:00-05:00"


def test_import_of_a_bad_file_is_one_line_and_stores_nothing(cli: Planner) -> None:
    cli.ok("star", ORAL1)
    before = cli.state()
    good = _write(cli.tmp / "good.txt", MINI)
    bad = _write(cli.tmp / "bad.txt", "## S\n### Schedule\n\nnot a time\n")
    line = _one_line_error(cli("import", str(good), str(bad)), str(bad), "line 4",
                           "expected a time range 'START - END', found 'not a time'")
    assert line.startswith("planner: ")
    assert cli.state() == before  # the good file was not stored either


def test_parse_bad_file_in_a_real_process(cli: Planner) -> None:
    path = _write(cli.tmp / "bad.txt", b"## S\n### Schedule\n\xff\xfe\n")
    _one_line_error(cli("parse", str(path), "--json"), str(path), "line 3", "UTF-8")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "empty"),
        (b"## S\n### Schedule\n\xff\xfe\n", "line 3"),
        (b"## S\n### Schedule\n2020-12-10T09:00:00 - 2020-12-10T09:15:00\n", "no UTC offset"),
        (b"## S\n### Schedule\n2020-12-10T09:15:00Z - 2020-12-10T09:00:00Z\n", "ends before it starts"),
        (b"## S\n### Schedule\n\nnot a time\n", "line 4: expected a time range 'START - END', found"),
        (b"a grocery list\n", "line 1"),
    ],
)
def test_bad_files_are_one_line_errors(fast: Planner, content: bytes, expected: str) -> None:
    path = _write(fast.tmp / "bad.txt", content)
    for args in (("parse", str(path), "--json"), ("import", str(path))):
        result = fast(*args)
        line = _one_line_error(result, str(path), expected)
        assert line.startswith("planner: ") and result.stdout == ""


def test_a_calendar_cut_short_is_one_line_saying_where_it_ends(fast: Planner) -> None:
    cut = _write(fast.tmp / "cut.ics", b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:1\r\n"
                                        b"SUMMARY:Talk\r\nDTSTART:20250110T09")
    fast.ok("list")  # the library, with the bundled session a first use adds
    before = fast.state()
    _one_line_error(fast("import", str(cut)), f"{cut}: line 6: no END:VCALENDAR: the file ends early, "
                                              "inside the VEVENT begun at line 3")
    assert fast.state() == before

def test_missing_file(fast: Planner) -> None:
    missing = fast.tmp / "nope.txt"
    _one_line_error(fast("parse", str(missing)), str(missing))
    _one_line_error(fast("import", str(missing)), str(missing))


def test_database_that_cannot_be_used(fast: Planner) -> None:
    fast.db.parent.mkdir(parents=True)
    fast.db.mkdir()  # a folder where the file should be
    _one_line_error(fast("list"), str(fast.db))


def test_newer_library_is_refused_and_untouched(fast: Planner) -> None:
    import sqlite3

    fast.ok("star", ORAL1)
    conn = sqlite3.connect(fast.db)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    content = fast.db.read_bytes()
    _one_line_error(fast("list"), "newer")
    assert fast.db.read_bytes() == content


# -- usage, version, database location -------------------------------------------------


def test_usage_error_exits_2_in_a_real_process(cli: Planner) -> None:
    result = cli("star")
    assert result.returncode == 2
    assert "usage:" in result.stderr and "Traceback" not in result.stderr
    assert not cli.db.exists()


@pytest.mark.parametrize(
    "args",
    [
        ("star",),
        ("unstar",),
        ("frobnicate",),
        ("list", "--bogus"),
        ("export", "--alarm", "soon"),
        ("export", "--alarm", "-5"),
        ("export", "--alarm", "-1"),
        ("export", "--alarm", ""),
        ("export", "--alarm", "1e3"),
        ("export", "--alarm", "ten"),
        ("import", "x.xml", "--timeout", "nan"),
        ("import", "x.xml", "--timeout", "0"),
        ("import", "x.xml", "--timeout", "-1"),
        ("import", "x.xml", "--timeout", ""),
        ("refresh", "--timeout", "soon"),
        ("refresh", "--timeout", "-inf"),
        ("export", "--format", "docx"),
        ("parse",),
        ("import",),
        ("note",),
    ],
)
def test_usage_errors_exit_2(fast: Planner, args: tuple[str, ...]) -> None:
    result = fast(*args)
    assert result.returncode == 2, result.stderr
    assert "usage:" in result.stderr
    assert result.stdout == ""
    assert not fast.db.exists()


# -- bad values: every conversion of what the user typed ends in one line, never a traceback --

# Numbers are checked by the parser: exit status 2 with usage, before the library is opened.
@pytest.mark.parametrize(
    "args",
    [
        ("export", "--alarm", "10000000000000000"),  # overflowed a C int while writing the calendar
        ("export", "--alarm", str(10**400)),
        ("export", "--alarm", "40321"),  # more than 4 weeks
        ("import", "x.xml", "--timeout", "inf"),  # overflowed time_t in the socket
        ("import", "x.xml", "--timeout", "1e400"),
        ("import", "x.xml", "--timeout", "1e300"),
        ("refresh", "--timeout", "3601"),  # more than an hour of silence
    ],
)
def test_numbers_out_of_range_are_usage_errors(fast: Planner, args: tuple[str, ...]) -> None:
    result = fast(*args)
    assert result.returncode == 2, result.stderr
    assert "usage:" in result.stderr and "Traceback" not in result.stderr
    assert "--alarm" in result.stderr or "--timeout" in result.stderr
    assert result.stdout == ""
    assert not fast.db.exists()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("now", "--at", "garbage"), "--at 'garbage'"),
        (("now", "--at", ""), "--at ''"),  # was taken as "now"
        (("now", "--at", "2020-13-45T19:25:00-08:00"), "2020-13-45"),
        (("now", "--at", "99999-12-10T19:25:00-08:00"), "99999"),
        (("now", "--at", "2020-12-10T19:25:00+25:00"), "+25:00"),  # an offset of more than a day
        (("now", "--at", "2020-12-10T19:25:00-08:00 tomorrow"), "tomorrow"),
        (("now", "--tz", "garbage", "--json"), "unknown time zone 'garbage'"),  # was ignored with --json
        (("now", "--tz", ""), "unknown time zone ''"),  # was the conference's zone
        (("list", "--tz", ""), "unknown time zone ''"),
        (("list", "--tz", "Europe"), "unknown time zone 'Europe'"),  # a folder of the zone database
        (("list", "--tz", "x" * 5000), "unknown time zone"),  # "File name too long", with a path
        (("list", "--schedule", ""), "no schedule named ''"),  # matched any single schedule
        (("export", "--schedule", ""), "no schedule named ''"),
        (("refresh", ""), "no schedule named ''"),
        (("export", "-o", ""), "'' is not a file name"),
        (("parse", ""), "'' is not a file name"),  # was "." (the current folder)
        (("import", ""), "'' is not a file name"),
        (("--db", "", "list"), "'' is not a file name"),
    ],
)
def test_bad_values_are_one_line_errors(fast: Planner, args: tuple[str, ...], expected: str) -> None:
    result = fast(*args)
    line = _one_line_error(result, expected)
    assert line.startswith("planner: ") and result.stdout == ""


def test_removing_an_empty_name_removes_nothing(fast: Planner) -> None:
    fast.ok("star", ORAL1)
    before = fast.state()
    _one_line_error(fast("remove", ""), "no schedule named ''")
    _one_line_error(fast("remove", " "), "no schedule named ' '")
    assert fast.state() == before


def test_x11_probe_reads_only_ascii_display_numbers() -> None:
    from planner.entry import _x11_answers

    # Digits to Python ("²".isdigit()) but no display number: was int("²"), a ValueError.
    assert _x11_answers("localhost:²") is False
    assert _x11_answers(":١") is False
    assert _x11_answers("127.0.0.1:99999999") is False  # no such port


def test_version(cli: Planner) -> None:
    result = cli("--version", db=False)
    assert result.returncode == 0
    assert result.stdout.strip() == f"planner {planner.__version__}"


def test_help(fast: Planner) -> None:
    out = fast.ok("--help", db=False)
    for command in ("open", "import", "parse", "list", "star", "unstar", "export"):
        assert command in out


def test_db_option_before_or_after_the_command(cli: Planner) -> None:
    cli.ok("star", ORAL1)
    after = subprocess.run([sys.executable, "-m", "planner", "list", "--starred", "--db", str(cli.db)],
                           cwd=cli.tmp, env=cli.env, capture_output=True, text=True, timeout=60)
    assert after.returncode == 0 and after.stdout.split()[0] == ORAL1


def test_planner_db_environment_variable(cli: Planner, tmp_path: Path) -> None:
    elsewhere = tmp_path / "env-dir" / "env.sqlite3"
    env = cli.env | {"PLANNER_DB": str(elsewhere)}
    cli.ok("star", ORAL2, db=False, env=env)
    assert elsewhere.is_file()
    assert not cli.db.exists()
    assert not (tmp_path / "xdg").exists()
    assert [e["id"] for e in json.loads(cli.ok("list", "--starred", "--json", db=False, env=env))["events"]] == [ORAL2]


def test_db_option_wins_over_planner_db(fast: Planner, tmp_path: Path) -> None:
    elsewhere = tmp_path / "env.sqlite3"
    fast.ok("star", ORAL1, env=fast.env | {"PLANNER_DB": str(elsewhere)})
    assert fast.starred() == {ORAL1}
    assert not elsewhere.exists()


def test_default_database_in_xdg_data_home(fast: Planner, tmp_path: Path) -> None:
    fast.ok("star", ORAL1, db=False)
    assert (tmp_path / "xdg" / "planner" / "library.sqlite3").is_file()


# -- Qt only for the window --------------------------------------------------------------

_NO_QT = textwrap.dedent(
    """
    import sys

    attempted = []

    class NoQt:
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in ("PySide6", "shiboken6", "PyQt5", "PyQt6"):
                attempted.append(name)
                raise ImportError("Qt is blocked in this test")
            return None

    sys.meta_path.insert(0, NoQt())
    from planner.cli import main

    db, seed, out = sys.argv[1:4]
    for argv in (
        ["parse", seed, "--json"],
        ["--db", db, "list"],
        ["--db", db, "list", "--json", "--search", "kernel"],
        ["--db", db, "import", seed],
        ["--db", db, "star", "sp-496136e5b5"],
        ["--db", db, "list", "--starred"],
        ["--db", db, "export", "-o", out, "--alarm", "5"],
        ["--db", db, "unstar", "sp-496136e5b5"],
    ):
        code = main(argv)
        assert code == 0, (argv, code)
    loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6"))
    print("QT-MODULES", loaded, attempted, file=sys.stderr)
    sys.exit(1 if loaded or attempted else 0)
    """
)


def test_commands_other_than_the_window_never_import_qt(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", _NO_QT, str(tmp_path / "lib.sqlite3"), str(SEED), str(tmp_path / "a.ics")],
        cwd=tmp_path, env=_env(), capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "QT-MODULES [] []" in result.stderr
    assert Calendar.from_ical((tmp_path / "a.ics").read_bytes()).walk("VEVENT")


def test_importtime_shows_no_qt_for_list(cli: Planner) -> None:
    argv = [sys.executable, "-X", "importtime", "-m", "planner", "--db", str(cli.db), "list", "--json"]
    result = subprocess.run(argv, cwd=cli.tmp, env=cli.env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert "planner.cli" in result.stderr  # the import log is really there
    assert "PySide6" not in result.stderr and "shiboken6" not in result.stderr


@pytest.mark.parametrize("args", [(), ("open", str(SEED))])
def test_window_without_a_display_says_so_in_one_line(cli: Planner, args: tuple[str, ...]) -> None:
    result = cli(*args)
    assert result.returncode not in (0, 134) and result.returncode > 0, result.returncode
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("planner: ") and "display" in lines[0].lower()
    assert result.stdout == ""


def test_window_with_an_unreachable_display_does_not_abort(cli: Planner) -> None:
    result = cli(env=cli.env | {"DISPLAY": ":97531"}, timeout=30)
    assert result.returncode > 0 and result.returncode != 134, (result.returncode, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("planner: ") and ":97531" in lines[0]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="abstract unix sockets are Linux-only")
def test_x11_probe_sees_a_listening_server() -> None:
    import socket

    from planner.entry import _x11_answers

    number = 40000 + os.getpid() % 20000
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(f"\0/tmp/.X11-unix/X{number}")  # abstract: nothing on disk
        server.listen(8)
        assert _x11_answers(f":{number}") and _x11_answers(f":{number}.0")
        assert _x11_answers(f"unix:{number}")
    assert not _x11_answers(f":{number}")


def test_the_command_line_never_imports_the_window() -> None:
    """planner.entry chooses; the command line is handed the window, never imports it."""
    code = ("import sys, planner.cli, planner.entry; "
            "print(sorted(m for m in sys.modules if m.startswith(('planner.ui', 'PySide6'))))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert result.stdout.strip() == "[]"
    source = (Path(__file__).resolve().parents[2] / "planner" / "ui").rglob("*.py")
    assert not [p.name for p in source if "planner.cli" in p.read_text(encoding="utf-8")]


def test_a_missing_xcb_library_is_named_with_its_package(monkeypatch: pytest.MonkeyPatch) -> None:
    """Qt names only libxcb-cursor0 when any of its X11 libraries is missing, then aborts."""
    import ctypes

    from planner import entry

    def without_icccm(name: str, *args: object, **kwargs: object) -> object:
        if name == "libxcb-icccm.so.4":  # this machine, as if it had every other one
            raise OSError(f"{name}: cannot open shared object file")
        return object()

    monkeypatch.setattr(ctypes, "CDLL", without_icccm)
    assert entry._missing_xcb_packages() == ["libxcb-icccm4"]
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.setattr(entry, "_x11_answers", lambda display: True)
    reason = entry._no_display_reason()
    assert "libxcb-icccm4" in reason and reason.count("\n") == 0
