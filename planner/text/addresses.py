"""Rooms that are web addresses, told apart by what differs between them.

A virtual conference names its rooms by their pages. ICLR 2020's calendar has a room per
poster session, all one page with another query: "https://iclr.cc/virtual/papers.html?
session=Mon+Session+1&filter=keywords", "...Session+2&filter=keywords". Cut to a column's
width, from either end or in the middle, they all read the same; what tells them apart is
the part that differs, "Mon Session 1", and that part is what a column's header shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import parse_qsl, unquote, urlsplit

_PAGE_ENDINGS = (".html", ".htm", ".php")  # a page's name reads without them: "speaker_1"


def is_address(room: str) -> bool:
    return room.startswith(("https://", "http://"))


def without_scheme(address: str) -> str:
    """"https://iclr.cc/virtual" -> "iclr.cc/virtual": the scheme tells no room apart."""
    return address.split("://", 1)[1] if is_address(address) else address


def page_of(address: str) -> str:
    """The page an address opens, without its query or fragment: "iclr.cc/virtual/papers.html"."""
    split = urlsplit(address)
    return split.netloc.lower() + split.path


def _value(name: str, value: str) -> str:
    """A query value as a header says it: with its name when it says little alone
    ("room A", "id 7"), else alone ("Poster Session 1")."""
    return f"{name} {value}" if len(value) <= 2 or value.isdigit() else value


def _segment(segment: str) -> str:
    for ending in _PAGE_ENDINGS:
        if segment.lower().endswith(ending) and len(segment) > len(ending):
            return segment[: -len(ending)]
    return segment


def telling_apart(addresses: Sequence[str]) -> dict[str, str]:
    """For two or more different web addresses, what tells each apart from the others:
    the parts that differ between them, in the address's order (host, path segments,
    query values, fragment), joined by " · ". An address whose parts say nothing the
    others do not (one is the other with more on its end) keeps its whole text, without
    the scheme; so does every address when two of them would read the same.
    ("...?session=Poster%20Session%201&room=A" and "...Session%202&room=B": "Poster
    Session 1 · room A" and "Poster Session 2 · room B".)
    """
    unique = list(dict.fromkeys(addresses))
    parts = [urlsplit(address) for address in unique]
    paths = [[unquote(s) for s in split.path.split("/") if s] for split in parts]
    queries = [dict(parse_qsl(split.query, keep_blank_values=True)) for split in parts]
    names = list(dict.fromkeys(name for query in queries for name in query))
    depth = max(len(path) for path in paths)
    told: dict[str, list[str]] = {address: [] for address in unique}

    def differs(values: list[str | None]) -> bool:
        return len(set(values)) > 1

    hosts: list[str | None] = [split.netloc.lower() for split in parts]
    if differs(hosts):
        for address, host in zip(unique, hosts, strict=True):
            told[address].append(str(host))
    for level in range(depth):
        segments = [path[level] if level < len(path) else None for path in paths]
        if differs(segments):
            for address, segment in zip(unique, segments, strict=True):
                if segment:
                    told[address].append(_segment(segment))
    for name in names:
        values = [query.get(name) for query in queries]
        if differs(values):
            for address, value in zip(unique, values, strict=True):
                if value:
                    told[address].append(_value(name, value))
    fragments: list[str | None] = [unquote(split.fragment) for split in parts]
    if differs(fragments):
        for address, fragment in zip(unique, fragments, strict=True):
            if fragment:
                told[address].append(fragment)
    labels = {address: " · ".join(found) or without_scheme(address) for address, found in told.items()}
    if len(set(labels.values())) < len(labels):  # two read the same after all: the whole addresses
        return {address: without_scheme(address) for address in unique}
    return labels
