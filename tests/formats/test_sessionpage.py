"""The session-page parser: the bundled NeurIPS file and one small file per rule.

Small inputs are written inline so each test shows the exact text it is about; errors
are checked for the file name and line the user has to fix.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.domain.errors import ScheduleError
from planner.domain.model import Kind, Markup, Schedule
from planner.formats import load, parse_bytes, sessionpage

SESSION = "Orals & Spotlights Track 34: Deep Learning"
PST = timezone(timedelta(hours=-8))


def utc(text: str) -> datetime:
    """``"2020-12-11T02:00"`` -> that instant in UTC."""
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


def page(text: str, name: str = "inline.txt") -> Schedule:
    return sessionpage.parse(text.encode("utf-8"), name)


def error(text: str | bytes, name: str = "inline.txt") -> ScheduleError:
    data = text.encode("utf-8") if isinstance(text, str) else text
    with pytest.raises(ScheduleError) as info:
        sessionpage.parse(data, name)
    return info.value



def slot(start: str, end: str, offset: str = "-08:00", day: str = "2020-12-10") -> str:
    return f"{day}T{start}:00{offset} - {day}T{end}:00{offset}"


# -- the bundled file ------------------------------------------------------------------

# (kind, number, title start, author count, start UTC, end UTC) for all 15 slots, in order.
SEED_EVENTS = [
    (Kind.ORAL, 1, "Is normalization indispensable for training deep neural network?", 5,
     "2020-12-11T02:00", "2020-12-11T02:15"),
    (Kind.ORAL, 2, "Understanding Approximate Fisher Information for Fast Convergence of "
     "Natural Gradient Descent in Wide Neural Networks", 2, "2020-12-11T02:15", "2020-12-11T02:30"),
    (Kind.ORAL, 3, "Spectra of the Conjugate Kernel and Neural Tangent Kernel for linear-width "
     "neural networks", 2, "2020-12-11T02:30", "2020-12-11T02:45"),
    (Kind.BREAK, None, "Break", 0, "2020-12-11T02:45", "2020-12-11T03:00"),
    (Kind.SPOTLIGHT, 5, "Generalization bound of globally optimal non-convex neural network "
     "training: Transportation map estimation by infinite dimensional Langevin dynamics", 1,
     "2020-12-11T03:00", "2020-12-11T03:10"),
    (Kind.SPOTLIGHT, 6, "Kernel Based Progressive Distillation for Adder Neural Networks", 6,
     "2020-12-11T03:10", "2020-12-11T03:20"),
    (Kind.SPOTLIGHT, 7, "What Neural Networks Memorize and Why: Discovering the Long Tail via "
     "Influence Estimation", 2, "2020-12-11T03:20", "2020-12-11T03:30"),
    (Kind.SPOTLIGHT, 8, "Collegial Ensembles", 6, "2020-12-11T03:30", "2020-12-11T03:40"),
    (Kind.QA, None, "Joint Q&A for Preceeding Spotlights", 0, "2020-12-11T03:40", "2020-12-11T03:50"),
    (Kind.SPOTLIGHT, 10, "Finite Versus Infinite Neural Networks: an Empirical Study", 7,
     "2020-12-11T03:50", "2020-12-11T04:00"),
    (Kind.SPOTLIGHT, 11, "Estimating Training Data Influence by Tracing Gradient Descent", 4,
     "2020-12-11T04:00", "2020-12-11T04:10"),
    (Kind.SPOTLIGHT, 12, "AdaBelief Optimizer: Adapting Stepsizes by the Belief in Observed "
     "Gradients", 7, "2020-12-11T04:10", "2020-12-11T04:20"),
    (Kind.SPOTLIGHT, 13, "Part-dependent Label Noise: Towards Instance-dependent Label Noise", 9,
     "2020-12-11T04:20", "2020-12-11T04:30"),
    (Kind.QA, None, "Joint Q&A for Preceeding Spotlights", 0, "2020-12-11T04:30", "2020-12-11T04:40"),
    (Kind.OTHER, None, "", 0, "2020-12-11T04:40", "2020-12-11T05:00"),
]


@pytest.fixture(scope="module")
def seed() -> Schedule:
    from tests.conftest import SEED

    return load(SEED)


def test_seed_has_fifteen_events(seed: Schedule) -> None:
    assert len(seed.events) == len(SEED_EVENTS) == 15


@pytest.mark.parametrize("index", range(len(SEED_EVENTS)))
def test_seed_event(seed: Schedule, index: int) -> None:
    kind, number, title, author_count, start, end = SEED_EVENTS[index]
    event = seed.events[index]
    assert event.kind is kind
    assert event.number == number
    assert event.title == title
    assert len(event.authors) == author_count
    assert event.start == utc(start)
    assert event.end == utc(end)
    # The published wall-clock time and offset are kept, not only the instant.
    assert event.start.utcoffset() == timedelta(hours=-8)
    assert event.session == SESSION


def test_seed_session_metadata(seed: Schedule) -> None:
    assert len(seed.sessions) == 1
    session = seed.sessions[0]
    assert session.title == SESSION
    assert list(session.chairs) == ["Tuo Zhao", "Jimmy Ba"]
    assert session.start == datetime(2020, 12, 10, 18, 0, tzinfo=PST)
    assert session.end == datetime(2020, 12, 10, 21, 0, tzinfo=PST)
    assert seed.title == SESSION
    assert seed.format == "session-page"


def test_seed_authors_and_abstracts(seed: Schedule) -> None:
    by_number = {e.number: e for e in seed.events}
    assert by_number[1].authors == ("Jie Shao", "Kai Hu", "Changhu Wang", "Xiangyang Xue", "Bhiksha Raj")
    assert by_number[12].authors[3] == "Sekhar C Tatikonda"
    assert by_number[1].abstract.startswith("Normalization operations are widely used")
    assert by_number[1].abstract.endswith("Codes are available.")
    # Breaks, Q&As and the untitled slot have neither authors nor abstract.
    for event in seed.events:
        if not event.kind.is_talk:
            assert event.authors == () and event.abstract == ""
        else:
            assert len(event.abstract) > 200


def test_seed_keeps_latex_raw(seed: Schedule) -> None:
    by_number = {e.number: e for e in seed.events}
    assert r"{\it beyond kernel methods}" in by_number[5].abstract
    assert r"$\ell_1$-norm" in by_number[6].abstract
    assert r"76.8\%" in by_number[6].abstract
    assert r"(e.g.~Adam)" in by_number[12].abstract
    assert r"\textit{instance-dependent}" in by_number[13].abstract


def test_seed_numbers_skip_4_and_9(seed: Schedule) -> None:
    numbers = [e.number for e in seed.events if e.number is not None]
    assert numbers == [1, 2, 3, 5, 6, 7, 8, 10, 11, 12, 13]


def test_seed_ids_are_unique(seed: Schedule) -> None:
    ids = [e.id for e in seed.events]
    assert len(set(ids)) == len(ids)
    assert all(i for i in ids)


def test_seed_ids_never_change(seed: Schedule) -> None:
    """Users' stars are keyed by these: a parser change must leave them byte-identical."""
    by_title = {(e.kind, e.number, e.start): e.id for e in seed.events}
    assert by_title[Kind.ORAL, 1, utc("2020-12-11T02:00")] == "sp-496136e5b5"
    assert by_title[Kind.SPOTLIGHT, 12, utc("2020-12-11T04:10")] == "sp-262e45f052"
    assert by_title[Kind.BREAK, None, utc("2020-12-11T02:45")] == "sp-f76fe236ba"
    assert by_title[Kind.QA, None, utc("2020-12-11T04:30")] == "sp-32f39c3fd0"
    assert by_title[Kind.OTHER, None, utc("2020-12-11T04:40")] == "sp-8e86a907a4"


