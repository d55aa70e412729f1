"""Hostile schedule files: each gives a ScheduleError or events, quickly, never a traceback.

Schedule files come from the internet. Every parser (and the format sniffing in front
of them) is given arbitrary bytes, invalid UTF-8, 100,000 levels of nesting, huge lines,
XML entity bombs and external references, and files far over the size limit. The
outcome must be a ScheduleError (which the command line prints as one line and the
window shows in a dialog) or a schedule that the library can store and export.
"""

from __future__ import annotations

import json
import random
import socket
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from planner import cli
from planner.domain.errors import ScheduleError
from planner.domain.model import Schedule
from planner.formats import MAX_BYTES, load
from planner.store import Library, StoreError
from tests.reliability.samples import FORMATS, ICAL, PARSERS, PENTABARF, SESSION_PAGE, parser

ROOT = Path(__file__).resolve().parents[2]
DEEP = 100_000
# Generous for a loaded 2-core machine; measured times are a few to a few hundred ms.
SECONDS = 10.0


def outcome(name: str, data: bytes, *, seconds: float = SECONDS) -> Schedule | ScheduleError:
    """Parse with the named parser; anything but a Schedule or ScheduleError fails."""
    parse = parser(name)
    start = time.perf_counter()
    try:
        result: Schedule | ScheduleError = parse(data, "hostile.bin")
    except ScheduleError as exc:
        assert str(exc).startswith("hostile.bin"), f"the error must name the file: {exc}"
        result = exc
    elapsed = time.perf_counter() - start
    assert elapsed < seconds, f"{name}: {elapsed:.1f} s"
    return result


def stored_and_exported(schedule: Schedule, tmp_path: Path) -> None:
    """Whatever a parser accepts, the library stores and the calendar export writes."""
    from planner.export.ics import to_ics

    with Library(tmp_path / "hostile.sqlite3") as lib:
        try:
            lib.import_schedule(schedule)
        except StoreError:
            return  # a user-facing refusal (ids clash with another schedule) is fine
        events = lib.events()
        lib.star([e.id for e in events])
        for event in events[:3]:
            lib.events(search=event.title)
        to_ics(lib.events(starred=True))


def _random(size: int, seed: int) -> bytes:
    return random.Random(seed).randbytes(size)


def _invalid_utf8(sample: bytes) -> bytes:
    for word in (b"Robust planning", b"Opening"):
        if word in sample:
            return sample.replace(word, b"Op\xff\xfe\xc3(ning \xed\xa0\x80 \xc0\xaf", 1)
    raise AssertionError("no title to spoil")


# Every blob goes to every parser: the sniffing may send anything anywhere.
BLOBS: dict[str, Callable[[], bytes]] = {
    "empty": lambda: b"",
    "whitespace": lambda: b" \r\n\t" * 100,
    "random bytes": lambda: _random(65536, 1),
    "random bytes after a BOM": lambda: b"\xef\xbb\xbf" + _random(4096, 2),
    "NUL bytes": lambda: b"\x00" * 65536,
    "UTF-16 with BOM": lambda: "## Session\n### Schedule\n".encode("utf-16"),
    "JSON list nested 100k deep": lambda: b"[" * DEEP + b"]" * DEEP,
    "JSON object nested 100k deep": lambda: b'{"schedule": ' + b'{"a": ' * DEEP + b"1" + b"}" * (DEEP + 1),
    "JSON nesting never closed": lambda: b'{"schedule": ' + b"[" * DEEP,
    "XML nested 100k deep": lambda: b"<schedule>" + b"<a>" * DEEP + b"</a>" * DEEP + b"</schedule>",
    "XML nesting never closed": lambda: b"<schedule>" + b"<day>" * DEEP,
    "iCalendar nested 100k deep": lambda: (
        b"BEGIN:VCALENDAR\r\n" + b"BEGIN:VEVENT\r\n" * DEEP + b"END:VEVENT\r\n" * DEEP + b"END:VCALENDAR\r\n"),
    "session page with 100k heading levels": lambda: b"## S\n### Schedule\n" + b"#" * DEEP + b" x\n",
    "a 1 MB line": lambda: b"## " + b"x" * (1 << 20),
    "an iCalendar 1 MB line": lambda: b"BEGIN:VCALENDAR\r\nX-A:" + b"x" * (1 << 20) + b"\r\nEND:VCALENDAR\r\n",
    "100k folds": lambda: b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:x" + b"\r\n x" * DEEP
    + b"\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    "100k blank lines": lambda: b"BEGIN:VCALENDAR\r\n" + b"\r\n" * DEEP + b" x\r\nEND:VCALENDAR\r\n",
    "50k session headings": lambda: b"## S\n" * 50_000,
}


