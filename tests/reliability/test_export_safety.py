"""Exports are atomic: a failed write leaves the old file exactly as it was.

write_atomic writes a temporary file beside the target, fsyncs it and renames it over
the target, so at every moment the target is either the old file or the complete new
one. Failures are simulated where real ones happen (the write, the fsync that reports
delayed allocation on a full disk, the rename) and once made real by the kernel, with a
file-size limit (RLIMIT_FSIZE) in a child process.
"""

from __future__ import annotations

import errno
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import planner.fileio
from planner import cli
from planner.fileio import write_atomic
from planner.store.open import open_library

ROOT = Path(__file__).resolve().parents[2]
OLD = b"BEGIN:VCALENDAR\r\nX-OLD:keep me\r\nEND:VCALENDAR\r\n"
NEW = b"BEGIN:VCALENDAR\r\n" + b"X-NEW:" + b"n" * 200_000 + b"\r\nEND:VCALENDAR\r\n"


def _full_disk() -> OSError:
    return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


class _FullDiskHandle(io.BufferedWriter):
    """Accepts a few bytes, then fails as write(2) does on a full disk."""

    def write(self, data):  # type: ignore[no-untyped-def,override]
        super().write(bytes(data)[:100])
        raise _full_disk()


def _fail_write(monkeypatch: pytest.MonkeyPatch) -> None:
    real_fdopen = os.fdopen

    def fdopen(fd, mode="r", *args, **kwargs):  # type: ignore[no-untyped-def]
        if "w" in mode:
            return _FullDiskHandle(io.FileIO(fd, "wb"))
        return real_fdopen(fd, mode, *args, **kwargs)

    monkeypatch.setattr(planner.fileio.os, "fdopen", fdopen)


def _fail_fsync(monkeypatch: pytest.MonkeyPatch) -> None:
    def fsync(fd: int) -> None:
        raise _full_disk()

    monkeypatch.setattr(planner.fileio.os, "fsync", fsync)


def _fail_rename(monkeypatch: pytest.MonkeyPatch) -> None:
    def replace(src: object, dst: object) -> None:
        raise OSError(errno.EXDEV, os.strerror(errno.EXDEV))

    monkeypatch.setattr(planner.fileio.os, "replace", replace)


FAILURES = {"write": _fail_write, "fsync": _fail_fsync, "rename": _fail_rename}