def test_seed_text_is_marked_latex(seed: Schedule) -> None:
    assert {e.markup for e in seed.events} == {Markup.LATEX}


def test_seed_events_sorted_and_timezone_aware(seed: Schedule) -> None:
    starts = [e.start for e in seed.events]
    assert starts == sorted(starts)
    assert all(e.start.tzinfo is not None and e.end.tzinfo is not None for e in seed.events)


# -- the format's rules, one small file each -------------------------------------------

BASIC = f"""## Session One
### Schedule
{slot("09:00", "09:15")}
##### 1 - Oral: First talk
Ann Author, Bob Builder

An abstract.
"""


def test_multiple_sessions_each_with_metadata() -> None:
    schedule = page(f"""## Morning
### Time
{slot("09:00", "10:00")}
### Session chairs
Ada Lovelace
### Schedule
{slot("09:00", "09:30")}
##### 1 - Oral: Alpha
A One
{slot("09:30", "10:00")}
##### 2 - Spotlight: Beta
B Two

## Afternoon
### Time
{slot("14:00", "15:00")}
### Session chairs
Grace Hopper, Alan Turing
### Schedule
{slot("14:00", "14:30")}
##### 1 - Oral: Gamma
C Three
""")
    assert [s.title for s in schedule.sessions] == ["Morning", "Afternoon"]
    assert [s.chairs for s in schedule.sessions] == [("Ada Lovelace",), ("Grace Hopper", "Alan Turing")]
    assert schedule.sessions[1].start == datetime(2020, 12, 10, 14, tzinfo=PST)
    assert schedule.sessions[1].end == datetime(2020, 12, 10, 15, tzinfo=PST)
    assert [(e.session, e.number, e.title) for e in schedule.events] == [
        ("Morning", 1, "Alpha"), ("Morning", 2, "Beta"), ("Afternoon", 1, "Gamma"),
    ]
    # Talk 1 of each session is a different event.
    assert len({e.id for e in schedule.events}) == 3


def test_session_without_time_section_takes_its_events_range() -> None:
    schedule = page(f"""## S
### Schedule
{slot("09:00", "09:15")}
##### Break
{slot("09:15", "09:40")}
##### Break
""")
    assert schedule.sessions[0].start == datetime(2020, 12, 10, 9, tzinfo=PST)
    assert schedule.sessions[0].end == datetime(2020, 12, 10, 9, 40, tzinfo=PST)


