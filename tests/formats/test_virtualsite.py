"""The conferences' orals-posters feed: a small feed written for the test, with its sidecar."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from planner.domain.errors import ScheduleError
from planner.domain.model import Event, Kind, Link, LinkKind, Markup, Schedule, Unscheduled
from planner.formats import load, parse_bytes, virtualsite
from planner.text.readable import readable, readable_abstract, readable_html

DATA = Path(__file__).parent / "data" / "virtualsite"
FEED = DATA / "neurips-2031-orals-posters.json"
ABSTRACTS = DATA / "neurips-2031-abstracts.json"
PST = timezone(timedelta(hours=-8))


def golden() -> Schedule:
    return load(FEED)


def by_feed_id(schedule: Schedule) -> dict[str, Event | Unscheduled]:
    """Each entry under its feed id, found through its page's address (".../poster/101")."""
    return {item.url.rsplit("/", 1)[1]: item for item in (*schedule.events, *schedule.unscheduled)}


def feed(*results: dict[str, Any], **top: Any) -> bytes:
    return json.dumps({"count": len(results), "next": None, "results": list(results), **top}).encode()


def entry(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"id": 1, "name": "A paper", "eventtype": "Poster", "session": "Poster Session 1",
                            "starttime": "2031-12-09T11:00:00-08:00", "endtime": "2031-12-09T14:00:00-08:00"}
    return {**base, **fields}


def test_the_feed_is_read_with_exact_counts_times_and_sessions() -> None:
    schedule = golden()
    assert (schedule.key, schedule.title, schedule.format) == ("virtual-site:neurips 2031", "NeurIPS 2031", "virtual-site")
    assert (len(schedule.events), len(schedule.unscheduled)) == (5, 2)
    items = by_feed_id(schedule)
    assert (items["101"].start, items["101"].end) == (  # type: ignore[union-attr]
        datetime(2031, 12, 9, 11, 0, tzinfo=PST), datetime(2031, 12, 9, 14, 0, tzinfo=PST))
    oral = items["201"]
    assert isinstance(oral, Event)
    # The published offset is kept, not only the instant.
    assert oral.start.isoformat() == "2031-12-11T10:15:00-08:00" and oral.duration_minutes == 15
    assert [e.url.rsplit("/", 1)[1] for e in schedule.events] == ["102", "101", "401", "301", "201"]
    assert [s.title for s in schedule.sessions] == ["Poster Session 1", "Invited Talk 1", "Poster Session 2",
                                                    "Oral Session 3A"]
    assert not any(e.floating for e in schedule.events)
    assert schedule.notes == ("2 of the feed's entries have no time yet: they are kept as not scheduled, "
                              "to search, star and read.",)


def test_entries_without_a_time_are_kept_apart_and_never_given_one() -> None:
    schedule = golden()
    assert all(isinstance(item, Unscheduled) for item in schedule.unscheduled)
    assert [u.url for u in schedule.unscheduled] == [
        "https://neurips.cc/virtual/2031/poster/501", "https://neurips.cc/virtual/2031/oral/502"]
    assert not {u.id for u in schedule.unscheduled} & {e.id for e in schedule.events}
    first = schedule.unscheduled[0]
    assert (first.kind, first.title, first.abstract, first.topic) == (
        Kind.POSTER, "Reading-List Paper Without a Slot", "A paper the conference has not placed yet.",
        "Applications->Health")


def test_kinds_come_from_the_event_type_then_the_decision() -> None:
    items = by_feed_id(golden())
    kinds = {fid: (item.kind, item.type_name) for fid, item in items.items()}
    assert kinds == {
        "101": (Kind.POSTER, ""), "102": (Kind.POSTER, ""), "201": (Kind.ORAL, ""),
        "301": (Kind.POSTER, ""),  # a "Spotlight Poster" stands at a board
        "401": (Kind.OTHER, "Invited Talk"),
        "501": (Kind.POSTER, ""), "502": (Kind.ORAL, ""),  # no event type: "Accept (oral)"
    }


def test_names_are_unescaped_and_institutions_run_parallel_to_the_authors() -> None:
    items = by_feed_id(golden())
    poster = items["101"]
    assert poster.title == "Sparse & Robust Attention for Long Documents"
    assert items["401"].title == "Keynote: Scaling <Laws> Revisited"
    assert poster.authors == ("Ana Lima", "Bo Chen", "Chidi Okafor")
    assert poster.affiliations == ("MIT", None, None)  # "" and null alike: not named
    assert items["102"].affiliations == ("Université de Montréal",)
    assert (poster.topic, items["102"].topic) == ("Theory->Learning Theory", "")
    assert (poster.poster_position, items["102"].poster_position, items["201"].poster_position) == ("#2504", "#2505", "")
    assert (poster.room, poster.session) == ("Exhibit Hall C,D,E", "Poster Session 1")


