"""Web-address rooms told apart by what differs between them (planner.text.addresses),
on the shapes ICLR publishes."""

from __future__ import annotations

from planner.text.addresses import page_of, telling_apart, without_scheme

MONDAY = [f"https://iclr.cc/virtual/papers.html?session=Mon+Session+{n}&filter=keywords" for n in (1, 2)]


def test_one_page_with_two_queries_is_told_apart_by_the_value_that_differs() -> None:
    assert telling_apart(MONDAY) == {MONDAY[0]: "Mon Session 1", MONDAY[1]: "Mon Session 2"}
    assert page_of(MONDAY[0]) == page_of(MONDAY[1]) == "iclr.cc/virtual/papers.html"


def test_a_short_value_says_its_name_and_percent_escapes_are_read() -> None:
    a = "https://iclr.cc/virtual/2020/poster?session=Poster%20Session%201&room=A"
    b = "https://iclr.cc/virtual/2020/poster?session=Poster%20Session%201&room=B"
    assert telling_apart([a, b]) == {a: "room A", b: "room B"}


def test_pages_are_told_apart_by_their_differing_segment_without_its_ending() -> None:
    a, b = "https://iclr.cc/virtual/speaker_1.html", "https://iclr.cc/virtual/speaker_7.html"
    assert telling_apart([a, b]) == {a: "speaker_1", b: "speaker_7"}


def test_addresses_that_would_read_the_same_keep_their_whole_text() -> None:
    a, b = "https://x.org/p?s=Poster+1", "https://x.org/p?s=Poster%201"  # the same, written two ways
    assert telling_apart([a, b]) == {a: "x.org/p?s=Poster+1", b: "x.org/p?s=Poster%201"}
    assert without_scheme("http://x.org/a") == "x.org/a" and without_scheme("Saal 1") == "Saal 1"
