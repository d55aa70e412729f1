"""Syncing against a real Radicale when the calendar is not as the last sync left it.

Cancelled talks taken off the agenda, edits and deletions made on the server (the
phone), a calendar the user may not write to, and a calendar whose address holds an
escaped character. The server and the independent client are test_caldav_sync's.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from planner.services import syncing
from planner.services.syncing import SyncError
from planner.store import Library
from planner.store.open import open_library
from tests.export.test_revisions import ORAL1, ORAL2, ORAL2_TIME, ORAL3, drop_block, modified_seed
from tests.net.test_caldav_sync import (
    PASSWORD,
    USER,
    Server,
    T,
    _free_port,
    _http,
    _start,
    _stop,
    held,
    radicale,  # noqa: F401  (the ``server`` fixture)
    seq,
    setup,
    sync,
)

pytest.importorskip("radicale")


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    """The bundled session with three talks starred, as test_caldav_sync's."""
    lib = open_library(tmp_path / "library.sqlite3")
    lib.star([ORAL1, ORAL2, ORAL3])
    yield lib
    lib.close()

MOVED = "2020-12-10T18:25:00-08:00 - 2020-12-10T18:40:00-08:00"
MOVED_AGAIN = "2020-12-10T18:35:00-08:00 - 2020-12-10T18:50:00-08:00"


def _edit_on_server(url: str, comment: str = "my seat: row 3") -> None:
    """What a phone does: the object rewritten with a line of the user's own."""
    _, _, data = _http(url)
    edited = data.replace(b"\r\nLOCATION:", f"\r\nCOMMENT:{comment}\r\nLOCATION:".encode(), 1)
    assert edited != data
    assert _http(url, "PUT", edited, {"Content-Type": "text/calendar"})[0] in (201, 204)


# -- a cancelled talk taken off the agenda ---------------------------------------------------


def test_a_cancelled_talk_unstarred_is_deleted_from_the_server(library: Library, server: Server,
                                                               tmp_path: Path) -> None:
    calendar = setup(library, server).calendar_url
    sync(library, T[1])
    library.import_schedule(modified_seed(tmp_path, drop_block(ORAL2_TIME, "2020-12-10T18:30:00-08:00 - ")))
    assert sync(library, T[2]).cancelled == 1
    assert str(held(calendar)[ORAL2][1]["STATUS"]) == "CANCELLED"  # type: ignore[index]

    library.unstar([ORAL2])
    result = sync(library, T[3])
    assert (result.deleted, result.writes) == (1, 1)
    assert set(held(calendar)) == {ORAL1, ORAL3}
    assert sync(library, T[4]).writes == 0


# -- edits and deletions made on the server ---------------------------------------------------


def test_a_server_edit_outlives_changes_to_the_note_and_says_so(library: Library, server: Server) -> None:
    calendar = setup(library, server).calendar_url
    sync(library, T[1])
    url = held(calendar)[ORAL2][0]
    _edit_on_server(url)

    library.set_note(ORAL2, "ask about the kernel")
    first = sync(library, T[2])
    assert (first.writes, first.kept) == (0, (first.kept[0],)) and "kept the server's copy" in first.summary()
    assert str(held(calendar)[ORAL2][1]["COMMENT"]) == "my seat: row 3"  # type: ignore[index]

    # Another note: still not worth the user's edit; said again, since this change did not go out either.
    library.set_note(ORAL2, "ask about the kernel, and the spectra")
    second = sync(library, T[3])
    assert (second.writes, len(second.kept)) == (0, 1)
    assert str(held(calendar)[ORAL2][1]["COMMENT"]) == "my seat: row 3"  # type: ignore[index]

    # Nothing new: nothing said, nothing written.
    before = server.writes()
    third = sync(library, T[4])
    assert (third.writes, third.kept, server.writes()) == (0, (), before)


def test_a_talk_that_moves_reaches_the_calendar_over_a_server_edit(library: Library, server: Server,
                                                                   tmp_path: Path) -> None:
    calendar = setup(library, server).calendar_url
    sync(library, T[1])
    url = held(calendar)[ORAL2][0]
    _, _, data = _http(url)
    assert _http(url, "PUT", data.replace(b"\r\nSEQUENCE:0", b"\r\nSEQUENCE:3"), {"Content-Type": "text/calendar"}
                 )[0] in (201, 204)
    _edit_on_server(url)

    library.import_schedule(modified_seed(tmp_path, (ORAL2_TIME, MOVED)))
    result = sync(library, T[2])
    assert (result.updated, result.writes, result.kept) == (1, 1, ())
    assert len(result.replaced) == 1 and "replaced" in result.summary()
    after = held(calendar)[ORAL2][1]
    assert "COMMENT" not in after and seq(after) > 3  # type: ignore[operator]
    assert sync(library, T[3]).writes == 0


