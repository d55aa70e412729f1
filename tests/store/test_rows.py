"""Events as the library stores them and reads them back (planner.store.rows)."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from planner.store.rows import authors_from_json, authors_json

names = st.lists(st.text(max_size=30), max_size=8).map(tuple)


@given(names)
def test_authors_read_back_as_written(authors: tuple[str, ...]) -> None:
    assert authors_from_json(authors_json(authors)) == authors


@given(names)
def test_authors_written_by_json_dumps_read_back(authors: tuple[str, ...]) -> None:
    """Libraries written by earlier versions (json.dumps, either way of escaping)."""
    for ensure_ascii in (False, True):
        assert authors_from_json(json.dumps(list(authors), ensure_ascii=ensure_ascii)) == authors


def test_names_that_look_like_separators_survive() -> None:
    for authors in [('Ada "Countess" Lovelace',), ('", "', "x"), ("", ""), ("a, b", "c"), ("[]",), ()]:
        assert authors_from_json(authors_json(authors)) == authors