@pytest.mark.parametrize("blob", list(BLOBS))
@pytest.mark.parametrize("name", PARSERS)
def test_hostile_blob(name: str, blob: str) -> None:
    outcome(name, BLOBS[blob]())


@pytest.mark.parametrize("name", list(FORMATS))
def test_invalid_utf8_is_a_clear_error_or_replaced(name: str, tmp_path: Path) -> None:
    result = outcome(name, _invalid_utf8(FORMATS[name][1]))
    if isinstance(result, ScheduleError):
        assert result.line is not None or "UTF-8" in str(result) or "XML" in str(result), result
    else:
        stored_and_exported(result, tmp_path)


@pytest.mark.parametrize("name", list(FORMATS))
def test_the_samples_parse(name: str) -> None:
    """The starting points of the mutations below are valid, so the mutations mean something."""
    result = outcome(name, FORMATS[name][1])
    assert isinstance(result, Schedule) and len(result.events) == 2


NESTING = {"frab json": "JSON object nested 100k deep", "pentabarf": "XML nested 100k deep",
           "ical": "iCalendar nested 100k deep", "session page": "session page with 100k heading levels"}


@pytest.mark.slow
@pytest.mark.parametrize("name", [*FORMATS, "detect"])
def test_nesting_is_refused_with_little_memory(name: str) -> None:
    """100k levels cost no more than a few MB: refused while reading, not after building."""
    for blob in NESTING.values() if name == "detect" else [NESTING[name]]:
        data = BLOBS[blob]()
        tracemalloc.start()
        try:
            outcome(name, data)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert peak < 64 * len(data) + (16 << 20), f"{blob}: {peak / 1e6:.0f} MB"


# -- XML: entity expansion, external entities, external DTDs ------------------------------


@pytest.fixture
def listener():  # type: ignore[no-untyped-def]
    """A TCP server on 127.0.0.1 that records whether anyone connected."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.setblocking(False)
    yield server
    server.close()


def _connected(server: socket.socket) -> bool:
    try:
        conn, _ = server.accept()
    except BlockingIOError:
        return False
    conn.close()
    return True


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE schedule [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<schedule><conference><title>&lol9;</title></conference></schedule>
"""


