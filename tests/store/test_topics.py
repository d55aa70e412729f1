"""The topics and institutions a feed gives, as the window's filters offer them (issue 19)."""

from __future__ import annotations

from pathlib import Path

from planner.formats.virtualsite import load
from planner.store import Library

FEED = Path(__file__).resolve().parent.parent / "formats" / "data" / "virtualsite" / "neurips-2031-orals-posters.json"


def _titles(library: Library, ids: set[str]) -> set[str]:
    return {library.event(i).title for i in ids}


def test_topics_and_institutions_with_their_counts(tmp_path: Path) -> None:
    with Library(tmp_path / "lib.sqlite3") as library:
        key = library.import_schedule(load(FEED)).key
        assert library.topics(key) == [("Theory->Learning Theory", 2), ("Deep Learning->Theory", 1)]
        institutions = dict(library.institutions(key))
        assert institutions["MIT"] == 2  # the paper's poster and its oral
        assert institutions["ETH Zurich"] == 1
        assert "" not in institutions and None not in institutions
        assert library.topics("no such schedule") == []


def test_events_with_a_topic_or_an_institution(tmp_path: Path) -> None:
    with Library(tmp_path / "lib.sqlite3") as library:
        key = library.import_schedule(load(FEED)).key
        sparse = "Sparse & Robust Attention for Long Documents"
        assert _titles(library, library.ids_with(key, topic="Theory->Learning Theory")) == {sparse}
        # A topic takes the topics under it, and only those ("Theory" is not "Theoretical").
        assert _titles(library, library.ids_with(key, topic="Theory")) == {sparse}
        assert _titles(library, library.ids_with(key, topic="Deep Learning")) == {"Tiny Models, Large Claims"}
        assert library.ids_with(key, topic="Theo") == set()
        assert _titles(library, library.ids_with(key, institution="ETH Zurich")) == {"Tiny Models, Large Claims"}
        assert library.ids_with(key, topic="Theory", institution="ETH Zurich") == set()
        assert len(library.ids_with(key, institution="MIT")) == 2
