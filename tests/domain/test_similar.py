"""More like this: the TF-IDF index ranks what a reader would call similar.

Speed is measured by benchmarks/similar.py, not here: a timed unit test fails on a busy
machine and passes on a fast one without saying anything about the code.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.domain.model import Event, Kind
from planner.domain.similar import SimilarityIndex, most_similar, terms
from planner.formats import load
from tests.conftest import SEED

T0 = datetime(2024, 6, 3, 9, 0, tzinfo=timezone.utc)


def talk(event_id: str, title: str, abstract: str = "", kind: Kind = Kind.TALK) -> Event:
    return Event(id=event_id, kind=kind, number=None, title=title, authors=(), abstract=abstract,
                 start=T0, end=T0 + timedelta(minutes=20), session="S")


# Filler talks share the generic words, so idf makes the distinctive ones count.
CRAFTED = [
    talk("target", "Quantum annealing for protein folding",
         "We fold proteins on an annealer and compare energy landscapes."),
    talk("twin", "Protein folding with quantum annealing hardware",
         "Annealer schedules for folding small proteins."),
    talk("abstract-only", "A survey of hardware accelerators",
         "Among others we mention quantum annealing and protein folding in passing."),
    talk("generic-1", "Efficient training of graph networks", "Graph networks trained efficiently."),
    talk("generic-2", "Efficient inference for graph transformers", "Transformers on graphs, efficiently."),
    talk("generic-3", "Benchmarks for efficient graph training", "We benchmark graph training."),
    talk("unrelated", "Causal discovery in economics", "Instrumental variables and policy evaluation."),
    talk("coffee", "Quantum annealing for protein folding", "", kind=Kind.BREAK),
    talk("qa", "Joint Q&A: quantum annealing protein folding", "", kind=Kind.QA),
]


@pytest.fixture(scope="module")
def crafted() -> SimilarityIndex:
    return SimilarityIndex(CRAFTED)


def ids(found: list[tuple[str, float]]) -> list[str]:
    return [i for i, _ in found]


def test_shared_distinctive_title_words_rank_first(crafted: SimilarityIndex) -> None:
    found = crafted.similar("target")
    assert ids(found)[0] == "twin"


def test_a_title_match_outranks_the_same_words_in_an_abstract(crafted: SimilarityIndex) -> None:
    ranking = ids(crafted.similar("target", limit=10))
    assert ranking.index("twin") < ranking.index("abstract-only")
    # Same words, swapped between title and abstract: only the title weight tells them
    # apart (and the id order would favour the abstract match on a tie).
    index = SimilarityIndex([
        talk("query", "Quantum annealing"),
        talk("a-in-abstract", "Zebra migration", "Quantum annealing"),
        talk("b-in-title", "Quantum annealing", "Zebra migration"),
    ])
    (first, best), (second, other) = index.similar("query")
    assert (first, second) == ("b-in-title", "a-in-abstract")
    assert best > other


def test_events_sharing_no_words_are_not_suggested(crafted: SimilarityIndex) -> None:
    assert "unrelated" not in ids(crafted.similar("target", limit=10))
    assert "target" not in ids(crafted.similar("unrelated", limit=10))


def test_an_event_is_never_similar_to_itself(crafted: SimilarityIndex) -> None:
    for event in CRAFTED:
        assert event.id not in ids(crafted.similar(event.id, limit=10))


def test_breaks_and_slots_are_neither_suggested_nor_indexed(crafted: SimilarityIndex) -> None:
    # The break carries the target's exact title: it would rank first if it were indexed.
    everything = {i for e in CRAFTED for i in ids(crafted.similar(e.id, limit=10))}
    assert not everything & {"coffee", "qa"}
    assert crafted.similar("coffee") == []
    assert crafted.similar("qa") == []
    assert len(crafted) == 7


def test_sessions_a_schedule_calls_other_are_compared_like_talks() -> None:
    """38C3 calls 498 of its 1,007 events "other": self-organised sessions, meetups and
    workshops with titles and abstracts. Two parts of one workshop were like nothing."""
    robots = "Wir bauen zusammen improvisierte Roboter mit Motoren, Batterien und Mikrokontrollern."
    index = SimilarityIndex([
        talk("part-1", "Shitty Robots Workshop Teil 1/2", robots, kind=Kind.OTHER),
        talk("part-2", "Shitty Robots Workshop Teil 2/2", robots, kind=Kind.OTHER),
        talk("unboxing", "Shitty Robots Unboxing", robots, kind=Kind.OTHER),
        talk("talk", "Roboter und Motoren im Eigenbau", "Batterien, Motoren, Mikrokontroller."),
        talk("unrelated", "Causal discovery in economics", "Instrumental variables and policy evaluation."),
        talk("coffee", "Shitty Robots Workshop Teil 1/2", "", kind=Kind.BREAK),
    ])
    assert ids(index.similar("part-2", limit=3)) == ["part-1", "unboxing", "talk"]
    assert "part-2" in ids(index.similar("talk", limit=5)) and len(index) == 5


def test_at_most_limit_results_best_first_with_cosine_scores(crafted: SimilarityIndex) -> None:
    found = crafted.similar("generic-1", limit=2)
    assert len(found) == 2
    scores = [s for _, s in found]
    assert scores == sorted(scores, reverse=True)
    assert all(0 < s <= 1 + 1e-9 for s in scores)
    assert crafted.similar("generic-1", limit=0) == []


def test_unknown_id_gives_nothing(crafted: SimilarityIndex) -> None:
    assert crafted.similar("no-such-event") == []


def test_identical_text_scores_one() -> None:
    index = SimilarityIndex([
        talk("a", "Sparse attention kernels", "Blocked sparse attention on accelerators."),
        talk("b", "Sparse attention kernels", "Blocked sparse attention on accelerators."),
        talk("c", "Dense attention kernels", "Attention without sparsity."),
    ])
    (first, score), *_ = index.similar("a")
    assert first == "b"
    assert score == pytest.approx(1.0)


def test_plural_and_accents_meet_their_base_word() -> None:
    assert terms("Networks") == terms("network")
    assert terms("Régularisation") == terms("regularisation")
    index = SimilarityIndex([
        talk("a", "Hypernetworks everywhere"),
        talk("b", "Hypernetwork compression"),
        talk("c", "Compression of video codecs"),
    ])
    assert ids(index.similar("a")) == ["b"]


def test_stop_words_alone_make_nothing_similar() -> None:
    index = SimilarityIndex([
        talk("a", "A new approach using learning"),
        talk("b", "The proposed method for learning"),
    ])
    assert len(index) == 0  # no content words: nothing to compare on
    assert index.similar("a") == []


def test_ties_are_ordered_by_id_so_results_are_stable() -> None:
    events = [talk("q", "Tensor sketching")] + [talk(f"t{i}", "Tensor sketching") for i in (3, 1, 2)]
    assert ids(SimilarityIndex(events).similar("q")) == ["t1", "t2", "t3"]
    assert ids(SimilarityIndex(list(reversed(events))).similar("q")) == ["t1", "t2", "t3"]


def test_bundled_session_suggests_five_talks_of_the_session() -> None:
    schedule = load(SEED)
    by_id = {e.id: e for e in schedule.events}
    oral1 = next(e for e in schedule.events if e.heading == "Oral 1")
    found = most_similar(schedule.events, oral1.id)
    assert len(found) == 5
    assert all(by_id[i].kind.is_talk and i != oral1.id for i in ids(found))
    # Oral 1 asks whether normalization is needed to train deep networks; Spotlight 13
    # (label noise) shares no subject with it and must not outrank the network-theory talks.
    headings = [by_id[i].heading for i in ids(found)]
    assert "Spotlight 13" not in headings
    assert "Oral 2" in headings


WORDS = ["kernel", "graph", "bandit", "sparse", "tensor", "causal", "robust", "spectral",
         "quantum", "protein", "sketch", "privacy"]
texts = st.lists(st.sampled_from(WORDS), min_size=0, max_size=8).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(texts, texts, st.booleans()), min_size=1, max_size=12))
def test_index_invariants(specs: list[tuple[str, str, bool]]) -> None:
    events = [talk(f"e{i}", title, abstract, Kind.BREAK if is_break else Kind.ORAL)
              for i, (title, abstract, is_break) in enumerate(specs)]
    index = SimilarityIndex(events)
    kinds = {e.id: e.kind for e in events}
    scores: dict[tuple[str, str], float] = {}
    for event in events:
        found = index.similar(event.id, limit=len(events))
        if kinds[event.id] == Kind.BREAK:
            assert found == []
        assert event.id not in ids(found)
        assert all(kinds[i].is_talk for i in ids(found))
        values = [s for _, s in found]
        assert values == sorted(values, reverse=True)
        assert all(0 < s <= 1 + 1e-9 for s in values)
        assert index.similar(event.id, limit=3) == found[:3]
        scores.update({(event.id, other): s for other, s in found})
    # Cosine similarity is symmetric: if a finds b, b finds a with the same score.
    for (a, b), s in scores.items():
        assert scores.get((b, a)) == pytest.approx(s)


# -- the index as bytes (another process builds it: planner.services.child_jobs) ------------


def test_the_index_read_back_from_bytes_answers_exactly_as_built(crafted: SimilarityIndex) -> None:
    events = [*load(SEED).events, *CRAFTED]
    built = SimilarityIndex(events)
    copy = SimilarityIndex.from_bytes(built.to_bytes())
    assert len(copy) == len(built) > 7
    for event in events:
        assert copy.similar(event.id, limit=len(events)) == built.similar(event.id, limit=len(events))


def test_an_empty_index_goes_to_bytes_and_back() -> None:
    empty = SimilarityIndex.from_bytes(SimilarityIndex([]).to_bytes())
    assert len(empty) == 0 and empty.similar("anything") == []


@pytest.mark.parametrize("damage", [
    lambda data: data[: len(data) // 2],  # cut short
    lambda data: b"",
    lambda data: b"not marshal data at all",
    lambda data: data.replace(b"similarity-index-1", b"similarity-index-0"),  # another layout
])
def test_bytes_that_are_not_an_index_are_refused_with_a_reason(crafted: SimilarityIndex, damage) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="not a similarity index"):
        SimilarityIndex.from_bytes(damage(crafted.to_bytes()))


def test_parts_that_do_not_fit_together_are_refused() -> None:
    import marshal  # only this test takes the bytes apart

    index = SimilarityIndex(CRAFTED)
    form, ids, parts = marshal.loads(index.to_bytes())
    with pytest.raises(ValueError, match="do not fit together"):
        SimilarityIndex.from_bytes(marshal.dumps((form, ids[:-1], parts)))  # one talk short
