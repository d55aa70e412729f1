"""Which schedule an import updates (planner.store.importing.prepare), at its edges.

The common cases run through `planner import` in tests/cli/test_which_schedule.py; these
are the rules behind them: a file that names its schedule continues one under another
name only when the title is the same (a merged "all rooms" schedule holding the same
talks is a schedule of its own), and the talks too.
"""

from __future__ import annotations

from pathlib import Path

from planner.formats import load
from planner.store import Library


def _xml(acronym: str, title: str, talks: list[tuple[str, str, str]]) -> bytes:
    """Pentabarf XML, one room on 10 March 2025: (guid, hh:mm, title) talks."""
    events = "".join(
        f'<event guid="{guid}"><date>2025-03-10T{hhmm}:00+01:00</date><start>{hhmm}</start>'
        f"<duration>00:30</duration><room>Main</room><title>{name}</title><type>Talk</type></event>"
        for guid, hhmm, name in talks)
    return (f'<?xml version="1.0"?><schedule><conference><acronym>{acronym}</acronym><title>{title}</title>'
            f'<time_zone_name>Europe/Brussels</time_zone_name></conference><day date="2025-03-10">'
            f'<room name="Main">{events}</room></day></schedule>').encode()


TALKS = [("a1a1a1a1-0000-4000-8000-000000000001", "10:00", "Opening"),
         ("a1a1a1a1-0000-4000-8000-000000000002", "11:00", "Packaging in depth")]


def _write(path: Path, data: bytes) -> str:
    path.write_bytes(data)
    return str(path)


def test_a_merged_schedule_with_a_title_of_its_own_is_another_schedule(db_path: Path, tmp_path: Path) -> None:
    """A conference's "all rooms" schedule repeats its talks (guids too) under another
    name and title: a schedule of its own beside it, as before."""
    extra = [("b2b2b2b2-0000-4000-8000-000000000001", "12:00", "Lightning talks")]
    with Library(db_path) as lib:
        lib.import_schedule(load(_write(tmp_path / "devroom.xml", _xml("minicon-dev", "MiniCon devroom", TALKS))))
        summary = lib.import_schedule(load(_write(tmp_path / "all.xml", _xml("minicon", "MiniCon", TALKS + extra))))
        assert summary.created
        assert [(s.title, s.event_count) for s in lib.schedules()] == [("MiniCon devroom", 2), ("MiniCon", 3)]


def test_a_renamed_schedule_with_other_talks_at_the_same_title_is_not_an_update(db_path: Path, tmp_path: Path) -> None:
    """A title alone says nothing: the talks must be the same too."""
    other = [("c3c3c3c3-0000-4000-8000-000000000001", "09:00", "Keysigning"),
             ("c3c3c3c3-0000-4000-8000-000000000002", "15:00", "Cheese and wine")]
    with Library(db_path) as lib:
        lib.import_schedule(load(_write(tmp_path / "a.xml", _xml("minicon24", "MiniCon", TALKS))))
        assert lib.import_schedule(load(_write(tmp_path / "b.xml", _xml("minicon25", "MiniCon", other)))).created
        assert [s.key for s in lib.schedules()] == ["pentabarf:minicon24", "pentabarf:minicon25"]
