"""Hypothesis fuzzing of every schedule parser: a ScheduleError or events, nothing else.

Two kinds of input per parser: arbitrary bytes, and a valid sample (samples.py) with a
few mutations - bytes inserted, deleted, duplicated, or the format's own tokens spliced
in, like a dictionary-guided fuzzer. Whatever parses must also go into the library and
out as a calendar without an error the user could not act on.

The suite runs a few dozen examples per parser. A long campaign is the same tests with
more examples (see tests/README.md)::

    PLANNER_FUZZ_EXAMPLES=20000 python3 -m pytest tests/reliability/test_fuzz_formats.py -q
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.domain.errors import ScheduleError
from planner.domain.model import Schedule
from planner.export.ics import to_ics
from planner.store import Library, StoreError
from tests.reliability.samples import FORMATS, PARSERS, parser

EXAMPLES = int(os.environ.get("PLANNER_FUZZ_EXAMPLES", "40"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,  # timing is checked by test_hostile_input with fixed inputs
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Tokens that steer mutations into each parser's interesting states.
TOKENS: dict[str, list[bytes]] = {
    "session page": [b"\n## ", b"\n### Schedule\n", b"\n##### ", b"\n### Time\n", b" - ", b"Oral: ", b"Q&A",
                     b"2020-12-10T18:00:00-08:00", b"9999-12-31T23:59:59+14:00", b"\r", b"\\alpha$", b"#"],
    "pentabarf": [b"<event>", b"</event>", b"<day date=\"2024-02-29\">", b"<room name=\"\">", b"&amp;", b"&#0;",
                  b"&#x110000;", b"<![CDATA[", b"]]>", b"<!DOCTYPE x>", b"<?xml version=\"1.0\"?>", b"<persons>",
                  b"<duration>99:99</duration>", b"<start>25:61</start>", b"<date>0001-01-01T00:00:00</date>"],
    "frab json": [b"{", b"}", b"[", b"]", b"\"", b"\\u0000", b"\\ud800", b"null", b"true", b"1e999", b"-0",
                  b"\"days\": ", b"\"rooms\": {\"\": [{}]}", b"\"duration\": \"999:00\"", b"\"date\": \"9999-12-31\""],
    "ical": [b"\r\nBEGIN:VEVENT\r\n", b"\r\nEND:VEVENT\r\n", b"\r\n ", b";TZID=", b"DTSTART:", b"DTEND:",
             b"DURATION:P", b"RRULE:FREQ=DAILY", b"VALUE=DATE:", b"20241227T100000Z", b"\r\nBEGIN:VTIMEZONE\r\n",
             b"TZOFFSETFROM:+2500", b"\\,", b"\\n", b":"],
}


@st.composite
def mutated(draw: st.DrawFn, name: str) -> bytes:
    data = bytearray(FORMATS[name][1])
    tokens = [t for tokens in TOKENS.values() for t in tokens]
    own = TOKENS[name]
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["insert", "delete", "duplicate", "token", "own token", "flip"]))
        if kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 64))]
        elif kind == "duplicate":
            chunk = data[at : at + draw(st.integers(1, 256))]
            data[at:at] = chunk * draw(st.integers(1, 20))
        elif kind in ("token", "own token"):
            data[at:at] = draw(st.sampled_from(own if kind == "own token" else tokens))
        elif data:
            at = min(at, len(data) - 1)
            data[at] ^= 1 << draw(st.integers(0, 7))
    return bytes(data)


def check(name: str, data: bytes, library: Library) -> None:
    try:
        schedule = parser(name)(data, "fuzz.bin")
    except ScheduleError as exc:
        assert str(exc).startswith("fuzz.bin"), exc
        return
    assert isinstance(schedule, Schedule)
    ids = [e.id for e in schedule.events]
    assert len(ids) == len(set(ids)), "event ids must be unique in a schedule"
    assert list(schedule.events) == sorted(schedule.events, key=lambda e: (e.start, e.end))  # ties: as the format orders them
    try:
        library.import_schedule(schedule)
    except StoreError:
        return  # e.g. the same ids under another schedule key: refused with a message
    stored = library.events(schedule_key=schedule.key)
    if stored:
        library.star([stored[0].id])
        library.events(search=stored[0].title)
        to_ics(library.events(starred=True))


@pytest.mark.parametrize("name", list(FORMATS))
def test_fuzz_mutated_samples(name: str, tmp_path: Path) -> None:
    parser(name)  # skips when the format's module does not exist yet
    library = Library(tmp_path / "fuzz.sqlite3")

    @FUZZ
    @given(mutated(name))
    def run(data: bytes) -> None:
        check(name, data, library)

    try:
        run()
    finally:
        library.close()


@pytest.mark.parametrize("name", PARSERS)
def test_fuzz_arbitrary_bytes(name: str, tmp_path: Path) -> None:
    parser(name)
    library = Library(tmp_path / "fuzz.sqlite3")
    prefix = {"session page": b"## ", "pentabarf": b"<schedule>", "frab json": b'{"schedule": ',
              "ical": b"BEGIN:VCALENDAR\r\n", "detect": b""}[name]

    @FUZZ
    @given(st.binary(max_size=2048), st.booleans())
    def run(data: bytes, with_prefix: bool) -> None:
        check(name, (prefix if with_prefix else b"") + data, library)

    try:
        run()
    finally:
        library.close()


@pytest.mark.parametrize("name", list(FORMATS))
def test_fuzz_text(name: str, tmp_path: Path) -> None:
    """Any Unicode text (control characters, astral planes, RTL marks) in a sample's title."""
    parser(name)
    library = Library(tmp_path / "fuzz.sqlite3")
    sample = FORMATS[name][1]
    title = b"Opening" if b"Opening" in sample else b"Robust planning"

    @FUZZ
    @given(st.text(max_size=200))
    def run(text: str) -> None:
        check(name, sample.replace(title, text.encode("utf-8", "surrogatepass"), 1), library)

    try:
        run()
    finally:
        library.close()