def test_a_talk_cancelled_while_edited_on_the_server_is_cancelled_there(library: Library, server: Server,
                                                                        tmp_path: Path) -> None:
    calendar = setup(library, server).calendar_url
    sync(library, T[1])
    _edit_on_server(held(calendar)[ORAL2][0])

    library.import_schedule(modified_seed(tmp_path, drop_block(ORAL2_TIME, "2020-12-10T18:30:00-08:00 - ")))
    result = sync(library, T[2])
    assert (result.cancelled, result.writes, result.kept, len(result.replaced)) == (1, 1, (), 1)
    assert str(held(calendar)[ORAL2][1]["STATUS"]) == "CANCELLED"  # type: ignore[index]


def test_a_copy_deleted_on_the_server_is_left_off_until_the_talk_changes(library: Library, server: Server,
                                                                         tmp_path: Path) -> None:
    calendar = setup(library, server).calendar_url
    sync(library, T[1])
    assert _http(held(calendar)[ORAL2][0], "DELETE")[0] in (200, 204)

    library.set_note(ORAL2, "a note")
    first = sync(library, T[2])
    assert first.writes == 0 and first.kept == () and len(first.left_off) == 1
    assert "kept the server's copy" not in first.summary() and "deleted on the server" in first.summary()
    assert set(held(calendar)) == {ORAL1, ORAL3}

    library.set_note(ORAL2, "another note")
    assert sync(library, T[3]).writes == 0  # not put back quietly
    assert set(held(calendar)) == {ORAL1, ORAL3}

    library.import_schedule(modified_seed(tmp_path, (ORAL2_TIME, MOVED_AGAIN)))
    moved = sync(library, T[4])
    assert (moved.added, moved.writes, len(moved.restored)) == (1, 1, 1) and "put back" in moved.summary()
    assert set(held(calendar)) == {ORAL1, ORAL2, ORAL3}
    assert sync(library, T[5]).writes == 0


def test_a_copy_deleted_on_the_server_and_then_unstarred_is_no_write(library: Library, server: Server) -> None:
    calendar = setup(library, server).calendar_url
    sync(library, T[1])
    assert _http(held(calendar)[ORAL2][0], "DELETE")[0] in (200, 204)
    library.set_note(ORAL2, "a note")
    sync(library, T[2])
    library.unstar([ORAL2])
    result = sync(library, T[3])
    assert result.kept == () and set(held(calendar)) == {ORAL1, ORAL3}
    library.star([ORAL2])  # starred again: the user asks for it
    assert sync(library, T[4]).added == 1 and set(held(calendar)) == {ORAL1, ORAL2, ORAL3}


# -- a calendar the user may read but not write ----------------------------------------------

READ_ONLY_RIGHTS = """\
[own]
user: .+
collection: {user}(/[^/]*)?
permissions: RrW
[root]
user: .+
collection:
permissions: R
"""


def test_a_read_only_calendar_is_not_called_a_wrong_password(library: Library, tmp_path: Path) -> None:
    port = _free_port()
    writable = _start(tmp_path, port)
    try:
        setup(library, writable)
    finally:
        _stop(writable)
    read_only = _start(tmp_path, port, rights=READ_ONLY_RIGHTS)  # the same storage, now not writable
    try:
        with pytest.raises(SyncError) as refused:
            sync(library, T[1])
        assert "403 Forbidden" in str(refused.value) and "read-only" in str(refused.value)
        assert "password" not in str(refused.value)
        with pytest.raises(SyncError, match="did not accept the user name and password"):
            syncing.sync(library, password="wrong", now=T[1])
    finally:
        _stop(read_only)


# -- an address with an escaped character --------------------------------------------------------


def test_setup_keeps_a_calendar_address_percent_encoded(library: Library, server: Server) -> None:
    home = f"{server.url}{USER}/"
    _http(home, "PROPFIND", b"", {"Depth": "0"})  # Radicale makes the principal on first sight
    made = _http(home + "my%20cal%20%23x/", "MKCALENDAR",
                 b'<?xml version="1.0"?><C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">'
                 b"<D:set><D:prop><D:displayname>Hash</D:displayname></D:prop></D:set></C:mkcalendar>")
    assert made[0] == 201, made
    acct = syncing.setup(library, server.url, USER, "Hash", password=PASSWORD)
    assert acct.calendar_url == home + "my%20cal%20%23x/"
    assert sync(library, T[1]).added == 3
    assert set(held(acct.calendar_url)) == {ORAL1, ORAL2, ORAL3}
