"""Opening a library file that may be damaged, and setting a damaged one aside.

A file is judged before it is used: its header (not SQLite at all: refused and left in
place; truncated; from a newer Planner), then PRAGMA quick_check on a read-only
connection, which leaves a damaged or too new file exactly as it was. A damaged file is never repaired or deleted: Library
moves it aside (move_aside) and starts a new one. Damage met later, while reading,
leaves a marker (request_full_check) that makes the next open check every page. The
search index an import died before writing in full is finished by every open.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import threading
import time
import urllib.parse
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

from planner.store.errors import NotALibrary, StoreError
from planner.store.schema import PAGE_SIZE, REMOVING, SCHEMA_VERSION, SEARCH_PENDING, migrate

_SQLITE_MAGIC = b"SQLite format 3\x00"
# SQLITE_CORRUPT and SQLITE_NOTADB: the file itself is bad. Anything else (locked,
# read-only, I/O, permission) is a problem of the moment and never moves a file aside.
_CORRUPTION_CODES = {11, 26}
_COMPANIONS = ("-wal", "-shm", "-journal")


# POSIX advisory locks belong to a process, not to a descriptor: closing any descriptor of
# a file drops every lock the process holds on it. SQLite keeps its own connections' files
# open for that reason, but an open() of ours would have dropped them: a window whose worker
# opened a second Library read the header, closed it, and lost its locks; the next
# `planner` command to close then thought itself the last user, folded the WAL in and
# deleted it under the window, whose later stars went to a deleted file. So while this
# process has a library open (by file identity, how many connections), its file is never
# opened but through SQLite.
_HELD: Counter[tuple[int, int]] = Counter()
_HELD_BY: dict[int, tuple[int, int]] = {}  # id(connection) -> its file's identity
_HELD_LOCK = threading.Lock()  # workers open their own Library on their own threads


def _held(identity: tuple[int, int] | None) -> bool:
    with _HELD_LOCK:
        return identity is not None and _HELD[identity] > 0


def _hold(conn: sqlite3.Connection, identity: tuple[int, int] | None) -> None:
    if identity is not None:
        with _HELD_LOCK:
            _HELD[identity] += 1
            _HELD_BY[id(conn)] = identity


def disconnect(conn: sqlite3.Connection) -> None:
    """Close a connection connect() made (Library.close)."""
    conn.close()
    with _HELD_LOCK:
        identity = _HELD_BY.pop(id(conn), None)
        if identity is not None:
            _HELD[identity] -= 1
            if _HELD[identity] <= 0:
                del _HELD[identity]


class Damaged(Exception):
    """The file at the library path is not a healthy SQLite database."""

    def __init__(self, reason: str, identity: tuple[int, int] | None) -> None:
        super().__init__(reason)
        self.identity = identity


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def upgrade_pending(path: str | os.PathLike[str]) -> bool:
    """Whether opening ``path`` will migrate a library written by an older Planner.

    An upgrade can rebuild the search index (seconds at 50,000 events), so the window
    says what it is doing first. Read from the header; no connection is opened. A library
    this process has open is migrated already (and its file must not be opened: _HELD).
    """
    if _held(_identity(Path(path))):
        return False
    try:
        with open(path, "rb") as handle:
            header = handle.read(100)
    except OSError:
        return False
    if len(header) < 64 or not header.startswith(_SQLITE_MAGIC):
        return False
    return 0 < int.from_bytes(header[60:64], "big") < SCHEMA_VERSION


def connect(path: Path, full_check: bool | None) -> sqlite3.Connection:
    """Open ``path`` read-write, creating and migrating it; Damaged if the file is not sound.

    ``full_check`` as Library's. A file from a newer Planner raises StoreError untouched.
    """
    try:
        str(path).encode("utf-8")  # SQLite takes names as UTF-8 only
    except UnicodeEncodeError:
        shown = os.fsencode(path).decode("utf-8", "backslashreplace")
        raise StoreError(f"cannot open {shown}: SQLite cannot open a file whose name is not UTF-8; "
                         "give another --db") from None
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not path.exists():
        # Created user-only before SQLite writes a byte: stars and notes are private.
        # SQLite gives the -wal and -shm files the same mode as the database.
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)
    identity = _identity(path)
    # Opened here already: judged then, and its file must not be opened again (_HELD).
    # _probe below still reads its version, through SQLite.
    header = b"" if _held(identity) else _read_header(path)
    if header and not header.startswith(_SQLITE_MAGIC[: len(header)]):
        # Never a library (notes.txt, a calendar given as --db by mistake): moving it aside
        # and starting a library under its name renamed the user's own file.
        raise NotALibrary(f"{path} is not a Planner library (it is not an SQLite database); it was left untouched")
    if header and len(header) < len(_SQLITE_MAGIC):
        raise Damaged("truncated", identity)
    # user_version is stored big-endian at offset 60: a file from a newer Planner is
    # refused before SQLite opens it and leaves -wal/-shm files beside it.
    version = int.from_bytes(header[60:64], "big") if len(header) >= 64 else 0
    if version <= SCHEMA_VERSION:
        version = _probe(path, identity, full_check)
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path} was written by a newer version of Planner (schema {version}, "
            f"this version reads up to {SCHEMA_VERSION}); it was left untouched"
        )
    try:
        conn = sqlite3.connect(path, timeout=10.0, isolation_level=None)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"cannot open {path}: {exc}") from None
    try:
        conn.execute("PRAGMA busy_timeout = 10000")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version == 0:  # a new file takes its page size now or never (not once in WAL)
            conn.execute(f"PRAGMA page_size = {PAGE_SIZE}")
        _use_wal(conn)
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        migrate(conn, version)
        # An import that died after storing a new schedule's events, before its search
        # index was all written, left the rest in meta: search finds every event again
        # from this open on. (Also run when the import is still at it elsewhere: then
        # this takes over, and that import finds nothing left.)
        if conn.execute("SELECT 1 FROM meta WHERE key = ?", (SEARCH_PENDING,)).fetchone() is not None:
            from planner.store.importing import finish_index  # lazy: 10 M instructions a start, rarely needed

            finish_index(conn)
        # A removal that died part-way left its schedule hidden with some of its events:
        # they go now (importing.finish_removals).
        if conn.execute("SELECT 1 FROM schedules WHERE staging = ? LIMIT 1", (REMOVING,)).fetchone() is not None:
            from planner.store.importing import finish_removals  # lazy: as above

            finish_removals(conn)
    except sqlite3.OperationalError as exc:  # locked for longer than the busy timeout, I/O
        conn.close()
        raise StoreError(f"cannot open {path}: {exc}") from None
    except BaseException:
        conn.close()
        raise
    _hold(conn, identity)
    return conn


def _probe(path: Path, identity: tuple[int, int] | None, full_check: bool | None, *, retried: bool = False) -> int:
    """The file's schema version, after PRAGMA quick_check if it is one we can read.

    Read-only, so a file found damaged or too new stays exactly as it was: closing
    a read-write connection would fold the -wal into it.
    """
    try:
        conn = sqlite3.connect(_read_only_uri(path), uri=True, timeout=10.0)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"cannot open {path}: {exc}") from None
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if version <= SCHEMA_VERSION:  # a newer file is refused, never judged
            marker = check_marker(path)
            asked = marker.exists()
            if _quick_check(conn, identity, full=True if asked else full_check) and asked:
                marker.unlink(missing_ok=True)  # every page was sound: nothing to follow up
        return version
    except sqlite3.DatabaseError as exc:
        if getattr(exc, "sqlite_errorcode", None) == _SQLITE_READONLY_ROLLBACK and not retried:
            # A writer died inside a transaction before the file was in WAL mode (a
            # library being created) and left a hot rollback journal, which only a
            # read-write connection may play back. Playing it back is what SQLite
            # does on any open: it restores the file as it was before that
            # transaction. Then judge the file as usual.
            conn.close()
            _roll_back_hot_journal(path)
            return _probe(path, identity, full_check, retried=True)
        if _is_corruption(exc):
            raise Damaged(str(exc), identity) from None
        raise StoreError(f"cannot open {path}: {exc}") from None
    finally:
        conn.close()


def _read_header(path: Path) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read(100)  # the database header
    except OSError as exc:
        raise StoreError(f"cannot open {path}: {exc.strerror or exc}") from None


def _use_wal(conn: sqlite3.Connection, timeout: float = 10.0) -> None:
    """Switch a new file to WAL, retrying while another process opens it at the same time.

    The switch needs an exclusive lock, and SQLite answers "database is locked" at once,
    without the busy handler, when two connections both hold a shared lock and want it.
    """
    deadline = time.monotonic() + timeout
    while True:
        try:
            if str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if getattr(exc, "sqlite_errorcode", 5) & 0xFF != 5 or time.monotonic() > deadline:  # SQLITE_BUSY
                raise
            time.sleep(0.005)


_SQLITE_READONLY_ROLLBACK = 776  # SQLITE_READONLY | (3 << 8): a hot journal, read-only connection


def _roll_back_hot_journal(path: Path) -> None:
    """Let SQLite play back a hot rollback journal (it does so on the first read)."""
    try:
        conn = sqlite3.connect(path, timeout=10.0)
    except sqlite3.DatabaseError:
        return  # the read-only probe that follows reports what is wrong
    try:
        conn.execute("PRAGMA user_version").fetchone()
    except sqlite3.DatabaseError:
        pass
    finally:
        conn.close()


def _read_only_uri(path: Path) -> str:
    text = path.absolute().as_posix()
    if not text.startswith("/"):
        text = "/" + text  # Windows: file:/C:/...
    return "file:" + urllib.parse.quote(text, safe="/:") + "?mode=ro"


def _is_corruption(exc: sqlite3.DatabaseError) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in _CORRUPTION_CODES
    return "malformed" in str(exc) or "not a database" in str(exc)


# Up to this size every page is checked at every open (about 10 ms for 2,000 events).
# Above it, a full check costs 150-350 ms at 50,000 events on every `planner` command,
# so only the tables holding what the attendee made (and cannot re-import) are checked.
FULL_CHECK_BYTES = 32 * 1024 * 1024
_USER_TABLES = ("stars", "notes", "planned", "attendance", "friends", "friend_picks", "exports", "meta", "schedules")


def _quick_check(conn: sqlite3.Connection, identity: tuple[int, int] | None, *, full: bool | None = None) -> bool:
    """PRAGMA quick_check: every page and row readable (5 ms per 1,000 events).

    It finds truncated files and damaged pages, which the header alone does not show.
    ``full`` as Library's ``full_check``. Returns whether every page was checked.
    """
    if full is None:
        pages, page_size = (conn.execute(f"PRAGMA {p}").fetchone()[0] for p in ("page_count", "page_size"))
        full = pages * page_size <= FULL_CHECK_BYTES
    if full:
        checks = ["PRAGMA quick_check(3)"]
    else:
        known = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        checks = [f"PRAGMA quick_check({table})" for table in _USER_TABLES if table in known]
    for check in checks:
        rows = conn.execute(check).fetchall()
        if [r[0] for r in rows] != ["ok"]:
            raise Damaged("integrity check failed: " + "; ".join(str(r[0]) for r in rows), identity)
    return full


def check_marker(path: Path) -> Path:
    """The file beside a library whose presence makes its next open check every page."""
    return path.with_name(path.name + ".check")


def request_full_check(path: str | os.PathLike[str]) -> None:
    """Damage was seen in ``path`` while it was in use: have the next open check every page.

    That open then finds the damage and, as for damage found at any open, moves the
    file aside (kept, never deleted) and starts a new library.
    """
    try:
        check_marker(Path(path)).write_text("damage was seen; the next open checks every page\n", encoding="utf-8")
    except OSError:
        pass  # a read-only folder: the library cannot be replaced there either


def find_damage(path: str | os.PathLike[str]) -> str:
    """PRAGMA quick_check of every page on a read-only connection of its own: "" when
    sound, else what is wrong. Takes 5 ms per 1,000 events and may run in another
    thread (SQLite does not hold Python's lock meanwhile)."""
    try:
        conn = sqlite3.connect(_read_only_uri(Path(path)), uri=True, timeout=10.0)
    except sqlite3.Error as exc:
        return str(exc)
    try:
        _quick_check(conn, None, full=True)  # the same check an open makes
    except Damaged as exc:
        return str(exc)
    except sqlite3.DatabaseError as exc:
        return str(exc) if is_damage(exc) else ""  # busy or locked: not damage
    finally:
        conn.close()
    return ""


_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY = 5, 6, 8


def cannot_write(path: Path, exc: sqlite3.Error) -> str:
    """The one line for a write the library refused for a reason of the moment, not damage."""
    code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
    if code in (_SQLITE_BUSY, _SQLITE_LOCKED) or "locked" in str(exc):
        return (f"cannot write to the library {path}: another program is writing it ({exc}); "
                "nothing was changed: try again when it has finished")
    if code == _SQLITE_READONLY or "readonly" in str(exc):
        return (f"cannot write to the library {path}: it is read-only ({exc}); nothing was changed: "
                "make the file and its folder writable, or use another library (--db)")
    return f"cannot write to the library {path}: {exc}; nothing was changed"


def is_damage(exc: BaseException) -> bool:
    """Whether an error from SQLite says the file is damaged (not locked, not missing)."""
    return isinstance(exc, sqlite3.DatabaseError) and _is_corruption(exc)


def move_aside(path: Path, identity: tuple[int, int] | None) -> Path | None:
    """Rename a damaged library (and its -wal/-shm) to ``NAME.damaged-<UTC time>.EXT``.

    Never overwrites: an existing name gets a counter. The -wal goes with its database
    so the pair can still be examined, and so it is never replayed into the new one.
    Returns None when another Planner process moved it first (it tells its user).
    """
    if identity is not None and _identity(path) != identity:
        return None
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    for n in range(1, 1000):
        suffix = "" if n == 1 else f"-{n}"
        target = path.with_name(f"{path.stem}.damaged-{stamp}{suffix}{path.suffix}")
        if any(Path(f"{target}{c}").exists() for c in ("", *_COMPANIONS)):
            continue
        try:
            _rename_no_clobber(path, target)
        except FileExistsError:
            continue
        except OSError as exc:
            raise StoreError(f"{path} is damaged and could not be moved aside: {exc.strerror or exc}") from None
        for companion in _COMPANIONS:
            source = Path(f"{path}{companion}")
            if source.exists():
                try:
                    _rename_no_clobber(source, Path(f"{target}{companion}"))
                except OSError as exc:
                    raise StoreError(
                        f"{path} was damaged and moved to {target}, but {source} could not be "
                        f"moved with it ({exc.strerror or exc}); move it next to {target} by hand"
                    ) from None
        return target
    raise StoreError(f"{path} is damaged and there is no free name to move it aside")


def _rename_no_clobber(source: Path, target: Path) -> None:
    """Rename, failing with FileExistsError instead of replacing ``target``."""
    try:
        os.link(source, target)  # atomic: fails if target exists
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK, errno.ENOSYS):
            raise
        if target.exists():  # a filesystem without hard links: check, then rename
            raise FileExistsError(errno.EEXIST, "exists", str(target)) from None
        os.rename(source, target)
        return
    os.unlink(source)