def _xml_attacks(port: int) -> dict[str, bytes]:
    url = f"http://127.0.0.1:{port}"
    body = PENTABARF.split(b"?>", 1)[1]
    return {
        "billion laughs": BILLION_LAUGHS,
        "quadratic blowup": (b'<!DOCTYPE schedule [<!ENTITY a "' + b"x" * 100_000 + b'">]><schedule><conference><title>'
                             + b"&a;" * 10_000 + b"</title></conference></schedule>"),
        "external entity, local file": (b'<!DOCTYPE schedule [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                                        + body.replace(b"<title>Opening", b"<title>&x;Opening")),
        "external entity, network": (f'<!DOCTYPE schedule [<!ENTITY x SYSTEM "{url}/e">]>'.encode()
                                     + body.replace(b"<title>Opening", b"<title>&x;Opening")),
        "external DTD": f'<!DOCTYPE schedule SYSTEM "{url}/schedule.dtd">'.encode() + body,
        "public DTD": f'<!DOCTYPE schedule PUBLIC "-//X//DTD X//EN" "{url}/p.dtd">'.encode() + body,
        "parameter entity": f'<!DOCTYPE schedule [<!ENTITY % p SYSTEM "{url}/p"> %p;]>'.encode() + body,
        "entity declared without DTD use": b'<!DOCTYPE schedule [<!ENTITY e "x">]>' + body,
        "XInclude": body.replace(
            b"<title>Opening</title>",
            b'<title><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file:///etc/passwd" parse="text"/>'
            b'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="' + url.encode() + b'/x"/>Opening</title>'),
        "unknown encoding": b'<?xml version="1.0" encoding="x-no-such-encoding"?>' + body,
        "UTF-16 declared, UTF-8 given": b'<?xml version="1.0" encoding="utf-16"?>' + body,
        "HTML page": b"<!DOCTYPE html><html><body>Not the schedule</body></html>",
    }


@pytest.mark.parametrize("attack", list(_xml_attacks(1)))
@pytest.mark.parametrize("name", ["pentabarf", "detect"])
def test_xml_attacks_are_refused_without_expanding_or_fetching(name: str, attack: str, listener: socket.socket,
                                                                 tmp_path: Path) -> None:
    data = _xml_attacks(listener.getsockname()[1])[attack]
    tracemalloc.start()
    try:
        result = outcome(name, data, seconds=2.0)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 32 << 20, f"{peak / 1e6:.0f} MB"
    assert not _connected(listener), "the parser connected to the network"
    if isinstance(result, Schedule):
        # Only XInclude can parse: as inert elements, nothing read from disk.
        assert attack == "XInclude", attack
        text = " ".join(f"{e.title} {e.abstract}" for e in result.events)
        assert "root:" not in text
        stored_and_exported(result, tmp_path)
    elif attack in ("billion laughs", "quadratic blowup", "parameter entity") or "entity" in attack or "DTD" in attack:
        assert "DOCTYPE" in str(result) or "entit" in str(result), result


def test_cli_parse_of_a_billion_laughs_file_is_one_line(tmp_path: Path) -> None:
    """In a real process: exit status 1, one line on stderr, no traceback, little memory."""
    path = tmp_path / "laughs.xml"
    path.write_bytes(BILLION_LAUGHS)
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss across exec, so a child of a big pytest
    # process would report its parent's peak.
    code = ("import re, sys\nfrom planner import cli\nstatus = cli.main(['parse', sys.argv[1]])\n"
            "status_text = open('/proc/self/status').read()\n"
            "print(re.search(r'VmHWM:\\s+(\\d+)', status_text).group(1))\nsys.exit(status)")
    run = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, cwd=ROOT,
                         timeout=60)
    assert run.returncode == 1
    assert len(run.stderr.splitlines()) == 1 and run.stderr.startswith(f"planner: {path}"), run.stderr
    assert int(run.stdout.split()[-1]) < 200_000  # KB: the interpreter plus a little


# -- JSON oddities ------------------------------------------------------------------------


def _frab(title: str) -> bytes:
    doc = json.loads(FORMATS["frab json"][1])
    doc["schedule"]["conference"]["days"][0]["rooms"]["Saal 1"][0]["title"] = "TITLE"
    return json.dumps(doc).encode().replace(b'"TITLE"', title.encode())


JSON_ODDITIES = {
    "a 100,000-digit number": "9" * 100_000,
    "1e999999": "1e999999",
    "NaN": "NaN",
    "-Infinity": "-Infinity",
    "a lone surrogate": '"Open\\ud800ing \\udfff"',
    "a valid surrogate pair": '"Open \\ud83d\\ude00"',
    "NUL and control characters": '"Op\\u0000en\\u0007\\u001b[31m"',
    "an object": '{"en": "Opening", "de": 5}',
    "a list": '["Opening"]',
    "null": "null",
    "true": "true",
    "a 1 MB title": '"' + "x" * (1 << 20) + '"',
}


@pytest.mark.parametrize("oddity", list(JSON_ODDITIES))
def test_json_oddities(oddity: str, tmp_path: Path) -> None:
    parser("frab json")
    result = outcome("frab json", _frab(JSON_ODDITIES[oddity]))
    if isinstance(result, Schedule):
        stored_and_exported(result, tmp_path)


