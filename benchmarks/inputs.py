"""Benchmark inputs: big session-page files and libraries prepared from them.

A generated file looks like the bundled NeurIPS session page, repeated: sessions of
15 slots (orals, spotlights, a break, joint Q&As) filling three-hour blocks from 06:00
to 24:00, with many sessions in parallel so every day is busy:

    events   days  parallel sessions  events per day
    1,000     3     4                  ~360
    10,000    7     16                 ~1,440
    50,000    14    40                 ~3,600

Titles, authors and abstracts come from ../shared/corpus/papers-data (NeurIPS 2020
titles and authors, ICLR 2020 abstracts) when that folder is present, otherwise from
a seeded synthetic vocabulary; either way the output is deterministic.
"""

from __future__ import annotations

import json
import math
import random
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
PAPERS = CORPUS / "papers-data"
XML_38C3 = CORPUS / "schedule-xml" / "38c3-schedule.xml"

GENERATOR_VERSION = 1  # bump when the generated text changes, to refresh the cache
SIZES = (1_000, 10_000, 50_000)
ZONE = timezone(timedelta(hours=-8))
FIRST_DAY = datetime(2020, 12, 6, tzinfo=ZONE)
BLOCK_HOURS = (6, 9, 12, 15, 18, 21)
# (kind label or None for an unnumbered slot, minutes); 180 minutes, 15 slots.
SESSION_SLOTS: tuple[tuple[str, int], ...] = (
    ("Oral", 15), ("Oral", 15), ("Oral", 15), ("Break", 15),
    ("Spotlight", 10), ("Spotlight", 10), ("Spotlight", 10),
    ("Spotlight", 10), ("Spotlight", 10), ("Spotlight", 10),
    ("Q&A", 10), ("Oral", 15), ("Oral", 15), ("Oral", 15), ("Q&A", 5),
)
TOPICS = (
    "Deep Learning", "Reinforcement Learning", "Optimization", "Theory", "Vision",
    "Language", "Graphs", "Probabilistic Methods", "Fairness", "Neuroscience",
    "Kernels", "Bandits", "Generative Models", "Robustness", "Causality", "Applications",
)


@dataclass(frozen=True, slots=True)
class Paper:
    title: str
    authors: tuple[str, ...]
    abstract: str


def default_cache() -> Path:
    return Path(tempfile.gettempdir()) / "planner-benchmarks"


def shape(n: int) -> tuple[int, int]:
    """(days, parallel sessions) for ``n`` events: about 1,500 a day, at most 14 days."""
    days = min(14, max(3, round(n / 1500)))
    per_session = len(SESSION_SLOTS)
    parallel = max(1, math.ceil(n / (days * len(BLOCK_HOURS) * per_session)))
    return days, parallel


def _one_line(text: str) -> str:
    """Abstracts on one line, never starting like a heading or a time range."""
    text = " ".join(text.split())
    return text.lstrip("#").strip()


def corpus_papers() -> list[Paper]:
    """NeurIPS 2020 titles and authors plus ICLR 2020 papers; abstracts shared round-robin."""
    neurips = PAPERS / "neurips2020-accepted-papers-authors.json"
    iclr = PAPERS / "iclr2020-miniconf-papers.json"
    if not (neurips.is_file() and iclr.is_file()):
        return []
    papers: list[Paper] = []
    abstracts: list[str] = []
    for entry in json.loads(iclr.read_text(encoding="utf-8")).values():
        content = entry.get("content", {})
        title, abstract = _one_line(content.get("title", "")), _one_line(content.get("abstract", ""))
        authors = tuple(a for a in (_one_line(x).replace(",", "") for x in content.get("authors", [])) if a)
        if title and abstract and authors:
            papers.append(Paper(title, authors, abstract))
            abstracts.append(abstract)
    for i, (title, entry) in enumerate(json.loads(neurips.read_text(encoding="utf-8")).items()):
        authors = tuple(a for a in (_one_line(x[0]).replace(",", "") for x in entry.get("authors", [])) if a)
        title = _one_line(title)
        if title and authors:
            papers.append(Paper(title, authors, abstracts[i % len(abstracts)]))
    return papers


_SYLLABLES = ("ka", "ri", "mo", "len", "sa", "tor", "vi", "an", "el", "do", "mi", "ra", "zu", "ne", "lo")
_WORDS = (
    "learning", "neural", "network", "graph", "kernel", "robust", "sparse", "bayesian",
    "policy", "gradient", "attention", "transformer", "convex", "stochastic", "adversarial",
    "generative", "causal", "inference", "representation", "embedding", "bandit", "optimal",
    "contrastive", "diffusion", "variational", "federated", "meta", "reinforcement", "vision",
    "language", "model", "training", "estimation", "regret", "bounds", "efficient", "scalable",
)