def _siblings(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize("where", list(FAILURES))
def test_a_failed_write_leaves_the_old_file_and_no_debris(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          where: str) -> None:
    target = tmp_path / "agenda.ics"
    target.write_bytes(OLD)
    FAILURES[where](monkeypatch)
    with pytest.raises(OSError):
        write_atomic(target, NEW)
    assert target.read_bytes() == OLD
    assert _siblings(tmp_path) == ["agenda.ics"]  # the temporary file is gone


@pytest.mark.parametrize("where", list(FAILURES))
def test_a_failed_first_write_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    FAILURES[where](monkeypatch)
    with pytest.raises(OSError):
        write_atomic(tmp_path / "agenda.ics", NEW)
    assert _siblings(tmp_path) == []


def test_a_real_write_failure_from_the_kernel(tmp_path: Path) -> None:
    """RLIMIT_FSIZE makes write(2) fail with EFBIG, as a full disk fails with ENOSPC."""
    target = tmp_path / "agenda.ics"
    target.write_bytes(OLD)
    code = (
        "import resource, signal, sys\n"
        "from planner.fileio import write_atomic\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (65536, 65536))\n"
        "try:\n"
        "    write_atomic(sys.argv[1], b'x' * 1_000_000)\n"
        "except OSError as exc:\n"
        "    print(exc.errno)\n"
    )
    run = subprocess.run([sys.executable, "-c", code, str(target)], capture_output=True, text=True, cwd=ROOT,
                         env=dict(os.environ, PYTHONPATH=str(ROOT)), timeout=60)
    assert run.stderr == "" and run.stdout.strip() == str(errno.EFBIG)
    assert target.read_bytes() == OLD
    assert _siblings(tmp_path) == ["agenda.ics"]


def test_the_target_is_only_ever_old_or_complete(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """At the rename, the target still holds the old bytes and the new file is complete."""
    target = tmp_path / "agenda.ics"
    target.write_bytes(OLD)
    seen = {}
    real_replace = os.replace

    def replace(src: str, dst: str) -> None:
        seen["target"] = Path(dst).read_bytes()
        seen["new"] = Path(src).read_bytes()
        seen["same folder"] = Path(src).parent == target.parent
        real_replace(src, dst)

    monkeypatch.setattr(planner.fileio.os, "replace", replace)
    write_atomic(target, NEW)
    assert seen == {"target": OLD, "new": NEW, "same folder": True}
    assert target.read_bytes() == NEW and _siblings(tmp_path) == ["agenda.ics"]


# -- the command line -----------------------------------------------------------------------


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "lib" / "library.sqlite3"
    with open_library(path) as lib:
        lib.star([lib.events()[0].id])
    return path


def _one_line(capsys: pytest.CaptureFixture[str], *needles: str) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("planner: "), err
    for needle in needles:
        assert needle in err, err
    return err


@pytest.mark.parametrize("where", list(FAILURES))
def test_cli_export_on_a_full_disk(db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str], where: str) -> None:
    target = tmp_path / "out" / "agenda.ics"
    target.parent.mkdir()
    target.write_bytes(OLD)
    FAILURES[where](monkeypatch)
    assert cli.main(["--db", str(db), "export", "-o", str(target)]) == 1
    _one_line(capsys, str(target), "nothing was changed")
    assert target.read_bytes() == OLD and _siblings(target.parent) == ["agenda.ics"]


def _unwritable(tmp_path: Path, kind: str) -> Path:
    if kind == "missing folder":
        return tmp_path / "missing" / "agenda.ics"
    if kind == "target is a folder":
        (tmp_path / "agenda.ics").mkdir()
        return tmp_path / "agenda.ics"
    if kind == "parent is a file":
        (tmp_path / "file").write_text("x")
        return tmp_path / "file" / "agenda.ics"
    raise AssertionError(kind)


@pytest.mark.parametrize("kind", ["missing folder", "target is a folder", "parent is a file"])
def test_cli_export_to_an_unwritable_path(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          kind: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    target = _unwritable(out, kind)
    before = {p.name for p in out.rglob("*")}
    assert cli.main(["--db", str(db), "export", "-o", str(target)]) == 1
    _one_line(capsys, str(target))
    assert {p.name for p in out.rglob("*")} == before


@pytest.fixture
def read_only_folder(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A folder nobody may add files to: mode 0555, and for root (who ignores modes)
    the immutable attribute, when the filesystem has one."""
    folder = tmp_path / "read-only"
    folder.mkdir()
    (folder / "agenda.ics").write_bytes(OLD)
    folder.chmod(0o555)
    immutable = False
    if os.geteuid() == 0:
        immutable = shutil.which("chattr") is not None and subprocess.run(
            ["chattr", "+i", str(folder)], capture_output=True).returncode == 0
        if not immutable:
            folder.chmod(0o755)
            pytest.skip("running as root, and this filesystem cannot make a folder read-only")
    yield folder
    if immutable:
        subprocess.run(["chattr", "-i", str(folder)], check=True)
    folder.chmod(0o755)


def test_cli_export_into_a_read_only_folder(db: Path, read_only_folder: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    target = read_only_folder / "agenda.ics"
    assert cli.main(["--db", str(db), "export", "-o", str(target)]) == 1
    _one_line(capsys, str(target), "not permitted" if os.geteuid() == 0 else "Permission denied")
    assert target.read_bytes() == OLD and _siblings(read_only_folder) == ["agenda.ics"]