def test_headings_glued_to_text() -> None:
    schedule = page(f"""## Glued
### Time
{slot("18:00", "21:00")}### Session chairs
Tuo Zhao, Jimmy Ba### Video
### Schedule
{slot("18:00", "18:15")}
##### 1 - Oral: Talk
Someone
""")
    session = schedule.sessions[0]
    assert session.chairs == ("Tuo Zhao", "Jimmy Ba")
    assert session.start == datetime(2020, 12, 10, 18, tzinfo=PST)
    assert session.end == datetime(2020, 12, 10, 21, tzinfo=PST)
    assert len(schedule.events) == 1


def test_glued_schedule_heading() -> None:
    schedule = page(f"## S\nSome description### Schedule\n{slot('09:00', '09:15')}\n##### Break\n")
    assert schedule.sessions[0].description == "Some description"
    assert [e.kind for e in schedule.events] == [Kind.BREAK]


def test_chat_is_not_available_is_text_not_a_section() -> None:
    # If it opened a section, the schedule below it would not be read as the schedule.
    schedule = page(f"""## S
### Chat

### Chat is not available.

### Schedule
{slot("09:00", "09:15")}
##### Break
""")
    assert len(schedule.events) == 1
    described = page(f"## S\n### Chat is not available.\n### Schedule\n{slot('09:00', '09:15')}\n")
    assert described.sessions[0].description == "### Chat is not available."


def test_description_lines_before_sections() -> None:
    schedule = page("## S\nEach Oral includes Q&A\nSpotlights have joint Q&As\n" + BASIC.split("\n", 1)[1])
    assert schedule.sessions[0].description == "Each Oral includes Q&A\nSpotlights have joint Q&As"


@pytest.mark.parametrize(
    ("heading", "kind", "number", "title"),
    [
        ("1 - Oral: Title one", Kind.ORAL, 1, "Title one"),
        ("27 - Spotlight: A: colon in title", Kind.SPOTLIGHT, 27, "A: colon in title"),
        ("Break", Kind.BREAK, None, "Break"),
        ("Q&A: Joint Q&A for Preceeding Spotlights", Kind.QA, None, "Joint Q&A for Preceeding Spotlights"),
        ("Invited Talk: Why we plan", Kind.TALK, None, "Invited Talk: Why we plan"),
        ("Poster Session", Kind.POSTER, None, "Poster Session"),
        ("Opening remarks", Kind.OTHER, None, "Opening remarks"),
        # Known kind labels before the colon are still taken off the title.
        ("3 - Invited Talk: Why we plan", Kind.TALK, 3, "Why we plan"),
        ("4 - Oral Presentation: Fast fits", Kind.ORAL, 4, "Fast fits"),
        ("8 - Q&A: Joint", Kind.QA, 8, "Joint"),
        ("9 - Spotlight 2: Small fits", Kind.SPOTLIGHT, 9, "Small fits"),
        ("Oral 1: Title one", Kind.ORAL, None, "Oral 1: Title one"),
    ],
)
def test_event_heading_kinds(heading: str, kind: Kind, number: int | None, title: str) -> None:
    schedule = page(f"## S\n### Schedule\n{slot('09:00', '09:15')}\n##### {heading}\n")
    (event,) = schedule.events
    assert (event.kind, event.number, event.title) == (kind, number, title)


@pytest.mark.parametrize(
    ("heading", "kind", "title"),
    [
        ("5 - BERT: Pre-training of Deep Bidirectional Transformers", Kind.OTHER,
         "BERT: Pre-training of Deep Bidirectional Transformers"),
        ("7. GPT-3: Language Models are Few-Shot Learners", Kind.OTHER,
         "GPT-3: Language Models are Few-Shot Learners"),
        # Kind words inside other words, or among other words, are not a kind label.
        ("3 - Temporal Logic: A Primer", Kind.OTHER, "Temporal Logic: A Primer"),
        ("2 - Talk Less, Smile More: Efficient Dialogue", Kind.OTHER,
         "Talk Less, Smile More: Efficient Dialogue"),
        ("6 - Poster Child: Robust Fits", Kind.OTHER, "Poster Child: Robust Fits"),
    ],
)
def test_a_numbered_heading_without_a_kind_label_keeps_its_whole_title(heading: str, kind: Kind,
                                                                         title: str) -> None:
    schedule = page(f"## S\n### Schedule\n{slot('09:00', '09:15')}\n##### {heading}\n")
    (event,) = schedule.events
    assert (event.kind, event.number, event.title) == (kind, int(heading.split()[0].rstrip(".")), title)


@pytest.mark.parametrize(
    "heading", ["Spatio-temporal Reasoning", "Breakthroughs in Planning", "Imposters Among Us"]
)
def test_kind_words_inside_other_words_do_not_make_a_kind(heading: str) -> None:
    (event,) = page(f"## S\n### Schedule\n{slot('09:00', '09:15')}\n##### {heading}\n").events
    assert (event.kind, event.title) == (Kind.OTHER, heading)


def test_a_numbered_talk_without_a_label_keeps_its_authors() -> None:
    (event,) = page(f"""## S
### Schedule
{slot("09:00", "09:15")}
##### 5 - BERT: Pre-training of Deep Bidirectional Transformers
Jacob Devlin, Ming-Wei Chang, Kenton Lee, Kristina Toutanova

We introduce a new language representation model called BERT.
""").events
    assert event.title == "BERT: Pre-training of Deep Bidirectional Transformers"
    assert event.authors == ("Jacob Devlin", "Ming-Wei Chang", "Kenton Lee", "Kristina Toutanova")
    assert event.abstract == "We introduce a new language representation model called BERT."


