"""Suggested for you: more like this over every starred talk (planner.domain.suggestions)."""

from __future__ import annotations

from datetime import datetime, timezone

from planner.domain.model import Event, Kind
from planner.domain.similar import SimilarityIndex
from planner.domain.suggestions import suggest

T = datetime(2024, 6, 3, 9, tzinfo=timezone.utc)


def talk(event_id: str, title: str, kind: Kind = Kind.TALK) -> Event:
    return Event(id=event_id, kind=kind, number=None, title=title, authors=(), abstract="", start=T, end=T, session="")


EVENTS = [
    # Five starred talks on vision, one on reinforcement learning.
    *(talk(f"v{i}", f"Convolutional segmentation of images, part {i}") for i in range(5)),
    talk("rl", "Reinforcement policy gradients"),
    # Candidates.
    talk("rl2", "Policy gradients for reinforcement agents"),
    talk("seg", "Image segmentation transformers"),
    talk("both", "Convolutional policy gradients for segmentation"),
    talk("off", "Cooking pasta"),
    talk("break", "Convolutional segmentation coffee", Kind.BREAK),
]
STARRED = {"v0", "v1", "v2", "v3", "v4", "rl"}


def test_a_single_interest_is_not_drowned_by_many_others() -> None:
    found = suggest(SimilarityIndex(EVENTS), STARRED)
    ids = [s.event_id for s in found]
    # The one starred RL talk still brings its neighbour in; what fits both interests leads.
    assert ids[0] == "both" and "rl2" in ids and "seg" in ids
    assert "off" not in ids and "break" not in ids and not set(ids) & STARRED
    rl2 = next(s for s in found if s.event_id == "rl2")
    assert rl2.like == "rl"
    assert all(0 < s.score <= 1 for s in found)
    assert [s.score for s in found] == sorted((s.score for s in found), reverse=True)


def test_score_is_the_mean_of_the_best_and_the_average_likeness() -> None:
    index = SimilarityIndex(EVENTS)
    found = {s.event_id: s.score for s in suggest(index, STARRED)}
    per_star = {star: dict(index.similar(star, limit=len(index))) for star in STARRED}
    scores = [per_star[star].get("seg", 0.0) for star in STARRED]
    assert abs(found["seg"] - (max(scores) + sum(scores) / len(scores)) / 2) < 1e-9


def test_nothing_starred_or_starred_elsewhere_suggests_nothing_and_exclude_is_kept() -> None:
    index = SimilarityIndex(EVENTS)
    assert suggest(index, set()) == []
    assert suggest(index, {"another-schedules-talk", "break"}) == []
    found = [s.event_id for s in suggest(index, STARRED, exclude={"both"}, limit=2)]
    assert len(found) == 2 and "both" not in found