def test_abstracts_come_from_the_entry_else_from_the_sidecar(tmp_path: Path) -> None:
    items = by_feed_id(golden())
    assert items["101"].abstract == "We make attention sparse and robust, with $O(n \\log n)$ cost."
    assert items["102"].abstract == "We calibrate forecasts when the data drift."  # its own wins
    assert items["502"].abstract == ""
    # Alone, the feed has only its own abstracts; handed the sidecar, it has them all.
    alone = tmp_path / "neurips-2031-orals-posters.json"
    shutil.copy(FEED, alone)
    assert by_feed_id(load(alone))["101"].abstract == ""
    assert by_feed_id(parse_bytes(FEED.read_bytes(), "https://neurips.cc/feed.json"))["101"].abstract == ""
    given = virtualsite.load(alone, ABSTRACTS)
    assert by_feed_id(given)["101"].abstract == items["101"].abstract
    assert replace(given, source=str(FEED)) == golden()


def test_a_poster_and_its_oral_are_one_paper() -> None:
    items = by_feed_id(golden())
    papers = {fid: item.paper for fid, item in items.items()}
    assert papers["101"] == papers["201"] != ""
    assert papers["501"] == papers["502"] != ""  # only 501 points at 502
    assert len({papers["101"], papers["102"], papers["301"], papers["501"]}) == 4  # 301's link leads nowhere
    assert papers["401"] == ""  # an invited talk presents no paper


def test_links_are_named_absolute_and_each_given_once() -> None:
    items = by_feed_id(golden())
    assert items["101"].links == (
        Link("https://openreview.net/forum?id=fictional101", "OpenReview"),  # eventmedia repeats it
        Link("https://openreview.net/pdf?id=fictional101", "PDF"),
        Link("https://neurips.cc/media/PosterPDFs/NeurIPS%202031/101.png", "Poster", LinkKind.ATTACHMENT),
    )  # the media entry that is not visible is left out
    assert items["101"].url == "https://neurips.cc/virtual/2031/poster/101"
    # Relative pages and files are on the conference's site.
    assert items["401"].url == "https://neurips.cc/virtual/2031/invited-talk/401"
    assert items["401"].links == (
        Link("https://neurips.cc/media/neurips-2031/Slides/401.pdf", "Slides", LinkKind.ATTACHMENT),)
    assert items["502"].url == "https://neurips.cc/virtual/2031/oral/502"
    # From a URL, relative addresses are on the server the feed came from.
    from_url = parse_bytes(feed(entry(virtualsite_url="/virtual/2031/poster/1")),
                           "https://mirror.example.org/static/virtual/data/neurips-2031-orals-posters.json")
    assert from_url.events[0].url == "https://mirror.example.org/virtual/2031/poster/1"
    # With neither a server nor a known conference, a relative address opens nothing.
    assert parse_bytes(feed(entry(virtualsite_url="/virtual/2031/poster/1")), "x.json").events[0].url == ""


def test_ids_are_stable_and_the_schedule_is_known_by_its_content(tmp_path: Path) -> None:
    renamed = tmp_path / "downloaded.json"
    shutil.copy(FEED, renamed)
    again = load(renamed)
    assert again.key == golden().key
    assert [e.id for e in again.events] == [e.id for e in golden().events]
    assert len({e.id for e in again.events} | {u.id for u in again.unscheduled}) == 7
    # Each entry's own feed id is its identity (planner.domain.identity trusts it).
    assert {e.id for e in again.events} <= again.published_ids


def test_times_without_an_offset_are_the_venue_clock() -> None:
    schedule = parse_bytes(feed(entry(starttime="2031-12-09T11:00:00", endtime="2031-12-09T12:00:00")), "f.json")
    (event,) = schedule.events
    assert event.floating and event.start == datetime(2031, 12, 9, 11, tzinfo=timezone.utc)
    assert any(note.startswith("1 event has no time zone in the file") for note in schedule.notes), schedule.notes


def test_a_feed_that_continues_elsewhere_says_so() -> None:
    schedule = parse_bytes(feed(entry(), next="https://neurips.cc/api/page=2"), "f.json")
    assert schedule.notes == ("The feed continues at https://neurips.cc/api/page=2; only the entries in this "
                              "file were read.",)


def test_no_institution_at_all_is_no_affiliations() -> None:
    (event,) = parse_bytes(feed(entry(authors=[{"fullname": "A"}, {"fullname": "B", "institution": None}])),
                           "f.json").events
    assert (event.authors, event.affiliations) == (("A", "B"), ())