def test_every_event_is_marked_latex() -> None:
    schedule = page(f"""## S
### Schedule
{slot("09:00", "09:15")}
##### 1 - Oral: $\\ell_1$ fits
A Person
{slot("09:15", "09:30")}
##### Break
{slot("09:30", "09:45")}
##### Q&A: Joint
{slot("09:45", "10:00")}
""")
    assert [e.kind for e in schedule.events] == [Kind.ORAL, Kind.BREAK, Kind.QA, Kind.OTHER]
    assert all(e.markup is Markup.LATEX for e in schedule.events)


def test_numbers_may_skip_and_ids_stay_distinct() -> None:
    schedule = page(f"""## S
### Schedule
{slot("09:00", "09:10")}
##### 2 - Oral: Two
A
{slot("09:10", "09:20")}
##### 7 - Spotlight: Seven
B
{slot("09:20", "09:30")}
##### 42 - Spotlight: Forty-two
C
""")
    assert [e.number for e in schedule.events] == [2, 7, 42]
    assert len({e.id for e in schedule.events}) == 3


def test_invited_talk_keeps_authors_and_abstract() -> None:
    schedule = page(f"""## S
### Schedule
{slot("09:00", "10:00")}
##### Invited Talk: Planning at scale
Grace Hopper

A talk about schedules.
""")
    (event,) = schedule.events
    assert event.kind is Kind.TALK
    assert event.title == "Invited Talk: Planning at scale"
    assert event.authors == ("Grace Hopper",)
    assert event.abstract == "A talk about schedules."


def test_time_range_without_heading_is_an_untitled_other_event() -> None:
    schedule = page(f"""## S
### Schedule
{slot("09:00", "09:15")}
##### 1 - Oral: Talk
A Person

Abstract.

{slot("09:15", "09:30")}

{slot("09:30", "09:45")}
##### Break
""")
    assert [(e.kind, e.title, e.start.minute) for e in schedule.events] == [
        (Kind.ORAL, "Talk", 0), (Kind.OTHER, "", 15), (Kind.BREAK, "Break", 30),
    ]
    untitled = schedule.events[1]
    assert untitled.number is None and untitled.authors == () and untitled.abstract == ""
    # Not merged into its neighbour: the talk still ends where it did.
    assert schedule.events[0].end == datetime(2020, 12, 10, 9, 15, tzinfo=PST)


def test_two_untitled_slots_and_repeated_headings_get_distinct_ids() -> None:
    schedule = page(f"""## S
### Schedule
{slot("09:00", "09:15")}
{slot("09:15", "09:30")}
{slot("09:30", "09:45")}
##### Break
{slot("09:45", "10:00")}
##### Break
{slot("10:00", "10:15")}
##### Q&A: Joint
{slot("10:15", "10:30")}
##### Q&A: Joint
""")
    assert len(schedule.events) == 6
    assert len({e.id for e in schedule.events}) == 6


# 27 authors, as NeurIPS papers have: initials, hyphens, particles, apostrophes, accents.
MANY_AUTHORS = (
    "Laurens van der Maaten", "Jean-Baptiste Alayrac", "Sekhar C. Tatikonda", "J. Zico Kolter",
    "Rianne van den Berg", "Gaël Varoquaux", "Bernhard Schölkopf", "Pierre-Yves Oudeyer",
    "Tom B. Brown", "Ariel Herbert-Voss", "Daniel M. Ziegler", "Sam McCandlish",
    "Marc'Aurelio Ranzato", "Joost van de Weijer", "Ulrike von Luxburg", "Aurélien Lucchi",
    "Chunjing XU", "Diederik P. Kingma", "Łukasz Kaiser", "Çağlar Gülçehre",
    "José Miguel Hernández-Lobato", "Yee Whye Teh", "Fei-Fei Li", "Zoë Ñúñez",
    "Hugo Larochelle", "Sara Magliacane", "Maria De-Arteaga",
)


def test_a_long_author_line_is_authors_not_abstract() -> None:
    line = ", ".join(MANY_AUTHORS)
    assert len(MANY_AUTHORS) == 27 and len(line) > 400
    (event,) = page(f"""## S
### Schedule
{slot("09:00", "09:15")}
##### 1 - Oral: Language Models are Few-Shot Learners
{line}

We train a language model with 175 billion parameters, and test it.
""").events
    assert event.authors == MANY_AUTHORS
    assert event.abstract == "We train a language model with 175 billion parameters, and test it."


@pytest.mark.parametrize(
    "abstract",
    [
        "In this talk, I will discuss planning, scheduling, and the joy of conferences.",
        "We propose a method that is fast, simple, and accurate. It beats ResNet, VGG and AlexNet.",
        "Joint work with Ann Author, Bob Builder and Carol Chen.",
        "Slides, code, and data: https://example.org/talk",
        "A talk about schedules.",
    ],
)
def test_an_abstract_with_commas_is_not_an_author_line(abstract: str) -> None:
    (event,) = page(f"""## S
### Schedule
{slot("09:00", "10:00")}
##### Invited Talk: Planning at scale
{abstract}
""").events
    assert event.authors == ()
    assert event.abstract == abstract