def test_duplicate_keys_and_wrong_types_deep_in_the_document(tmp_path: Path) -> None:
    parser("frab json")
    for data in (
        b'{"schedule": {"conference": {"days": 5}}}',
        b'{"schedule": {"conference": {"days": [{"rooms": {"A": [1, "x", null, []]}}]}}}',
        b'{"schedule": {"conference": {"days": [{"rooms": {"A": [{"date": {"x": 1}, "duration": []}]}}]}}}',
        b'{"schedule": 1, "schedule": {"conference": {"days": []}}}',
        b'{"schedule": {"conference": {"time_zone_name": "../../../../etc/passwd", "days": []}}}',
    ):
        result = outcome("frab json", data)
        if isinstance(result, Schedule):
            stored_and_exported(result, tmp_path)


# -- iCalendar oddities --------------------------------------------------------------------


def _vevent(*lines: str) -> bytes:
    body = "\r\n".join(lines)
    return (f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:u@x\r\n{body}\r\n"
            f"END:VEVENT\r\nEND:VCALENDAR\r\n").encode()


ICAL_ODDITIES = {
    "recurrence forever": _vevent("DTSTART:20241227T100000Z", "DURATION:PT1H", "RRULE:FREQ=SECONDLY"),
    "a billion recurrences": _vevent("DTSTART:20241227T100000Z", "DURATION:PT1H", "RRULE:FREQ=SECONDLY;COUNT=1000000000"),
    "year 9999 plus a long duration": _vevent("DTSTART:99991231T230000Z", "DURATION:P1000W"),
    "year 1 minus an offset": _vevent("DTSTART;TZID=Pacific/Kiritimati:00010101T000000", "DURATION:PT1H"),
    "end before start": _vevent("DTSTART:20241227T100000Z", "DTEND:20241127T100000Z"),
    "TZID is a path": _vevent("DTSTART;TZID=../../../../etc/localtime:20241227T100000", "DURATION:PT1H"),
    "TZID is huge": _vevent("DTSTART;TZID=" + "A" * 100_000 + ":20241227T100000", "DURATION:PT1H"),
    "duration of 10^20 weeks": _vevent("DTSTART:20241227T100000Z", "DURATION:P" + "9" * 20 + "W"),
    "bad date": _vevent("DTSTART:20241327T250000Z", "DURATION:PT1H"),
    "date without time and timezone": _vevent("DTSTART;VALUE=DATE:20241227", "DTEND;VALUE=DATE:20241227"),
    "100k parameters": _vevent("DTSTART" + ";X=1" * 100_000 + ":20241227T100000Z", "DURATION:PT1H"),
    "20k attendees": _vevent("DTSTART:20241227T100000Z", "DURATION:PT1H", *["ATTENDEE:mailto:a@b"] * 20_000),
    # Line numbers were once counted from the start of the file for every event: 20 s.
    "50k empty events": b"BEGIN:VCALENDAR\r\n" + b"BEGIN:VEVENT\r\nEND:VEVENT\r\n" * 50_000 + b"END:VCALENDAR\r\n",
    "TZID is a folder of the zone database": _vevent("DTSTART;TZID=America:20241227T100000", "DURATION:PT1H"),
    "VTIMEZONE with nonsense": (b"BEGIN:VCALENDAR\r\nBEGIN:VTIMEZONE\r\nTZID:X\r\nBEGIN:STANDARD\r\n"
                                b"DTSTART:99990101T000000\r\nTZOFFSETFROM:+9999\r\nTZOFFSETTO:-9999\r\n"
                                b"RRULE:FREQ=SECONDLY\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
                                + _vevent("DTSTART;TZID=X:20241227T100000", "DURATION:PT1H").split(b"\r\n", 1)[1]),
}


@pytest.mark.slow
@pytest.mark.parametrize("oddity", list(ICAL_ODDITIES))
def test_ical_oddities(oddity: str, tmp_path: Path) -> None:
    parser("ical")
    result = outcome("ical", ICAL_ODDITIES[oddity])
    if isinstance(result, Schedule):
        assert len(result.events) < 1000, "recurrences must not be expanded without bound"
        stored_and_exported(result, tmp_path)


# -- session page oddities ------------------------------------------------------------------


