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