def test_an_abstract_without_an_author_line_keeps_every_paragraph() -> None:
    (event,) = page(f"""## S
### Schedule
{slot("09:00", "10:00")}
##### 1 - Oral: T
Schedules, we argue, are plans.

Second paragraph.
""").events
    assert event.authors == ()
    assert event.abstract == "Schedules, we argue, are plans.\n\nSecond paragraph."


def _corpus_page(paragraphs: list[str]) -> Schedule:
    """One talk per paragraph, the paragraph first under its heading, then an abstract."""
    body = "".join(
        f"{slot('09:00', '09:15')}\n##### {n} - Oral: Paper {n}\n{' '.join(p.split())}\n\nAbstract.\n\n"
        for n, p in enumerate(paragraphs, start=1)
    )
    return page("## Corpus\n### Schedule\n" + body)


def test_real_author_lines_are_authors_and_real_abstracts_are_not(corpus: Path) -> None:
    papers = corpus / "papers-data"
    neurips = json.loads((papers / "neurips2020-accepted-papers-authors.json").read_text("utf-8"))
    iclr = json.loads((papers / "iclr2020-miniconf-papers.json").read_text("utf-8"))
    lines = [", ".join(a[0] for a in paper["authors"]) for paper in neurips.values()]
    lines += [", ".join(p["content"]["authors"]) for p in iclr.values() if p["content"].get("authors")]
    assert max(len(line) for line in lines) > 400  # up to 31 authors
    missed = [line for line, e in zip(lines, _corpus_page(lines).events, strict=True) if not e.authors]
    # Only a couple, each with names typed in lower case ("Steven Dalton, iuri frosio").
    assert len(missed) <= 3
    assert all(any(name[:1].islower() for name in line.split(", ")) for line in missed)
    texts = [p["content"]["abstract"] for p in iclr.values()]
    texts += [p["content"]["TL;DR"] for p in iclr.values() if p["content"].get("TL;DR")]
    assert [e.authors for e in _corpus_page(texts).events if e.authors] == []


def test_abstract_of_several_paragraphs() -> None:
    schedule = page(f"""## S
### Schedule
{slot("09:00", "09:15")}
##### 1 - Oral: T
A, B

First paragraph.

Second paragraph
continues here.
""")
    (event,) = schedule.events
    assert event.authors == ("A", "B")
    assert event.abstract == "First paragraph.\n\nSecond paragraph continues here."


def test_crlf_and_lf_give_the_same_schedule(seed_path: Path) -> None:
    lf = seed_path.read_bytes()
    assert b"\r" not in lf
    crlf = lf.replace(b"\n", b"\r\n")
    a = sessionpage.parse(lf, "a.txt")
    b = sessionpage.parse(crlf, "a.txt")
    assert a.events == b.events
    assert a.sessions == b.sessions
    assert not any("\r" in e.title or "\r" in e.abstract or any("\r" in x for x in e.authors) for e in b.events)


def test_old_mac_cr_line_endings() -> None:
    assert page(BASIC.replace("\n", "\r")).events == page(BASIC).events


@pytest.mark.parametrize("ending", ["", "\n", "\n\n\n", "\r\n"])
def test_with_or_without_final_newline(ending: str) -> None:
    text = BASIC.rstrip("\n") + ending
    (event,) = page(text).events
    assert event.abstract == "An abstract."


def test_untitled_last_slot_without_final_newline() -> None:
    events = page(f"## S\n### Schedule\n{slot('09:00', '09:15')}\n##### Break\n{slot('09:15', '09:30')}").events
    assert [e.kind for e in events] == [Kind.BREAK, Kind.OTHER]


def test_byte_order_mark_is_ignored() -> None:
    schedule = sessionpage.parse(b"\xef\xbb\xbf" + BASIC.encode(), "bom.txt")
    assert schedule.sessions[0].title == "Session One"


@pytest.mark.parametrize(
    ("offset", "delta"),
    [
        ("Z", timedelta(0)),
        ("+00:00", timedelta(0)),
        ("+05:45", timedelta(hours=5, minutes=45)),
        ("-03:30", timedelta(hours=-3, minutes=-30)),
        ("+14:00", timedelta(hours=14)),
    ],
)
def test_any_utc_offset(offset: str, delta: timedelta) -> None:
    schedule = page(f"## S\n### Schedule\n{slot('09:00', '09:15', offset)}\n##### Break\n")
    (event,) = schedule.events
    assert event.start.utcoffset() == delta
    assert event.start == datetime(2020, 12, 10, 9, tzinfo=timezone.utc) - delta
    assert event.end - event.start == timedelta(minutes=15)


def test_mixed_offsets_are_sorted_by_instant() -> None:
    # 09:00+05:45 is 03:15Z, before 08:00Z.
    schedule = page("""## S
### Schedule
2020-12-10T08:00:00Z - 2020-12-10T08:30:00Z
##### 1 - Oral: Later
X
2020-12-10T09:00:00+05:45 - 2020-12-10T09:30:00+05:45
##### 2 - Oral: Earlier
Y
""")
    assert [e.title for e in schedule.events] == ["Earlier", "Later"]