def test_the_sidecar_alone_is_refused_with_a_clear_message() -> None:
    with pytest.raises(ScheduleError, match="abstracts of a conference feed, not a schedule") as raised:
        load(ABSTRACTS)
    assert str(ABSTRACTS) in str(raised.value)


@pytest.mark.parametrize(("data", "message"), [
    (b'{"count": 1, "results": {}}', r"f\.json: results: expected a list, found an object"),
    (b'{"count": 1, "results": [3]}', r"f\.json: results\[0\]: expected an object, found a number"),
    (feed(entry(id=None)), r"results\[0\] \('A paper'\): the entry has no id"),
    (feed(entry(starttime="tomorrow")), r"results\[0\] \(id 1, 'A paper'\): starttime 'tomorrow' is not a time"),
    (feed(entry(endtime="2031-12-09T10:00:00-08:00")), r"results\[0\] \(id 1, 'A paper'\): endtime .* is before"),
    (feed(entry(authors="Ana")), r"results\[0\] \(id 1, 'A paper'\)\.authors: expected a list, found text"),
    (feed(entry(eventmedia={"uri": "x"})), r"\.eventmedia: expected a list, found an object"),
    (b'{"count": 0, "next": null, "results": []}', r"f\.json: the feed has no entries"),
    (b'{"count": 1, "results": [', r"f\.json: line 1: not valid JSON"),
])
def test_bad_input_names_the_file_the_entry_and_the_field(data: bytes, message: str) -> None:
    with pytest.raises(ScheduleError, match=message):
        parse_bytes(data, "f.json")


LATEX_ABSTRACT = (r"Federated Averaging (\texttt{FedAvg}) runs SGD; \emph{without} a model, as in~\citep{li2020},"
                  r" it reaches 76.8\% with $\alpha$-divergence and Erd\H{o}s--R\'{e}nyi graphs.")
PLAIN_ABSTRACTS = [
    "Within a few percent points (~3-5%) of full precision; costs $5 per run.",
    "A C# tool reads C:\\Users\\ana\\data and {fmt} strings, 50% faster.",
    "Plain text with clear math: $x^2$ stays math, and -- stays two hyphens.",
]


def test_an_abstract_in_latex_marks_its_entry_latex_and_reads_as_text() -> None:
    schedule = parse_bytes(feed(entry(id=1, abstract=LATEX_ABSTRACT),
                                entry(id=2, name=r"On the Convergence of \texttt{FedAvg}", abstract="Plain.")),
                           "iclr-2020-orals-posters.json")
    first, second = sorted(schedule.events, key=lambda e: e.abstract == "Plain.")
    assert first.markup is Markup.LATEX and second.markup is Markup.LATEX
    assert readable_abstract(first.abstract, first.markup) == (
        "Federated Averaging (FedAvg) runs SGD; without a model, as in [li2020], it reaches 76.8% with"
        " α-divergence and Erdős–Rényi graphs.")
    assert "<code>FedAvg</code>" in readable_html(first.abstract, first.markup)
    assert readable(second.title, second.markup) == "On the Convergence of FedAvg"


@pytest.mark.parametrize("abstract", PLAIN_ABSTRACTS)
def test_a_plain_abstract_stays_text_exactly_as_written(abstract: str) -> None:
    (event,) = parse_bytes(feed(entry(abstract=abstract)), "iclr-2020-orals-posters.json").events
    assert event.markup is Markup.TEXT
    expected = abstract.replace("$x^2$", "x^2")  # clear math is converted in any text
    assert readable_abstract(event.abstract, event.markup) == expected


def test_a_papers_key_stays_when_its_poster_leaves_the_feed() -> None:
    """An update drops the poster (withdrawn; the library keeps it if starred): the oral,
    which still names it, keeps the paper key the two had, so they stay one paper."""
    poster = entry(id=1301, name="Shared Paper", related_events_ids=[2301], paper_url="https://openreview.net/p1")
    oral = entry(id=2301, name="Shared Paper", eventtype="Oral", session="Oral Session 1",
                 starttime="2031-12-09T16:00:00-08:00", endtime="2031-12-09T16:15:00-08:00",
                 related_events_ids=[1301], paper_url="https://openreview.net/p1")
    before = parse_bytes(feed(poster, oral), "neurips-2031-orals-posters.json")
    after = parse_bytes(feed(oral), "neurips-2031-orals-posters.json")
    papers = {e.kind: e.paper for e in before.events}
    assert papers[Kind.POSTER] == papers[Kind.ORAL] != ""
    assert after.events[0].paper == papers[Kind.ORAL]
