"""`planner import URL` and `planner refresh [NAME]` end to end, in a subprocess.

The library is a tmp file (first use seeds the bundled session, as for a real user); the
server is the local one from conftest. Exit status 1 comes with exactly one stderr line
per failure.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from planner.cli import main
from planner.store import Library
from tests.conftest import ROOT
from tests.net.conftest import MINI, SEED_BYTES, Server, environ_without_proxy, seed_variant

TITLE = "Orals & Spotlights Track 34: Deep Learning"
SPOT13 = "sp-28274946f1"  # the bundled session's spotlight 13, which the variant drops


class Planner:
    def __init__(self, tmp_path: Path) -> None:
        self.tmp = tmp_path
        self.db = tmp_path / "library.sqlite3"
        self.env = environ_without_proxy()
        for name in ("DISPLAY", "WAYLAND_DISPLAY", "PLANNER_DB"):
            self.env.pop(name, None)
        self.env["PYTHONPATH"] = str(ROOT)

    def __call__(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "planner", "--db", str(self.db), *args],
            cwd=self.tmp, env=self.env, capture_output=True, text=True, encoding="utf-8", timeout=60,
        )


@pytest.fixture
def planner(tmp_path: Path) -> Planner:
    return Planner(tmp_path)


def _ok(result: subprocess.CompletedProcess[str]) -> list[str]:
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    return result.stdout.splitlines()


def test_import_url_then_refresh(planner: Planner, server: Server) -> None:
    mini = server.serve("/mini.txt", MINI, etag='"m1"')
    track = server.serve("/track34.txt", SEED_BYTES, etag='"t1"', last_modified="Wed, 21 Oct 2015 07:28:00 GMT")

    # A URL works like a file: the seeded session is updated (and now remembers its link).
    assert _ok(planner("import", mini, track)) == [
        "added Mini session: 1 event",
        f"updated {TITLE}: 0 changed, 0 new, 0 removed",
    ]
    with Library(planner.db) as library:  # in-process: a subprocess per step is slow
        library.star([SPOT13])

    # In library order: the seeded session came first.
    assert _ok(planner("refresh")) == [f"{TITLE}: unchanged (304)", "Mini session: unchanged (304)"]
    assert server.seen("/track34.txt")[-1].headers["If-None-Match"] == '"t1"'
    assert server.seen("/track34.txt")[-1].headers["If-Modified-Since"] == "Wed, 21 Oct 2015 07:28:00 GMT"

    server.serve("/track34.txt", seed_variant(), etag='"t2"')
    # Spotlight 13 renumbered as 14 is the same talk: its star follows it.
    assert _ok(planner("refresh", "track 34")) == [f"updated {TITLE}: 4 changed, 0 new, 0 removed, 1 renumbered"]
    assert len(server.seen("/mini.txt")) == 2  # refresh NAME asked only for that one
    with Library(planner.db) as library:
        assert library.starred_ids() == {SPOT13}
        origin = library.origin(library.schedules()[0].key)
        assert origin is not None and (origin.url, origin.etag) == (track, '"t2"')


def test_refresh_failures_exit_1_and_the_library_works_offline(
    planner: Planner, server: Server, capsys: pytest.CaptureFixture[str]
) -> None:
    mini = server.serve("/mini.txt", MINI, etag='"m1"')
    track = server.serve("/track34.txt", SEED_BYTES, etag='"t1"')
    assert main(["--db", str(planner.db), "import", mini, track]) == 0
    assert main(["--db", str(planner.db), "list", "--json"]) == 0
    listed = capsys.readouterr().out.splitlines()[2:]  # after the two import summaries

    server.serve("/track34.txt", status=500)
    result = planner("refresh")
    assert result.returncode == 1
    assert result.stdout.splitlines() == ["Mini session: unchanged (304)"]  # the others still refresh
    assert result.stderr.splitlines() == [f"planner: {TITLE}: {track}: HTTP 500 Internal Server Error"]

    server.close()  # offline: what the library holds still works
    assert _ok(planner("list", "--json")) == listed
    ics = planner("export", "--all")
    assert ics.returncode == 0 and ics.stdout.startswith("BEGIN:VCALENDAR")


# The error cases run main() in-process: the same code path and output, without paying
# for a Python start-up per case.


def _main(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, out, err


def _one_line(err: str, *fragments: str) -> None:
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("planner: "), err
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def test_import_url_failures(capsys: pytest.CaptureFixture[str], db_path: Path, server: Server,
                             free_port: int) -> None:
    cases = [
        ((server.url("/missing.xml"),), "/missing.xml: HTTP 404 Not Found"),
        (("ftp://127.0.0.1/schedule.xml",), "ftp: links are not supported"),
        ((f"http://127.0.0.1:{free_port}/x",), "connection refused"),
        (("--timeout", "0.5", server.serve("/slow.xml", MINI, delay=30)), "no answer within 0.5 s (timed out)"),
        ((server.serve("/page", b"<!DOCTYPE html><html></html>"),), "/page: line 1:"),
        # A bad link among good sources: nothing is stored.
        ((server.serve("/mini.txt", MINI), server.url("/missing.xml")), "HTTP 404"),
    ]
    for args, fragment in cases:
        code, out, err = _main(capsys, db_path, "import", *args)
        assert (code, out) == (1, ""), args
        _one_line(err, fragment)
    code, out, _ = _main(capsys, db_path, "schedules")
    assert code == 0 and "Mini session" not in out


def test_refresh_without_url_schedules(capsys: pytest.CaptureFixture[str], db_path: Path) -> None:
    assert _main(capsys, db_path, "refresh") == (
        0, "no schedules from the web to refresh (add one with 'planner import URL')\n", "")
    code, _, err = _main(capsys, db_path, "refresh", "track 34")
    assert code == 1
    _one_line(err, "not added from a URL")
    code, _, err = _main(capsys, db_path, "refresh", "no such thing")
    assert code == 1
    _one_line(err, "no schedule named 'no such thing'")
    with pytest.raises(SystemExit) as usage:
        main(["--db", str(db_path), "refresh", "--timeout", "0"])
    assert usage.value.code == 2 and "--timeout must be more than zero" in capsys.readouterr().err