def test_session_crossing_midnight() -> None:
    schedule = page("""## Night owls
### Time
2020-12-10T23:00:00-08:00 - 2020-12-11T01:00:00-08:00
### Schedule
2020-12-10T23:30:00-08:00 - 2020-12-11T00:30:00-08:00
##### 1 - Oral: Past midnight
Owl
2020-12-11T00:30:00-08:00 - 2020-12-11T01:00:00-08:00
##### Break
""")
    first, second = schedule.events
    assert first.duration_minutes == 60
    assert first.end == datetime(2020, 12, 11, 0, 30, tzinfo=PST)
    assert second.start.date().day == 11
    assert schedule.sessions[0].end - schedule.sessions[0].start == timedelta(hours=2)


def test_session_across_the_date_line() -> None:
    # Kiribati (+14) and Samoa-style (-11) times of the same instants: the local dates
    # differ by a day but the events are the same moments.
    east = page(f"## S\n### Schedule\n{slot('09:00', '10:00', '+14:00', '2020-12-11')}\n##### Break\n")
    west = page(f"## S\n### Schedule\n{slot('08:00', '09:00', '-11:00', '2020-12-10')}\n##### Break\n")
    assert east.events[0].start == west.events[0].start == datetime(2020, 12, 10, 19, tzinfo=timezone.utc)
    assert east.events[0].start.date() != west.events[0].start.date()
    assert east.events[0].id == west.events[0].id


def test_non_ascii_names_and_titles_kept_exactly() -> None:
    schedule = page(f"""## Séance spéciale — 深層学習
### Session chairs
Élodie Müller, 王小明
### Schedule
{slot("09:00", "09:15")}
##### 1 - Oral: Über α-Divergenz und Ångström
Søren Ørsted, Zoë Ñúñez, Иван Петров

Abstract with “quotes” and ellipsis…
""")
    assert schedule.sessions[0].title == "Séance spéciale — 深層学習"
    assert schedule.sessions[0].chairs == ("Élodie Müller", "王小明")
    (event,) = schedule.events
    assert event.title == "Über α-Divergenz und Ångström"
    assert event.authors == ("Søren Ørsted", "Zoë Ñúñez", "Иван Петров")
    assert event.abstract == "Abstract with “quotes” and ellipsis…"


def test_latex_in_titles_and_abstracts_is_kept_raw() -> None:
    schedule = page(f"""## S
### Schedule
{slot("09:00", "09:15")}
##### 1 - Oral: Sparse $\\ell_1$ models and {{\\it robust}} \\textit{{fits}}
A Person

We reach 76.8\\% (e.g.~Adam).
""")
    (event,) = schedule.events
    assert event.title == r"Sparse $\ell_1$ models and {\it robust} \textit{fits}"
    assert event.abstract == r"We reach 76.8\% (e.g.~Adam)."


# -- errors: file and line, never a traceback ------------------------------------------


def test_error_names_file_and_line_for_a_bad_schedule_line(tmp_path: Path) -> None:
    path = tmp_path / "bad-session.txt"
    path.write_text("## S\n\n### Schedule\n\nnot a time\n", encoding="utf-8")
    with pytest.raises(ScheduleError) as info:
        load(path)
    message = str(info.value)
    assert str(path) in message
    assert "line 5: expected a time range 'START - END', found 'not a time'" in message
    assert info.value.line == 5


def test_error_line_counts_crlf_lines_once() -> None:
    err = error("## S\r\n\r\n### Schedule\r\n\r\nnot a time\r\n")
    assert err.line == 5
    assert "inline.txt: line 5:" in str(err)


def test_error_for_malformed_time_range_in_time_section() -> None:
    err = error("## S\n### Time\nsoon - later\n")
    assert err.line == 3
    assert "'soon' is not an ISO 8601 time" in str(err)


def test_error_for_time_range_without_spaces() -> None:
    err = error("## S\n### Schedule\n2020-12-10T09:00:00Z-2020-12-10T09:15:00Z\n")
    assert err.line == 3 and "expected a time range" in str(err)


def test_error_for_text_before_the_first_session() -> None:
    err = error("Hello\n## S\n")
    assert err.line == 1 and "inline.txt" in str(err)


def test_error_for_text_after_a_slot_without_heading() -> None:
    err = error(f"## S\n### Schedule\n{slot('09:00', '09:15')}\nstray text\n")
    assert err.line == 4 and "stray text" in str(err)


def test_error_for_a_second_heading_in_one_slot() -> None:
    err = error(f"## S\n### Schedule\n{slot('09:00', '09:15')}\n##### Break\n##### 1 - Oral: X\n")
    assert err.line == 5


def test_error_for_heading_outside_schedule() -> None:
    err = error("## S\n### Time\n##### 1 - Oral: Early\n")
    assert err.line == 3


def test_error_for_time_without_offset() -> None:
    err = error("## S\n### Schedule\n2020-12-10T09:00:00 - 2020-12-10T09:15:00\n##### Break\n")
    assert err.line == 3
    assert "no UTC offset" in str(err)
    assert "2020-12-10T09:00:00" in str(err)


def test_error_for_end_before_start() -> None:
    err = error("## S\n### Schedule\n\n2020-12-10T09:15:00Z - 2020-12-10T09:00:00Z\n##### Break\n")
    assert err.line == 4
    assert "ends before it starts" in str(err)


