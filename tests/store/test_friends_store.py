"""Friends and their picks as the library keeps them (schema 13, planner.store.friends).

A pick keeps what its file said and, once found, the event id of its talk; these tests
check the bookkeeping (replacing a friend, names in any case, what counts as found) and
that an older library gains the tables without losing the attendee's stars.
"""

from __future__ import annotations

from pathlib import Path

from planner.domain.friends import Friend, Pick
from planner.domain.marks import Tier
from planner.store import Library
from planner.store.schema import SCHEMA_VERSION
from tests.conftest import SEED
from tests.store.samples import bundled, first_ids  # noqa: F401  (bundled: the ``library`` fixture)
from tests.store.schema_history import downgrade, undo_schema_13


def _pick(title: str, start: int = 0, uid: str = "") -> Pick:
    return Pick(uid or f"{title}@elsewhere", title, start)


def _counts(library: Library) -> list[tuple[str, int, int]]:
    return [(f.name, f.picks, f.found) for f in library.friends()]


def test_a_friend_counts_their_picks_and_those_found(library: Library) -> None:
    a, b = first_ids(library, 2)
    replaced = library.set_friend("Ana", "/home/ana/agenda.ics",
                                  [(_pick("One"), a), (_pick("Two"), b), (_pick("Elsewhere"), "")])
    assert replaced is None
    (ana,) = library.friends()
    assert isinstance(ana, Friend)
    assert (ana.name, ana.source, ana.picks, ana.found) == ("Ana", "/home/ana/agenda.ics", 3, 2)
    assert ana.added_at.endswith("+00:00")
    assert library.friends_by_event() == {a: ("Ana",), b: ("Ana",)}
    assert library.has_friends()


def test_friends_of_one_talk_are_listed_alphabetically_whatever_their_case(library: Library) -> None:
    a, b, c = first_ids(library, 3)
    library.set_friend("bo", "bo.ics", [(_pick("One"), a), (_pick("Three"), c)])
    library.set_friend("Ana", "ana.ics", [(_pick("One"), a), (_pick("Two"), b)])
    library.set_friend("Cy", "cy.ics", [(_pick("One"), a)])
    assert library.friends_by_event() == {a: ("Ana", "bo", "Cy"), b: ("Ana",), c: ("bo",)}
    assert library.friends_by_event([b, c, "no-such-talk"]) == {b: ("Ana",), c: ("bo",)}
    assert library.friends_by_event([]) == {}
    assert [f.name for f in library.friends()] == ["Ana", "bo", "Cy"]


def test_a_newer_file_replaces_every_pick_of_the_older_one(library: Library) -> None:
    a, b, c = first_ids(library, 3)
    library.set_friend("Ana", "old.ics", [(_pick("One"), a), (_pick("Two"), b), (_pick("Gone"), "")])
    replaced = library.set_friend("ana", "new.ics", [(_pick("Three"), c)])
    assert replaced is not None and (replaced.name, replaced.picks) == ("Ana", 3)
    assert _counts(library) == [("ana", 1, 1)]  # the spelling given now
    assert library.friends()[0].source == "new.ics"
    assert library.friends_by_event() == {c: ("ana",)}
    assert library.pending_picks() == []  # the old file's unfound pick went with it


def test_a_name_differing_in_the_case_of_an_accented_letter_is_the_same_friend(library: Library) -> None:
    # SQLite's NOCASE folds A-Z only: "ANA MARÍA" once became a second friend beside "Ana María".
    a, b = first_ids(library, 2)
    library.set_friend("Ana María", "old.ics", [(_pick("One"), a)])
    replaced = library.set_friend("ANA MARÍA", "new.ics", [(_pick("Two"), b)])
    assert replaced is not None and replaced.name == "Ana María"
    assert _counts(library) == [("ANA MARÍA", 1, 1)]
    assert library.friends_by_event() == {b: ("ANA MARÍA",)}
    assert library.remove_friend("ana maría") == "ANA MARÍA"
    assert library.friends() == [] and library.friends_by_event() == {}