SESSION_ODDITIES = {
    "a 30-digit talk number": SESSION_PAGE.replace(b"##### 1 -", b"##### " + b"9" * 30 + b" -"),
    "year 9999 and year 1": SESSION_PAGE.replace(b"2021-06-01T09:00:00+02:00", b"9999-12-31T23:59:59-23:59")
    .replace(b"2021-06-01T09:30:00+02:00", b"0001-01-01T00:00:00+23:59"),
    "offset out of range": SESSION_PAGE.replace(b"+02:00", b"+99:00"),
    "control characters": SESSION_PAGE.replace(b"Robust", b"\x1b[31mRo\x00bu\x07st\x08"),
    "CR-only line ends": SESSION_PAGE.replace(b"\n", b"\r"),
    "100k authors": SESSION_PAGE.replace(b"Ada Lovelace, Alan Turing", b", ".join([b"A B"] * 100_000)),
}


@pytest.mark.parametrize("oddity", list(SESSION_ODDITIES))
def test_session_page_oddities(oddity: str, tmp_path: Path) -> None:
    result = outcome("session page", SESSION_ODDITIES[oddity])
    if isinstance(result, Schedule):
        stored_and_exported(result, tmp_path)


# -- size -----------------------------------------------------------------------------------


@pytest.mark.parametrize("size_mb", [200, MAX_BYTES // (1 << 20) + 1])
def test_huge_files_are_refused_before_reading(tmp_path: Path, size_mb: int) -> None:
    path = tmp_path / "huge.xml"
    with path.open("wb") as handle:  # sparse: costs no disk and no time
        handle.write(b"<schedule>")
        handle.truncate(size_mb << 20)
    tracemalloc.start()
    start = time.perf_counter()
    try:
        with pytest.raises(ScheduleError, match="MB are refused") as info:
            load(path)
        elapsed = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert str(path) in str(info.value)
    assert elapsed < 0.5 and peak < 1 << 20, (elapsed, peak)


def test_a_file_at_the_limit_is_read_one_byte_more_is_not(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import planner.formats

    monkeypatch.setattr(planner.formats, "MAX_BYTES", 4096)  # the same code path, cheaply
    path = tmp_path / "limit.txt"
    path.write_bytes(SESSION_PAGE + b" " * (4096 - len(SESSION_PAGE)))
    assert len(load(path).events) == 2
    path.write_bytes(path.read_bytes() + b" ")
    with pytest.raises(ScheduleError, match="refused"):
        load(path)


@pytest.mark.parametrize("special", ["/dev/zero", "/dev/urandom", "fifo", "directory"])
def test_files_that_never_end_or_are_not_files(tmp_path: Path, special: str) -> None:
    import os

    path = Path(special)
    if special == "fifo":
        path = tmp_path / "schedule.xml"
        os.mkfifo(path)
    elif special == "directory":
        path = tmp_path
    elif not path.exists():
        pytest.skip(f"{special} does not exist here")
    start = time.perf_counter()
    with pytest.raises(ScheduleError, match="not a regular file"):
        load(path)
    assert time.perf_counter() - start < 0.5


def test_cli_refuses_a_200_mb_file_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "huge.json"
    with path.open("wb") as handle:
        handle.truncate(200 << 20)
    db = tmp_path / "library.sqlite3"
    assert cli.main(["--db", str(db), "import", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "200 MB" in err and str(path) in err, err


def test_every_hostile_blob_through_the_cli_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """What a user sees for each: exit status 1 and one line naming the file."""
    for blob, make in BLOBS.items():
        if "line" in blob or "headings" in blob:
            continue  # slow, and the same path as the others
        path = tmp_path / "hostile.dat"
        path.write_bytes(make())
        status = cli.main(["parse", str(path)])
        captured = capsys.readouterr()
        assert status == 1, blob
        assert captured.err.count("\n") == 1 and captured.err.startswith(f"planner: {path}"), (blob, captured.err)


def test_samples_still_parse_after_the_attacks() -> None:
    """The parsers keep no state between files: a refused file does not spoil the next."""
    for name in FORMATS:
        parser(name)
        outcome(name, BILLION_LAUGHS)
        outcome(name, BLOBS["XML nested 100k deep"]())
        result = outcome(name, FORMATS[name][1])
        assert isinstance(result, Schedule) and len(result.events) == 2


def test_ical_sample_has_its_timezone() -> None:
    result = outcome("ical", ICAL)
    assert isinstance(result, Schedule)
    assert result.events[0].start.utcoffset() is not None