def synthetic_papers(count: int = 2500, seed: int = 6) -> list[Paper]:
    rng = random.Random(seed)

    def name() -> str:
        first = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).title()
        last = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))).title()
        return f"{first} {last}"

    papers = []
    for _ in range(count):
        title = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(4, 10))).capitalize()
        sentences = [
            " ".join(rng.choice(_WORDS) for _ in range(rng.randint(8, 20))).capitalize() + "."
            for _ in range(rng.randint(5, 10))
        ]
        papers.append(Paper(title, tuple(name() for _ in range(rng.randint(1, 6))), " ".join(sentences)))
    return papers


def papers() -> tuple[list[Paper], str]:
    found = corpus_papers()
    if found:
        return found, "corpus (NeurIPS 2020 titles/authors, ICLR 2020 abstracts)"
    return synthetic_papers(), "synthetic (corpus not found)"


def _iso(value: datetime) -> str:
    return value.isoformat()


def session_page_lines(n: int, pool: list[Paper]) -> Iterator[str]:
    """Exactly ``n`` events as session-page text, one line at a time."""
    days, parallel = shape(n)
    made = 0
    track = 0
    paper = 0
    for day in range(days):
        for hour in BLOCK_HOURS:
            block_start = FIRST_DAY + timedelta(days=day, hours=hour)
            for _ in range(parallel):
                if made >= n:
                    return
                track += 1
                topic = TOPICS[track % len(TOPICS)]
                block_end = block_start + timedelta(minutes=sum(m for _, m in SESSION_SLOTS))
                chairs = pool[(paper + 7) % len(pool)].authors[:2]
                yield f"## Benchmark Track {track}: {topic}"
                yield ""
                yield "Each Oral includes Q&A. Spotlights have joint Q&As."
                yield ""
                yield "### Time"
                yield ""
                yield f"{_iso(block_start)} - {_iso(block_end)}"
                yield ""
                yield "### Session chairs"
                yield ""
                yield ", ".join(chairs)
                yield ""
                yield "### Schedule"
                yield ""
                at = block_start
                for number, (label, minutes) in enumerate(SESSION_SLOTS, start=1):
                    if made >= n:
                        break
                    end = at + timedelta(minutes=minutes)
                    yield f"{_iso(at)} - {_iso(end)}"
                    yield ""
                    if label == "Break":
                        yield "##### Break"
                        yield ""
                    elif label == "Q&A":
                        yield "##### Q&A: Joint Q&A for Preceding Talks"
                        yield ""
                    else:
                        item = pool[paper % len(pool)]
                        paper += 1
                        yield f"##### {number} - {label}: {item.title}"
                        yield ""
                        yield ", ".join(item.authors)
                        yield ""
                        yield item.abstract
                        yield ""
                    made += 1
                    at = end


def session_page_file(n: int, cache: Path) -> Path:
    """The generated file for ``n`` events, made once per generator version."""
    pool, _ = papers()
    flavour = "corpus" if PAPERS.is_dir() else "synthetic"
    path = cache / f"sessionpage-{n}-{flavour}-v{GENERATOR_VERSION}.txt"
    if not path.is_file():
        cache.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with tmp.open("w", encoding="utf-8") as out:
            for line in session_page_lines(n, pool):
                out.write(line + "\n")
        tmp.replace(path)
    return path


def prepare_library(path: Path, schedule_file: Path | None) -> None:
    """A library as the window finds it on a later start: seeded, with ``schedule_file``.

    With a schedule file the bundled session is not added, so the window shows the big
    schedule (the only one); without, the library holds only the bundled session.
    """
    from planner.formats import load
    from planner.store import Library
    from planner.store.open import open_library

    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    if schedule_file is None:
        open_library(path).close()
        return
    with Library(path) as library:
        library.import_schedule(load(schedule_file))
        library.set_meta("seeded-bundled-session", "1")


_WORD = re.compile(r"[A-Za-z]{4,}")


def search_words(pool: list[Paper]) -> list[str]:
    """Words an attendee would type: common title words of middling frequency."""
    counts: dict[str, int] = {}
    for p in pool:
        for w in {w.lower() for w in _WORD.findall(p.title)}:
            counts[w] = counts.get(w, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    # Skip stop-like words at the very top; keep a spread of frequencies.
    picks = [w for w, _ in ranked[3:60] if w not in {"with", "from", "that", "using", "learning"}]
    return picks[:: max(1, len(picks) // 6)][:6]


def _main(argv: list[str]) -> int:
    """``python -m benchmarks.inputs prepare DB [FILE]``: prepare_library in its own process.

    The runner prepares libraries this way so that parsing 50,000 events does not grow
    its own memory, which every child it forks would then start from.
    """
    if len(argv) in (2, 3) and argv[0] == "prepare":
        prepare_library(Path(argv[1]), Path(argv[2]) if len(argv) == 3 else None)
        return 0
    print(_main.__doc__)
    return 2


if __name__ == "__main__":
    import sys

    sys.exit(_main(sys.argv[1:]))