def test_error_for_an_impossible_date() -> None:
    err = error("## S\n### Schedule\n2020-02-30T09:00:00Z - 2020-02-30T09:15:00Z\n")
    assert err.line == 3 and "2020-02-30T09:00:00Z" in str(err)


@pytest.mark.parametrize(
    "times",
    [
        "0001-01-01T00:00:00+05:00 - 0001-01-01T01:00:00+05:00",
        "9999-12-31T20:00:00-08:00 - 9999-12-31T21:00:00-08:00",
    ],
)
def test_error_for_times_outside_the_calendar(times: str) -> None:
    # Their UTC instant does not exist: refusing them beats a crash at export time.
    err = error(f"## S\n### Schedule\n{times}\n##### Break\n")
    assert err.line == 3 and "out of range" in str(err)


@pytest.mark.parametrize("digits", [10, 30, 5000])
def test_absurdly_long_talk_number_is_text_not_a_crash(digits: int) -> None:
    number = "9" * digits
    (event,) = page(f"## S\n### Schedule\n{slot('09:00', '09:15')}\n##### {number} - Oral: x\n").events
    assert event.number is None
    assert event.title.startswith(number[:10])


def test_error_for_invalid_utf8() -> None:
    err = error(b"## S\n### Schedule\n\xff\xfe broken\n")
    assert err.line == 3
    assert "UTF-8" in str(err) and "inline.txt" in str(err)


@pytest.mark.parametrize("content", [b"", b"\n\n  \n", b"\xef\xbb\xbf"])
def test_error_for_empty_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with pytest.raises(ScheduleError) as info:
        load(path)
    assert str(path) in str(info.value)
    with pytest.raises(ScheduleError):
        sessionpage.parse(content, "empty.txt")


def test_error_for_session_without_events() -> None:
    err = error("## Only a title\nSome text\n")
    assert "no events" in str(err)


def test_error_for_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.txt"
    with pytest.raises(ScheduleError) as info:
        load(path)
    assert str(path) in str(info.value)


# -- ids: unique and stable ------------------------------------------------------------


def _ids(schedule: Schedule) -> list[str]:
    return [e.id for e in schedule.events]


def test_ids_same_after_reparse(seed_path: Path) -> None:
    assert _ids(load(seed_path)) == _ids(load(seed_path))


def test_ids_same_after_rename_and_move(seed_path: Path, tmp_path: Path) -> None:
    moved = tmp_path / "elsewhere" / "deeper"
    moved.mkdir(parents=True)
    copy = moved / "renamed schedule.txt"
    copy.write_bytes(seed_path.read_bytes())
    original, renamed = load(seed_path), load(copy)
    assert _ids(renamed) == _ids(original)
    assert renamed.key == original.key
    assert renamed.source != original.source


def test_ids_same_after_abstract_and_author_corrections(seed_path: Path) -> None:
    text = seed_path.read_text(encoding="utf-8")
    edited = (
        text.replace("Codes are available.", "Code is available at example.org.")
        .replace("Ryo Karakida, Kazuki Osawa", "Ryo Karakida, Kazuki Osawa, New Coauthor")
        .replace("Taiji Suzuki", "Taiji Suzuki (corrected)")
    )
    assert edited != text
    before, after = load(seed_path), sessionpage.parse(edited.encode(), "edited.txt")
    assert _ids(after) == _ids(before)
    assert after.events[1].authors[-1] == "New Coauthor"
    assert after.events[0].abstract != before.events[0].abstract


def test_ids_same_after_the_whole_session_moves(seed_path: Path) -> None:
    text = seed_path.read_text(encoding="utf-8")
    # Two days later and in another offset: every instant changes.
    shifted = text.replace("2020-12-10T", "2020-12-12T").replace("-08:00", "+01:00")
    before, after = load(seed_path), sessionpage.parse(shifted.encode(), "shifted.txt")
    assert [e.start for e in after.events] != [e.start for e in before.events]
    assert _ids(after) == _ids(before)
    assert [(e.kind, e.number, e.title) for e in after.events] == [
        (e.kind, e.number, e.title) for e in before.events
    ]


def test_ids_differ_between_sessions_with_the_same_numbers() -> None:
    a = page(BASIC)
    b = page(BASIC.replace("## Session One", "## Session Two"))
    assert set(_ids(a)).isdisjoint(_ids(b))


def test_numbered_talk_keeps_its_id_when_its_title_is_corrected() -> None:
    a = page(BASIC)
    b = page(BASIC.replace("First talk", "First talk (revised title)"))
    assert _ids(a) == _ids(b)


# -- dispatch ---------------------------------------------------------------------------


def test_format_detection_routes_session_pages(seed_path: Path) -> None:
    schedule = parse_bytes(seed_path.read_bytes(), "seed.txt")
    assert schedule.format == "session-page"
    assert len(schedule.events) == 15


def test_unknown_text_is_refused_with_file_and_line() -> None:
    with pytest.raises(ScheduleError) as info:
        parse_bytes(b"just some notes\n", "notes.txt")
    assert "notes.txt: line 1:" in str(info.value)


# -- never another exception -----------------------------------------------------------

