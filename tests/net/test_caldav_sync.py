"""Syncing My agenda to a real CalDAV server (Radicale on 127.0.0.1, password checked).

Each test starts its own Radicale as a subprocess, with htpasswd authentication and its
storage in tmp_path, and reads the calendar back with a client of its own (plain HTTP and
icalendar), never through the code under test. Radicale's log counts the writes a sync sent.
"""

from __future__ import annotations

import base64
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from icalendar import Calendar

from planner.services import syncing
from planner.services.syncing import SyncError
from planner.store import Library
from planner.store.open import open_library
from tests.export.test_revisions import ORAL1, ORAL2, ORAL2_TIME, ORAL3, SPOT12, modified_seed

pytest.importorskip("radicale")

USER, PASSWORD = "alice", "s3cret"
T1 = datetime(2020, 11, 1, 12, 0, tzinfo=timezone.utc)
T = [T1 + timedelta(days=n) for n in range(8)]


def _free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    url: str
    log: Path
    process: subprocess.Popen[bytes]

    def writes(self) -> int:
        """PUT and DELETE requests the server has received so far."""
        text = self.log.read_text(encoding="utf-8", errors="replace")
        return len(re.findall(r"\] (?:PUT|DELETE) request for ", text))


def _start(tmp_path: Path, port: int, host: str = "127.0.0.1", rights: str | None = None) -> Server:
    """Radicale on ``host`` (127.0.0.2 passes for another machine: loopback, but not "localhost").

    ``rights``: a Radicale rights file's text, instead of "each user owns their collections".
    """
    (tmp_path / "users").write_text(f"{USER}:{PASSWORD}\n", encoding="utf-8")
    if rights is not None:
        (tmp_path / "rights").write_text(rights, encoding="utf-8")
    rule = "type = owner_only" if rights is None else f"type = from_file\nfile = {tmp_path / 'rights'}"
    config = tmp_path / "radicale.conf"
    config.write_text(
        f"[server]\nhosts = {host}:{port}\n"
        f"[auth]\ntype = htpasswd\nhtpasswd_filename = {tmp_path / 'users'}\nhtpasswd_encryption = plain\n"
        f"[storage]\nfilesystem_folder = {tmp_path / 'collections'}\n"
        f"[rights]\n{rule}\n[logging]\nlevel = info\n",
        encoding="utf-8")
    log = tmp_path / "radicale.log"
    with log.open("ab") as out:
        process = subprocess.Popen([sys.executable, "-m", "radicale", "--config", str(config)],
                                   stdout=out, stderr=out)
    deadline = time.monotonic() + 30
    while True:  # polled: the server says nothing a test could wait on until it accepts
        try:
            socket.create_connection((host, port), timeout=1).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError("Radicale did not start:\n" + log.read_text(errors="replace")) from None
            time.sleep(0.05)
    return Server(f"http://{host}:{port}/", log, process)