def test_removing_a_friend_takes_their_picks_and_no_one_else_s(library: Library) -> None:
    a, b = first_ids(library, 2)
    library.set_friend("Ana", "ana.ics", [(_pick("One"), a), (_pick("Later"), "")])
    library.set_friend("Bo", "bo.ics", [(_pick("One"), a), (_pick("Two"), b)])
    assert library.remove_friend("ANA") == "Ana"
    assert library.remove_friend("Ana") is None
    assert _counts(library) == [("Bo", 2, 2)]
    assert library.friends_by_event() == {a: ("Bo",), b: ("Bo",)}
    assert library.pending_picks() == []
    assert library._conn.execute("SELECT count(*) FROM friend_picks").fetchone()[0] == 2


def test_pending_picks_are_those_without_a_talk_here_and_resolving_finds_them(library: Library) -> None:
    a, b = first_ids(library, 2)
    library.set_friend("Ana", "ana.ics", [(_pick("One", 10), a), (_pick("Two", 20), ""),
                                          (_pick("Moved on", 30), "talk-of-a-removed-schedule")])
    pending = library.pending_picks()
    assert sorted(p.title for _, p in pending) == ["Moved on", "Two"]
    assert _counts(library) == [("Ana", 3, 1)]
    row = next(r for r, p in pending if p.title == "Two")
    assert next(p for r, p in pending if r == row) == _pick("Two", 20)
    library.resolve_picks({row: b})
    assert _counts(library) == [("Ana", 3, 2)]
    assert [p.title for _, p in library.pending_picks()] == ["Moved on"]
    assert library.friends_by_event([a, b]) == {a: ("Ana",), b: ("Ana",)}


def test_a_pick_of_a_talk_removed_with_its_schedule_waits_for_it(library: Library) -> None:
    a, b = first_ids(library, 2)
    key = library.schedules()[0].key
    library.set_friend("Ana", "ana.ics", [(_pick("One"), a), (_pick("Two"), b)])
    library.remove_schedule(key)
    assert _counts(library) == [("Ana", 2, 0)]
    assert len(library.pending_picks()) == 2


def test_known_ids_and_events_starting(library: Library) -> None:
    events = library.events()
    first, second = events[0], events[1]
    assert library.known_ids([first.id, "nope", first.id, second.id]) == {first.id, second.id}
    assert library.known_ids([]) == set()
    starts = [int(first.start.timestamp()), int(second.start.timestamp()), 0]
    assert sorted(e.id for e in library.events_starting(starts)) == sorted([first.id, second.id])
    assert library.events_starting([]) == []


def test_many_ids_are_read_in_chunks(library: Library) -> None:
    # SQLite caps the parameters of one statement; 1,200 ids are three queries, not one.
    ids = [e.id for e in library.events()]
    asked = [f"missing-{n}" for n in range(1200)] + ids
    assert library.known_ids(asked) == set(ids)
    library.set_friend("Ana", "ana.ics", [(_pick(str(n)), event_id) for n, event_id in enumerate(ids)])
    assert set(library.friends_by_event(asked)) == set(ids)
    assert len(library.events_starting(range(10**9, 10**9 + 1200))) == 0


def test_a_schema_12_library_gains_friends_and_keeps_its_stars(tmp_path: Path, library: Library) -> None:
    a, b = first_ids(library, 2)
    library.star([a])
    library.star([b], tier=Tier.MAYBE)
    path = library.path
    library.close()
    downgrade(path, undo_schema_13, 12)
    with Library(path) as again:
        assert again.user_version() == SCHEMA_VERSION == 16
        assert again.tiers() == {a: Tier.MUST, b: Tier.MAYBE}
        assert again.friends() == [] and not again.has_friends()
        again.set_friend("Ana", "ana.ics", [(_pick("One"), a), (_pick("Later"), "")])
    with Library(path) as reopened:
        assert _counts(reopened) == [("Ana", 2, 1)]
        assert reopened.friends_by_event() == {a: ("Ana",)}
        assert reopened.tiers() == {a: Tier.MUST, b: Tier.MAYBE}


def test_friends_survive_a_reimport_of_their_talks_schedule(library: Library) -> None:
    from planner.formats import load

    a, b = first_ids(library, 2)
    library.set_friend("Ana", "ana.ics", [(_pick("One"), a), (_pick("Two"), b)])
    library.import_schedule(load(SEED))
    assert library.friends_by_event() == {a: ("Ana",), b: ("Ana",)}
    assert _counts(library) == [("Ana", 2, 2)]