_FRAGMENTS = st.sampled_from(
    [
        "## ", "## Session", "### Schedule", "### Time", "### Session chairs", "### Video",
        "### Chat is not available.", "##### ", "##### 1 - Oral: x", "##### 3 - Spotlight: y",
        "##### Break", "##### Q&A: z", "##### Invited Talk: w", "##### Poster Session",
        "##### 99999999999999999999999999 - Oral: huge", "##### " + "9" * 5000 + " - Oral: x",
        "##### 0 - : ", "##### 5 -",
        "2020-12-10T18:00:00-08:00 - 2020-12-10T18:15:00-08:00",
        "2020-12-10T18:15:00-08:00 - 2020-12-10T18:00:00-08:00",
        "2020-12-10T18:00:00 - 2020-12-10T18:15:00",
        "2020-12-10T18:00:00Z - 2020-12-10T18:15:00+05:45",
        "2020-12-10T18:00:00-08:00 to 2020-12-10T18:15:00-08:00",
        "2020-12-10 – x", "2020-13-45T99:99:99Z - 2020-12-10T18:15:00Z",
        "0001-01-01T00:00:00+23:59 - 9999-12-31T23:59:59-23:59",
        "Tuo Zhao, Jimmy Ba", "Jimmy Ba### Video", "-08:00### Session chairs",
        "{\\it x} $\\ell_1$ 76.8\\%", "", " ", "\t", ",", "\ufeff", "\x00", "é",
    ]
)
_SEPARATORS = st.sampled_from(["\n", "\r\n", "\r", "", " "])
_RANGES = st.sampled_from(
    [
        "2020-12-10T18:00:00-08:00 - 2020-12-10T18:15:00-08:00",
        "2020-12-10T23:50:00+05:45 - 2020-12-11T00:20:00+05:45",
        "2020-12-10T18:00:00Z - 2020-12-10T18:00:00Z",
        "2020-12-10T18:00:00Z to 2020-12-10T19:00:00Z",
    ]
)
_HEADINGS = st.one_of(
    st.sampled_from(
        ["1 - Oral: x", "2 - Spotlight: y", "Break", "Q&A: z", "Invited Talk: w", "Poster Session",
         "99999999999999999999999999 - Oral: huge", "7 - : ", "Lunch"]
    ),
    st.text(max_size=15),
)
_BODY = st.one_of(
    st.sampled_from(["", "Ann A, Bob B", "An abstract with {\\it LaTeX} and 76.8\\%.", "x" * 400]),
    st.text(max_size=15),
)


@st.composite
def _plausible_pages(draw: st.DrawFn) -> str:
    """Mostly well-formed pages with a little noise, so both outcomes are exercised."""
    lines = ["## " + draw(st.sampled_from(["S", "Séance", "Track 34: Deep Learning"]))]
    lines += draw(st.lists(st.sampled_from(
        ["### Time", "2020-12-10T18:00:00-08:00 - 2020-12-10T21:00:00-08:00### Session chairs",
         "Tuo Zhao, Jimmy Ba### Video", "### Chat", "### Chat is not available.", "text"]), max_size=4))
    lines.append("### Schedule")
    for _ in range(draw(st.integers(0, 6))):
        lines.append(draw(_RANGES))
        if draw(st.booleans()):
            lines.append("##### " + draw(_HEADINGS))
            lines += draw(st.lists(_BODY, max_size=3))
    if draw(st.booleans()):
        lines.insert(draw(st.integers(0, len(lines))), draw(_FRAGMENTS))
    newline = draw(st.sampled_from(["\n", "\r\n", "\n\n"]))
    return newline.join(lines) + draw(st.sampled_from(["", newline]))


def _assert_schedule_or_error(data: bytes | str) -> None:
    try:
        result = sessionpage.parse(data, "fuzz.txt")
    except ScheduleError as exc:
        assert "fuzz.txt" in str(exc)
        return
    assert isinstance(result, Schedule)
    assert result.events
    assert len({e.id for e in result.events}) == len(result.events)
    for e in result.events:
        assert e.start <= e.end
        # What the store and the calendar export will do with it must work too.
        e.start.astimezone(timezone.utc), e.end.astimezone(timezone.utc)
        assert e.number is None or 0 <= e.number < 2**63


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_arbitrary_text_gives_schedule_or_error(text: str) -> None:
    _assert_schedule_or_error(text)


@settings(max_examples=100, deadline=None)
@given(st.binary())
def test_arbitrary_bytes_give_schedule_or_error(data: bytes) -> None:
    _assert_schedule_or_error(data)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(_FRAGMENTS, _SEPARATORS), max_size=30), st.text(max_size=20))
def test_plausible_fragments_give_schedule_or_error(parts: list[tuple[str, str]], tail: str) -> None:
    text = "## S\n" + "".join(a + b for a, b in parts) + tail
    _assert_schedule_or_error(text)
    _assert_schedule_or_error(text.encode("utf-8", "surrogatepass"))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_plausible_pages())
def test_plausible_pages_give_schedule_or_error(text: str) -> None:
    _assert_schedule_or_error(text)
    # Through format detection too, as `planner import` reads it.
    try:
        parse_bytes(text.encode("utf-8"), "fuzz.txt")
    except ScheduleError as exc:
        assert "fuzz.txt" in str(exc)
