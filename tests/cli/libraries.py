"""A library made through the command line from a schedule's text, for the CLI tests."""

from __future__ import annotations

from pathlib import Path

from planner.cli import main


def imported(tmp_path: Path, name: str, text: str) -> Path:
    """A new library in ``tmp_path`` holding the schedule ``text``, added by `planner import`
    from a file called ``name`` (its suffix tells the reader)."""
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    db = tmp_path / "library.sqlite3"
    assert main(["--db", str(db), "import", str(source)]) == 0
    return db