def _stop(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


@pytest.fixture(name="server")
def radicale(tmp_path: Path) -> Iterator[Server]:
    """``server``: Radicale on 127.0.0.1 for one test (the window's and the kill tests import it)."""
    (tmp_path / "radicale").mkdir()
    running = _start(tmp_path / "radicale", _free_port())
    yield running
    _stop(running)


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    lib = open_library(tmp_path / "library.sqlite3")  # the bundled session
    lib.star([ORAL1, ORAL2, ORAL3])
    yield lib
    lib.close()


# -- an independent client: plain HTTP and icalendar --------------------------------------


def _http(url: str, method: str = "GET", body: bytes = b"", headers: dict[str, str] | None = None
          ) -> tuple[int, dict[str, str], bytes]:
    token = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    request = urllib.request.Request(url, data=body or None, method=method,
                                     headers={"Authorization": f"Basic {token}", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def hrefs(calendar_url: str) -> list[str]:
    """The path of every object in the calendar (one PROPFIND, cheap enough to poll)."""
    status, _, body = _http(calendar_url, "PROPFIND", b'<?xml version="1.0"?><propfind xmlns="DAV:"><prop><getetag/>'
                            b"</prop></propfind>", {"Depth": "1", "Content-Type": "application/xml"})
    assert status == 207
    return [h for h in re.findall(r"<(?:\w+:)?href>([^<]+)</", body.decode()) if h.endswith(".ics")]


def held(calendar_url: str) -> dict[str, tuple[str, object]]:
    """Event id -> (href, VEVENT) of every object in the calendar, read over plain HTTP."""
    found: dict[str, tuple[str, object]] = {}
    for href in hrefs(calendar_url):
        url = calendar_url.split("/", 3)[0] + "//" + calendar_url.split("/", 3)[2] + href
        status, _, data = _http(url)
        assert status == 200
        vevents = Calendar.from_ical(data).walk("VEVENT")
        assert len(vevents) == 1
        uid = str(vevents[0]["UID"])
        assert uid.endswith("@planner.invalid")
        event_id = uid.removesuffix("@planner.invalid")
        assert event_id not in found, "a duplicate"
        found[event_id] = (url, vevents[0])
    return found


def seq(vevent: object) -> int:
    return int(vevent.get("SEQUENCE", 0))  # type: ignore[attr-defined]


def setup(library: Library, server: Server) -> syncing.Account:
    return syncing.setup(library, server.url, USER, password=PASSWORD, alarm_minutes=10)


def sync(library: Library, moment: datetime) -> syncing.SyncResult:
    return syncing.sync(library, password=PASSWORD, now=moment)


# -- the tests ------------------------------------------------------------------------------


def test_setup_creates_the_calendar_and_never_stores_the_password(library: Library, server: Server,
                                                                  tmp_path: Path) -> None:
    acct = setup(library, server)
    assert acct.calendar == "Planner" and acct.calendar_url.startswith(server.url + USER + "/")
    status, _, body = _http(acct.calendar_url, "PROPFIND", b'<?xml version="1.0"?><propfind xmlns="DAV:"><prop>'
                            b"<displayname/></prop></propfind>", {"Depth": "0"})
    assert status == 207 and b"Planner" in body
    # The same name again finds the same calendar instead of making a second one.
    assert setup(library, server).calendar_url == acct.calendar_url
    library.close()
    assert PASSWORD.encode() not in (tmp_path / "library.sqlite3").read_bytes()


def test_sync_holds_exactly_my_agenda_through_star_unstar_update_and_resync(
        library: Library, server: Server, tmp_path: Path) -> None:
    calendar = setup(library, server).calendar_url

    first = sync(library, T[1])
    assert (first.added, first.writes) == (3, 3)
    events = held(calendar)
    assert set(events) == {ORAL1, ORAL2, ORAL3}
    assert all(seq(v) == 0 and str(v["STATUS"]) == "CONFIRMED" for _, v in events.values())
    assert all(len(v.walk("VALARM")) == 1 for _, v in events.values())  # type: ignore[attr-defined]

    # Nothing changed: not one write reaches the server.
    before = server.writes()
    again = sync(library, T[2])
    assert (again.writes, again.unchanged, server.writes()) == (0, 3, before)

    library.star([SPOT12])
    assert sync(library, T[3]).added == 1
    assert set(held(calendar)) == {ORAL1, ORAL2, ORAL3, SPOT12}

    library.unstar([ORAL3])
    assert sync(library, T[4]).deleted == 1
    assert set(held(calendar)) == {ORAL1, ORAL2, SPOT12}

    # The conference moves Oral 2: updated in place, one revision later.
    library.import_schedule(modified_seed(tmp_path, (ORAL2_TIME, "2020-12-10T18:25:00-08:00 - 2020-12-10T18:40:00-08:00")))
    updated = sync(library, T[5])
    assert (updated.updated, updated.writes) == (1, 1)
    events = held(calendar)
    assert set(events) == {ORAL1, ORAL2, SPOT12}
    oral2 = events[ORAL2][1]
    assert seq(oral2) == 1 and oral2["DTSTART"].dt == datetime(2020, 12, 11, 2, 25, tzinfo=timezone.utc)  # type: ignore[index]
    assert seq(events[ORAL1][1]) == 0

    # Starred again: the same entry comes back, a revision above its deletion.
    library.star([ORAL3])
    assert sync(library, T[6]).added == 1
    assert seq(held(calendar)[ORAL3][1]) == 2

    before = server.writes()
    assert sync(library, T[7]).writes == 0 and server.writes() == before


def test_a_talk_removed_from_the_schedule_is_cancelled_once(library: Library, server: Server, tmp_path: Path) -> None:
    from tests.export.test_revisions import drop_block

    calendar = setup(library, server).calendar_url
    sync(library, T[1])
    library.import_schedule(modified_seed(tmp_path, drop_block(ORAL2_TIME, "2020-12-10T18:30:00-08:00 - ")))
    result = sync(library, T[2])
    assert (result.cancelled, result.writes) == (1, 1)
    events = held(calendar)
    assert set(events) == {ORAL1, ORAL2, ORAL3}
    assert (str(events[ORAL2][1]["STATUS"]), seq(events[ORAL2][1])) == ("CANCELLED", 1)  # type: ignore[index]
    assert not events[ORAL2][1].walk("VALARM")  # type: ignore[attr-defined]
    assert sync(library, T[3]).writes == 0


def test_an_event_edited_on_the_server_is_kept_reported_and_not_fought_over(
        library: Library, server: Server, tmp_path: Path) -> None:
    calendar = setup(library, server).calendar_url
    sync(library, T[1])
    url = held(calendar)[ORAL2][0]
    # Someone edits the event on the phone: the server's copy and its ETag change.
    _, _, data = _http(url)
    edited = data.replace(b"\r\nSEQUENCE:0", b"\r\nSEQUENCE:3")
    edited = edited.replace(b"\r\nLOCATION:", b"\r\nCOMMENT:my seat: row 3\r\nLOCATION:")
    assert edited != data
    assert _http(url, "PUT", edited, {"Content-Type": "text/calendar"})[0] in (201, 204)

    # A change that is not the talk's time, room or status (a note) leaves the edit be.
    library.set_note(ORAL2, "ask about the kernel")
    result = sync(library, T[2])
    assert result.writes == 0 and len(result.kept) == 1 and "my seat" not in result.kept[0]
    assert "kept the server's copy" in result.summary()
    after = held(calendar)[ORAL2][1]
    assert str(after["COMMENT"]) == "my seat: row 3" and seq(after) == 3  # type: ignore[index]

    # No loop: the next sync leaves it be.
    before = server.writes()
    again = sync(library, T[3])
    assert (again.writes, again.kept, server.writes()) == (0, (), before)

    # The talk moves: its new time goes out over the edit, numbered above it, and is said.
    library.import_schedule(modified_seed(tmp_path, (ORAL2_TIME, "2020-12-10T18:35:00-08:00 - 2020-12-10T18:50:00-08:00")))
    moved = sync(library, T[4])
    assert (moved.updated, len(moved.replaced)) == (1, 1) and "replaced" in moved.summary()
    assert seq(held(calendar)[ORAL2][1]) == 4


def test_an_event_we_never_created_is_never_touched(library: Library, server: Server) -> None:
    calendar = setup(library, server).calendar_url
    theirs = (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Phone//EN\r\nBEGIN:VEVENT\r\nUID:dentist@phone\r\n"
              b"DTSTAMP:20201101T000000Z\r\nDTSTART:20201210T100000Z\r\nSUMMARY:Dentist\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    assert _http(calendar + "dentist.ics", "PUT", theirs, {"Content-Type": "text/calendar"})[0] == 201
    before = _http(calendar + "dentist.ics")
    sync(library, T[1])
    library.unstar([ORAL1, ORAL2, ORAL3])
    assert sync(library, T[2]).deleted == 3
    after = _http(calendar + "dentist.ics")
    assert (after[0], after[1]["ETag"], after[2]) == (200, before[1]["ETag"], before[2])


def test_a_server_that_is_down_is_said_in_one_line_and_nothing_changes(library: Library, server: Server) -> None:
    setup(library, server)
    sync(library, T[1])
    library.star([SPOT12])
    state = library.get_meta(syncing.STATE_KEY)
    _stop(server)
    with pytest.raises(SyncError, match="cannot reach the calendar server") as failure:
        sync(library, T[2])
    assert "\n" not in str(failure.value)
    assert library.get_meta(syncing.STATE_KEY) == state


def test_a_wrong_password_is_said_plainly(library: Library, server: Server) -> None:
    setup(library, server)
    with pytest.raises(SyncError, match="did not accept the user name and password"):
        syncing.sync(library, password="wrong", now=T[1])


def test_a_sync_killed_half_way_is_repaired_without_duplicates(library: Library, server: Server, tmp_path: Path) -> None:
    calendar = setup(library, server).calendar_url
    # A sync whose writes reached the server but whose state never reached the library
    # (killed between the two): the library forgets, the server keeps.
    state = library.get_meta(syncing.STATE_KEY)
    sync(library, T[1])
    library.set_meta(syncing.STATE_KEY, state or "{}")
    result = sync(library, T[2])
    assert result.kept == ()
    assert set(held(calendar)) == {ORAL1, ORAL2, ORAL3}
    assert sync(library, T[3]).writes == 0

    # The same for an update: the server has the new version, the library remembers the old
    # ETag, so the conditional write fails (412) on our own copy, which is not a conflict.
    state = library.get_meta(syncing.STATE_KEY)
    library.import_schedule(modified_seed(tmp_path, (ORAL2_TIME, "2020-12-10T18:25:00-08:00 - 2020-12-10T18:40:00-08:00")))
    assert sync(library, T[4]).updated == 1
    library.set_meta(syncing.STATE_KEY, state or "{}")
    repaired = sync(library, T[5])
    assert (repaired.kept, repaired.updated) == ((), 1)
    assert seq(held(calendar)[ORAL2][1]) == 1
    assert sync(library, T[6]).writes == 0


def test_plain_http_only_to_this_machine() -> None:
    syncing.check_url("https://dav.example.org/")
    syncing.check_url("http://localhost:5232/")
    syncing.check_url("http://[::1]:5232/")
    with pytest.raises(SyncError, match="unencrypted"):
        syncing.check_url("http://dav.example.org/")
    syncing.check_url("http://dav.example.org/", insecure_http=True)
    with pytest.raises(SyncError):
        syncing.check_url("ftp://dav.example.org/")


def test_sync_before_setup_says_what_to_do(library: Library) -> None:
    with pytest.raises(SyncError, match="planner sync setup"):
        syncing.sync(library, password=PASSWORD)



# -- the command line -------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]


def planner_env(password: str | None = PASSWORD) -> dict[str, str]:
    """The environment of a ``planner`` subprocess: the null keyring, and the password given."""
    env = {k: v for k, v in os.environ.items() if k != "PLANNER_CALDAV_PASSWORD"}
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"  # never the real desktop keyring
    if password is not None:
        env["PLANNER_CALDAV_PASSWORD"] = password
    return env


def planner(db: Path, *args: str, password: str | None = PASSWORD) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "planner", "--db", str(db), *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=120, check=False, env=planner_env(password), stdin=subprocess.DEVNULL)


def test_the_command_line_sets_up_syncs_and_fails_in_one_line(server: Server, tmp_path: Path) -> None:
    db = tmp_path / "cli.sqlite3"
    assert planner(db, "star", ORAL1, ORAL2).returncode == 0
    refused = planner(db, "sync")
    assert (refused.returncode, refused.stderr.count("\n")) == (1, 1) and "planner sync setup" in refused.stderr

    setup = planner(db, "sync", "setup", server.url, "--user", USER, "--alarm", "15")
    assert setup.returncode == 0, setup.stderr
    assert "Planner" in setup.stdout and "PLANNER_CALDAV_PASSWORD" in setup.stderr  # no keyring here

    first = planner(db, "sync", "--json")
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout) == {"added": 2, "updated": 0, "cancelled": 0, "deleted": 0, "unchanged": 0,
                                        "kept": [], "left_off": [], "replaced": [], "restored": []}
    again = planner(db, "sync")
    assert (again.returncode, again.stdout.strip()) == (0, "synced My agenda: nothing to change")

    with open_library(db) as library:
        acct = syncing.account(library)
        assert acct is not None and acct.alarm_minutes == 15
        assert set(held(acct.calendar_url)) == {ORAL1, ORAL2}
    assert PASSWORD not in db.read_text(encoding="latin-1")

    nopassword = planner(db, "sync", password=None)
    assert nopassword.returncode == 1 and "PLANNER_CALDAV_PASSWORD" in nopassword.stderr

    _stop(server)
    down = planner(db, "sync")
    assert down.returncode == 1 and down.stderr.count("\n") == 1
    assert down.stderr.startswith("planner: cannot reach the calendar server")


def test_plain_http_elsewhere_is_refused_before_any_password_is_asked(tmp_path: Path) -> None:
    result = planner(tmp_path / "cli.sqlite3", "sync", "setup", "http://dav.example.org/", password=None)
    assert result.returncode == 1 and "unencrypted" in result.stderr and result.stderr.count("\n") == 1


def _alarm(vevent: object) -> timedelta | None:
    """How long before the start the event's one VALARM rings; None when it has none."""
    alarms = vevent.walk("VALARM")  # type: ignore[attr-defined]
    assert len(alarms) <= 1
    return -alarms[0]["TRIGGER"].dt if alarms else None


def test_planner_sync_sends_the_reminder_kept_with_the_account(server: Server, tmp_path: Path) -> None:
    db = tmp_path / "cli.sqlite3"
    assert planner(db, "star", ORAL1).returncode == 0
    assert planner(db, "sync", "setup", server.url, "--user", USER, "--alarm", "15").returncode == 0
    assert planner(db, "sync").returncode == 0
    with open_library(db) as library:
        acct = syncing.account(library)
    assert acct is not None
    assert _alarm(held(acct.calendar_url)[ORAL1][1]) == timedelta(minutes=15)
    # The window's dialog changes the reminder with syncing.set_alarm, without the server;
    # the command line's next sync sends every event again with it.
    for minutes, rings in ((0, timedelta(0)), (None, None), (30, timedelta(minutes=30))):
        with open_library(db) as library:
            assert syncing.set_alarm(library, minutes) == replace(acct, alarm_minutes=minutes)
        result = planner(db, "sync", "--json")
        assert result.returncode == 0 and json.loads(result.stdout)["updated"] == 1, result.stderr
        assert _alarm(held(acct.calendar_url)[ORAL1][1]) == rings
    with open_library(db) as library:
        assert syncing.set_alarm(library, 30) == replace(acct, alarm_minutes=30)  # the same: nothing to do
    assert json.loads(planner(db, "sync", "--json").stdout)["updated"] == 0


def test_setting_up_again_keeps_the_reminder_unless_told(server: Server, tmp_path: Path) -> None:
    db = tmp_path / "cli.sqlite3"
    assert planner(db, "star", ORAL1).returncode == 0

    def set_up(*extra: str) -> int | None:
        result = planner(db, "sync", "setup", server.url, "--user", USER, *extra)
        assert result.returncode == 0, result.stderr
        assert planner(db, "sync").returncode == 0
        with open_library(db) as library:
            acct = syncing.account(library)
        assert acct is not None
        rings = _alarm(held(acct.calendar_url)[ORAL1][1])
        assert rings == (None if acct.alarm_minutes is None else timedelta(minutes=acct.alarm_minutes))
        return acct.alarm_minutes

    assert set_up() is None  # nothing asked, nothing set
    assert set_up("--alarm", "20") == 20
    assert set_up() == 20  # again (a new password, say): the reminder stays
    assert set_up("--alarm", "0") == 0
    assert set_up() == 0
    assert set_up("--no-alarm") is None
    both = planner(db, "sync", "setup", server.url, "--user", USER, "--alarm", "5", "--no-alarm")
    assert both.returncode == 2 and "not allowed with" in both.stderr


def test_plain_http_to_another_machine_with_insecure_http(tmp_path: Path) -> None:
    # 127.0.0.2 is this machine's loopback too, but not one of the names Planner trusts.
    (tmp_path / "elsewhere").mkdir()
    elsewhere = _start(tmp_path / "elsewhere", _free_port("127.0.0.2"), host="127.0.0.2")
    try:
        db = tmp_path / "cli.sqlite3"
        assert planner(db, "star", ORAL1).returncode == 0
        refused = planner(db, "sync", "setup", elsewhere.url, "--user", USER)
        assert refused.returncode == 1 and "unencrypted" in refused.stderr and "--insecure-http" in refused.stderr
        allowed = planner(db, "sync", "setup", elsewhere.url, "--user", USER, "--insecure-http")
        assert allowed.returncode == 0, allowed.stderr
        assert planner(db, "sync").returncode == 0
        with open_library(db) as library:
            acct = syncing.account(library)
        assert acct is not None and acct.insecure_http
        assert set(held(acct.calendar_url)) == {ORAL1}
    finally:
        _stop(elsewhere)
