"""A conference feed added from a link brings the abstracts file published beside it (issue 19)."""

from __future__ import annotations

from pathlib import Path

from planner.net import fetch
from tests.net.conftest import Server

DATA = Path(__file__).resolve().parent.parent / "formats" / "data" / "virtualsite"
FEED = DATA / "neurips-2031-orals-posters.json"
SIDECAR = DATA / "neurips-2031-abstracts.json"
SPARSE_ABSTRACT = "We make attention sparse and robust, with $O(n \\log n)$ cost."


def _abstracts(schedule: object) -> dict[str, str]:
    """Abstracts by title, of the posters and the other talks (a paper's oral has its own)."""
    return {e.title: e.abstract for e in schedule.events if e.kind.value != "oral"}  # type: ignore[attr-defined]


def test_a_feed_from_a_link_brings_the_abstracts_beside_it(server: Server) -> None:
    url = server.serve("/static/virtual/data/neurips-2031-orals-posters.json", FEED.read_bytes())
    first = fetch.fetch(url)
    assert first.schedule is not None
    assert _abstracts(first.schedule)["Sparse & Robust Attention for Long Documents"] == ""  # no sidecar: 404
    server.serve("/static/virtual/data/neurips-2031-abstracts.json", SIDECAR.read_bytes())
    second = fetch.fetch(url)
    assert second.schedule is not None
    assert _abstracts(second.schedule)["Sparse & Robust Attention for Long Documents"] == SPARSE_ABSTRACT
    asked = len(server.seen("/static/virtual/data/neurips-2031-abstracts.json"))
    assert asked == 2  # once per download of the feed
    # A link not named as the sites name their feeds asks for no sidecar.
    other = server.serve("/schedule.json", FEED.read_bytes())
    fetch.fetch(other)
    assert len(server.seen("/static/virtual/data/neurips-2031-abstracts.json")) == asked
