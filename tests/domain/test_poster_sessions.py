"""Poster sessions folded into one block of the day (planner.domain.poster_sessions)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from planner.domain.days import DayOutline
from planner.domain.model import Event, Kind
from planner.domain.poster_sessions import (
    FOLD_AT,
    UNTITLED,
    block_id,
    fold,
    haystack,
    in_board_order,
    is_block_id,
    matches,
    topic_counts,
)

ZONE = timezone(timedelta(hours=-8))
T11 = datetime(2031, 12, 9, 11, tzinfo=ZONE)
T14 = datetime(2031, 12, 9, 14, tzinfo=ZONE)


def outline(rows: list[tuple[str, Kind, datetime, datetime, str, str]]) -> DayOutline:
    """(id, kind, start, end, room, session) rows, tracks empty."""
    ids, kinds, starts, ends, rooms, sessions = (list(column) for column in zip(*rows, strict=True))
    return DayOutline(ids, kinds, starts, ends, rooms, [""] * len(rows), sessions)


def posters(prefix: str, count: int, session: str = "Poster Session 6", start: datetime = T11,
            end: datetime = T14, room: str = "Hall C") -> list[tuple[str, Kind, datetime, datetime, str, str]]:
    return [(f"{prefix}{i}", Kind.POSTER, start, end, room, session) for i in range(count)]


def test_a_session_of_many_posters_is_one_row_where_its_first_poster_was() -> None:
    oral = ("oral", Kind.ORAL, T11 - timedelta(hours=1), T11, "Ballroom", "Orals")
    late = ("late", Kind.TALK, T14, T14 + timedelta(minutes=30), "Ballroom", "Talks")
    day = outline([oral, *posters("p", 8), late])
    folding = fold(day, "neurips")
    assert folding is not None
    assert folding.outline.ids[0] == "oral" and folding.outline.ids[2] == "late"
    block = folding.blocks[1]
    assert folding.outline.ids[1] == block.id and is_block_id(block.id)
    assert block.members == tuple(f"p{i}" for i in range(8))
    assert (block.title, block.session, block.room, block.start, block.end) == (
        "Poster Session 6", "Poster Session 6", "Hall C", T11, T14)
    assert folding.rows == [0, 1, 9]  # the rows of the day each folded row shows
    assert folding.outline.kinds == [Kind.ORAL, Kind.POSTER, Kind.TALK]
    assert folding.block_of == {f"p{i}": block.id for i in range(8)}


def test_few_posters_stay_cards_and_a_day_without_any_is_not_folded() -> None:
    assert fold(outline(posters("p", FOLD_AT - 1))) is None
    assert fold(outline([("t", Kind.TALK, T11, T14, "A", "S")])) is None
    folding = fold(outline(posters("p", FOLD_AT)))
    assert folding is not None and len(folding.blocks) == 1


def test_sessions_are_told_apart_by_name_and_time() -> None:
    later = T14 + timedelta(hours=2)
    rows = (posters("a", 7) + posters("b", 7, session="Poster Session 7")
            + posters("c", 7, start=T14, end=later) + posters("d", 3, session="Small"))
    folding = fold(outline(rows), "neurips")
    assert folding is not None
    blocks = list(folding.blocks.values())
    assert [len(b.members) for b in blocks] == [7, 7, 7]
    assert len({b.id for b in blocks}) == 3
    assert folding.outline.ids[3:] == ["d0", "d1", "d2"]  # three posters of their own: cards


def test_a_block_id_is_stable_and_names_schedule_session_and_time() -> None:
    rows = posters("p", 8)
    first, again = fold(outline(rows), "neurips"), fold(outline(list(reversed(rows))), "neurips")
    assert first is not None and again is not None
    assert first.blocks[0].id == again.blocks[0].id == block_id("neurips", "Poster Session 6", T11, T14)
    # The same instant written with another offset is the same session.
    assert block_id("neurips", "Poster Session 6", T11.astimezone(timezone.utc), T14) == first.blocks[0].id
    assert len({block_id("neurips", "Poster Session 6", T11, T14), block_id("icml", "Poster Session 6", T11, T14),
                block_id("neurips", "Poster Session 7", T11, T14),
                block_id("neurips", "Poster Session 6", T11 + timedelta(minutes=1), T14)}) == 4
    assert not is_block_id("vs-669b14fef6") and not is_block_id("sp-3f9a0c12de")


def test_posters_without_a_session_are_posters_in_the_room_where_most_are() -> None:
    rows = posters("p", 6, session="", room="Hall A") + posters("q", 3, session="", room="Hall B")
    folding = fold(outline(rows))
    assert folding is not None
    assert [(b.title, b.room, len(b.members)) for b in folding.blocks.values()] == [(UNTITLED, "Hall A", 9)]


def test_whole_day_posters_are_not_folded() -> None:
    rows = posters("p", 8)
    day = outline(rows)
    whole = DayOutline(day.ids, day.kinds, day.starts, day.ends, day.rooms, day.tracks, day.sessions, [True] * 8)
    assert fold(whole) is None


def test_folding_a_big_day_reads_only_its_outline() -> None:
    """50,000 rows (100 sessions of 400 posters, 10,000 talks): one row per session, each talk kept."""
    rows = []
    for s in range(100):
        start = T11 + timedelta(minutes=s)
        rows += posters(f"s{s}-", 400, session=f"Poster Session {s}", start=start, end=start + timedelta(hours=2))
    rows += [(f"t{i}", Kind.TALK, T11, T14, f"Room {i % 50}", "Talks") for i in range(10_000)]
    folding = fold(outline(rows))
    assert folding is not None
    assert len(folding.blocks) == 100 and len(folding.outline.ids) == 10_100 and len(folding.block_of) == 40_000


def poster(event_id: str, board: str, title: str, topic: str = "", authors: tuple[str, ...] = (),
           affiliations: tuple[str | None, ...] = ()) -> Event:
    return Event(id=event_id, kind=Kind.POSTER, number=None, title=title, authors=authors, abstract="",
                 start=T11, end=T14, session="Poster Session 6", poster_position=board, topic=topic,
                 affiliations=affiliations)


def test_posters_are_walked_by_board_and_topics_counted_most_first() -> None:
    found = [poster("a", "#100", "A", "Theory"), poster("b", "#99", "B", "Vision"), poster("c", "", "C", "Theory"),
             poster("d", "#7", "D")]
    assert [p.id for p in in_board_order(found)] == ["d", "b", "a", "c"]
    assert topic_counts(found) == [("Theory", 2), ("Vision", 1), ("", 1)]  # no topic last


def test_a_poster_is_found_by_title_author_institution_topic_or_board() -> None:
    found = poster("a", "#2504", "Sparse Attention", "Theory->Learning Theory", ("Ana Lima", "Bo Chen"), ("MIT", None))
    text = haystack(found)
    for query in ("sparse", "ana lima", "mit", "learning theory", "2504", "attention   ana"):
        assert matches(text, query), query
    assert not matches(text, "vision") and not matches(text, "sparse vision")


def test_a_blocks_id_is_its_sha1_with_or_without_cpythons_own_module(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Block ids are kept (a selection saved at close): the same digest whichever module
    makes it, and making one does not load hashlib (OpenSSL: 2.4 ms of a feed's start)."""
    import hashlib  # what the id has always been made with
    import subprocess
    import sys

    start, end = datetime(2020, 12, 8, 9, tzinfo=timezone.utc), datetime(2020, 12, 8, 11, tzinfo=timezone.utc)
    key = f"feed\x1fPoster Session 1\x1f{start.timestamp():.0f}\x1f{end.timestamp():.0f}".encode()
    expected = "posters:" + hashlib.sha1(key).hexdigest()[:16]
    assert block_id("feed", "Poster Session 1", start, end) == expected
    monkeypatch.setitem(sys.modules, "_sha1", None)  # a Python without it: hashlib's
    assert block_id("feed", "Poster Session 1", start, end) == expected
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys; from datetime import datetime, timezone; "
         "from planner.domain.poster_sessions import block_id; "
         "t = datetime(2020, 12, 8, tzinfo=timezone.utc); print(block_id('feed', 'S', t, t)); "
         "print('hashlib' in sys.modules)"],
        capture_output=True, text=True, check=True).stdout.split()
    assert loaded[0].startswith("posters:") and loaded[1] == "False"
