"""Time and memory to parse the biggest schedule files Planner accepts.

Run by hand: ``python3 benchmarks/big_inputs.py [MB ...]`` (default 4 16 64). For each
format it writes a well-formed file of about that size (the same event repeated with
new ids, abstracts of ~1 kB like real ones), parses it with planner.formats.load in a
fresh process, and prints wall time and peak resident memory. planner.formats.MAX_BYTES
is the size above which files are refused before reading; README's "What Planner
guarantees" quotes these numbers.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ABSTRACT = ("We study robust optimisation of deep networks under distribution shift & show "
            "that <simple> regularisers help. ") * 8


def session_page(n: int) -> bytes:
    parts = ["## Orals & Spotlights: Everything\n### Schedule\n"]
    for i in range(n):
        minute = i % 600
        parts.append(
            f"2020-12-10T{10 + minute // 60:02d}:{minute % 60:02d}:00-08:00 - "
            f"2020-12-10T{10 + minute // 60:02d}:{minute % 60:02d}:30-08:00\n"
            f"##### {i + 1} - Oral: Talk number {i}\nAda Lovelace, Alan Turing\n\n{ABSTRACT}\n"
        )
    return "".join(parts).encode()


def pentabarf(n: int) -> bytes:
    abstract = ABSTRACT.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    events = "".join(
        f'<event guid="00000000-0000-4000-8000-{i:012d}" id="{i}"><date>2024-12-27T10:00:00+01:00</date>'
        f"<start>10:00</start><duration>00:30</duration><room>Saal 1</room><slug>t{i}</slug>"
        f"<title>Talk {i}</title><subtitle/><track>Science</track><type>Talk</type><language>en</language>"
        f"<abstract>{abstract}</abstract><description/><persons><person id=\"1\">Ada Lovelace</person></persons>"
        f"<links/></event>\n"
        for i in range(n)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<schedule><conference><title>Big</title><acronym>big</acronym>'
        "<time_zone_name>Europe/Berlin</time_zone_name></conference>"
        f'<day index="1" date="2024-12-27" start="2024-12-27T10:00:00+01:00" end="2024-12-28T04:00:00+01:00">'
        f'<room name="Saal 1">\n{events}</room></day></schedule>\n'
    ).encode()


def frabjson(n: int) -> bytes:
    events = [
        {"guid": f"00000000-0000-4000-8000-{i:012d}", "id": i, "date": "2024-12-27T10:00:00+01:00",
         "start": "10:00", "duration": "00:30", "room": "Saal 1", "title": f"Talk {i}", "type": "Talk",
         "abstract": ABSTRACT, "persons": [{"public_name": "Ada Lovelace"}], "links": []}
        for i in range(n)
    ]
    doc = {"schedule": {"version": "1", "conference": {
        "acronym": "big", "title": "Big", "time_zone_name": "Europe/Berlin",
        "days": [{"index": 1, "date": "2024-12-27", "rooms": {"Saal 1": events}}]}}}
    return json.dumps(doc).encode()


def ical(n: int) -> bytes:
    events = "".join(
        f"BEGIN:VEVENT\r\nUID:big-{i}@example.org\r\nDTSTAMP:20240101T000000Z\r\n"
        f"DTSTART:20241227T{9 + (i % 600) // 60:02d}{i % 60:02d}00Z\r\nDURATION:PT30M\r\n"
        f"SUMMARY:Talk {i}\r\nLOCATION:Saal 1\r\nDESCRIPTION:{ABSTRACT.replace(',', chr(92) + ',')}\r\n"
        "END:VEVENT\r\n"
        for i in range(n)
    )
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//big//EN\r\n{events}END:VCALENDAR\r\n".encode()


MAKERS = {"session page": (session_page, ".txt"), "pentabarf": (pentabarf, ".xml"),
          "frab json": (frabjson, ".json"), "ical": (ical, ".ics")}

CHILD = """
import resource, sys, time
from planner.formats import load
t = time.perf_counter()
try:
    n = len(load(sys.argv[1]).events)
except Exception as exc:
    n = f"{type(exc).__name__}: {str(exc)[:80]}"
print(f"{time.perf_counter() - t:.2f}", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, n)
"""


def make(fmt: str, megabytes: float, folder: Path) -> Path:
    maker, suffix = MAKERS[fmt]
    per_event = len(maker(10)) / 10
    data = maker(max(1, int(megabytes * 1024 * 1024 / per_event)))
    path = folder / f"big-{megabytes:g}mb{suffix}"
    path.write_bytes(data)
    return path


def main() -> None:
    sizes = [float(a) for a in sys.argv[1:]] or [4, 16, 64]
    base = subprocess.run([sys.executable, "-c", "import resource, planner.formats; "
                           "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)"],
                          capture_output=True, text=True, cwd=ROOT, check=True).stdout.strip()
    print(f"interpreter with planner.formats imported: {base} MB resident")
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in MAKERS:
            for mb in sizes:
                path = make(fmt, mb, Path(tmp))
                t = time.perf_counter()
                out = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True,
                                     cwd=ROOT, timeout=1200)
                seconds, rss, events = (out.stdout.split(maxsplit=2) + ["?", "?", out.stderr[-200:]])[:3]
                print(f"{fmt:<13} {path.stat().st_size / 1e6:6.1f} MB: {seconds:>6} s parse, "
                      f"{rss:>5} MB peak RSS, events: {events.strip()}  ({time.perf_counter() - t:.1f} s wall)",
                      flush=True)
                path.unlink()


if __name__ == "__main__":
    _ = resource  # the child measures with it
    main()
