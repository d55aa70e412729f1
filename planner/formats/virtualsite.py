"""The official feed of the academic conferences' sites (NeurIPS, ICML, ICLR, CVPR, MLSys).

Each site publishes ``https://{site}/static/virtual/data/{conf}-{year}-orals-posters.json``::

    {"count": 2, "next": null, "results": [
        {"id": 72345, "name": "Title &amp; more", "abstract": "...",
         "authors": [{"fullname": "Ana Lima", "institution": "MIT", "id": 1, "url": "..."}],
         "topic": "Theory->Learning Theory", "decision": "Accept (poster)",
         "session": "Poster Session 6", "eventtype": "Poster", "room_name": "Exhibit Hall C,D,E",
         "starttime": "2023-12-14T10:45:00-06:00", "endtime": "2023-12-14T12:45:00-06:00",
         "poster_position": "#2504", "virtualsite_url": "/virtual/2023/poster/72345",
         "paper_url": "https://openreview.net/forum?id=...", "paper_pdf_url": "...",
         "related_events_ids": [73845], "eventmedia": [{"name": "Slides", "uri": "..."}]}, ...]}

Newer years leave ``abstract`` out and publish ``{conf}-{year}-abstracts.json`` beside the
feed, an object keyed by event id: it is read when it sits beside the file or is handed in.

What the reader decides, and why:
- An entry without a ``starttime`` is kept as an Unscheduled entry, never as an Event with
  an invented time: nothing can then show it on a timeline, in an agenda or a calendar.
  A note says how many there are, so none is lost silently.
- ``paper``: the poster and the oral of one paper point at each other through
  ``related_events_ids`` (sometimes only one of them does). The entries linked that way,
  directly or through others, form one paper, keyed by the schedule and the smallest feed
  id among them. Equal ``paper_url`` is not used: the orals of some years carry
  placeholder forum addresses of their own.
- Kinds come from ``eventtype`` (a "Spotlight Poster" is a poster: it has a board), else
  from ``decision``; any other type is Kind.OTHER and keeps its name in ``type_name``.
- The sites write names, titles and institutions HTML-escaped ("M&amp;M"); they are
  unescaped here. Abstracts are kept as published: plain text with ``$math$``, or the
  LaTeX of the authors' paper, which marks the entry as LaTeX (see _WRITES_LATEX).
- Times keep the offset they are published with; a time without one is the venue's wall
  clock (floating), and a note says so.
- Relative addresses (the event page, media files) are made absolute against the URL the
  feed came from, else against the site the conference is known to live on; a relative
  address with neither is dropped, as it opens nothing.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import urljoin, urlsplit

from planner.domain.errors import ScheduleError
from planner.domain.model import NO_ZONE, Event, Kind, Link, LinkKind, Markup, Schedule, Unscheduled
from planner.domain.queries import fold
from planner.formats.common import UTC, IdMaker, quote, schedule_key, sessions_for, sorted_events
from planner.formats.frabjson import read_json
from planner.formats.ids import source_id
from planner.text.wording import counted_doing

FORMAT = "virtual-site"
PREFIX = "vs"

# The feed's first key; pretty-printed or not. Some copies carry "results" first.
_LOOKS_LIKE = re.compile(r'^\{\s*"(?:count|next|previous|results)"\s*:')
# The sidecar: an object whose first key is an event id and whose value is text.
_LOOKS_LIKE_ABSTRACTS = re.compile(r'^\{\s*"\d+"\s*:\s*"')
_FEED_NAME = re.compile(r"^([a-z]+)-?(\d{4})-orals-posters\b", re.IGNORECASE)
_VIRTUAL_PAGE = re.compile(r"/virtual/(\d{4})/", re.IGNORECASE)
# Conference (as file names and hosts spell it) -> its name as written, and its site.
_SITES = {
    "neurips": ("NeurIPS", "https://neurips.cc"),
    "nips": ("NeurIPS", "https://neurips.cc"),
    "icml": ("ICML", "https://icml.cc"),
    "iclr": ("ICLR", "https://iclr.cc"),
    "cvpr": ("CVPR", "https://cvpr.thecvf.com"),
    "mlsys": ("MLSys", "https://mlsys.org"),
}
_PAPER_KINDS = (Kind.POSTER, Kind.ORAL, Kind.SPOTLIGHT)
# Checked in this order: a "Spotlight Poster" stands at a board.
_TYPE_WORDS = (("poster", Kind.POSTER), ("spotlight", Kind.SPOTLIGHT), ("oral", Kind.ORAL))
_DECISION_WORDS = (("oral", Kind.ORAL), ("spotlight", Kind.SPOTLIGHT), ("poster", Kind.POSTER))
_WORD = re.compile(r"[a-z]+")
# Authors paste their paper's LaTeX into these feeds: 47 of ICLR 2020's 687 abstracts hold
# \emph{...}, \citep{...}, \texttt{FedAvg} or 76.8\%, which plain text would show raw. The
# rest are plain text, where a literal "~3-5%" (about), "C:\Users" or "{fmt}" must show as
# written, and LaTeX would eat them. So an entry is LaTeX when its title or abstract uses
# what only LaTeX means: a text command with its argument, a font switch in a group, an
# escaped special character, an accent, or ``quotes''. Math alone does not count: plain
# text's clear $math$ is converted anyway (planner.text.readable).
_WRITES_LATEX = re.compile(
    r"\\(?:emph|text(?:bf|it|tt|sc|sf|rm|sl|up|md|normal)|[cC]ite[a-zA-Z]*|[a-zA-Z]*ref|url|href|footnote|mbox)"
    r"\s*[\[{]"
    r"|\{\\(?:em|it|bf|tt|sc|sl)\b"
    r"|(?<!\\)\\[%&#_$]"
    r"|\\['\"`^~=.][A-Za-z{]|\\[Hcuvdbr]\{[A-Za-z]\}"
    r"|``[^`'\n]+''"
)


def looks_like(head: str) -> bool:
    """Whether the start of a file is this feed (its first key is count, next or results)."""
    return bool(_LOOKS_LIKE.match(head))


def looks_like_abstracts(head: str) -> bool:
    """Whether the start of a file is a feed's abstracts sidecar rather than a schedule."""
    return bool(_LOOKS_LIKE_ABSTRACTS.match(head))


def sidecar_for(path: str | PurePath) -> Path | None:
    """The ``{conf}-{year}-abstracts.json`` beside a ``{conf}-{year}-orals-posters.json``, if there is one."""
    p = Path(path)
    if "orals-posters" not in p.name:
        return None
    candidate = p.with_name(p.name.replace("orals-posters", "abstracts", 1))
    return candidate if candidate.is_file() else None


def sidecar_url(url: str) -> str | None:
    """Where a feed downloaded from ``url`` keeps its abstracts: the same folder of the site,
    ``{conf}-{year}-abstracts.json`` for ``{conf}-{year}-orals-posters.json``; None for any other URL."""
    path, sep, query = url.partition("?")
    folder, slash, name = path.rpartition("/")
    if not slash or "orals-posters" not in name:
        return None
    return folder + "/" + name.replace("orals-posters", "abstracts", 1) + sep + query


def read_abstracts(data: bytes, source: str) -> dict[str, str]:
    """The sidecar's abstracts by event id (as text); errors name the sidecar file."""
    document = read_json(data, source)
    if not isinstance(document, dict):
        raise ScheduleError("expected an object of abstracts keyed by event id", source=source)
    return {str(key).strip(): value for key, value in document.items() if isinstance(value, str)}


def parse(data: bytes, source: str = "", abstracts: Mapping[str, str] | None = None) -> Schedule:
    """Parse the feed; ``abstracts`` (event id -> text) fills in the abstracts it leaves out.

    Without ``abstracts``, a sidecar beside ``source`` (a file) is read. Raises
    ScheduleError naming the file, and the entry and field.
    """
    if abstracts is None:
        abstracts = _abstracts_beside(source)
    return _Reader(source, abstracts).read(read_json(data, source))


def load(path: str | PurePath, abstracts: str | PurePath | None = None) -> Schedule:
    """Read the feed at ``path``, with the abstracts file ``abstracts`` (else the one beside it)."""
    from planner.formats import read_file  # the size limit and its messages, kept in one place

    given = None
    if abstracts is not None:
        given = read_abstracts(read_file(abstracts), str(abstracts))
    return parse(read_file(path), str(path), given)


def _abstracts_beside(source: str) -> dict[str, str]:
    if not source or "://" in source:
        return {}
    try:
        sidecar = sidecar_for(source)
    except (OSError, ValueError):
        return {}
    if sidecar is None:
        return {}
    from planner.formats import read_file  # as above

    return read_abstracts(read_file(sidecar), str(sidecar))


def _markup(title: str, abstract: str) -> Markup:
    """What an entry is written in: LaTeX where it shows it (see _WRITES_LATEX), else text."""
    return Markup.LATEX if _WRITES_LATEX.search(title) or _WRITES_LATEX.search(abstract) else Markup.TEXT


def _type_name(value: object) -> str:
    return {dict: "an object", list: "a list", str: "text", bool: "true/false", type(None): "null"}.get(
        type(value), "a number"
    )


def _text(value: object) -> str:
    """A text field as published, spaces tidied; numbers as digits, anything else ""."""
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return ""


def _name(value: object) -> str:
    """A name, title or institution: the sites escape them as HTML ("M&amp;M")."""
    text = _text(value)
    return " ".join(html.unescape(text).split()) if "&" in text else text


def _kind(eventtype: str, decision: str) -> tuple[Kind, str]:
    """The kind, and for Kind.OTHER the type's own name."""
    words = set(_WORD.findall(fold(eventtype)))
    for word, kind in _TYPE_WORDS:
        if word in words:
            return kind, ""
    if not eventtype:
        words = set(_WORD.findall(fold(decision)))
        for word, kind in _DECISION_WORDS:
            if word in words:
                return kind, ""
    return Kind.OTHER, eventtype


def _conference(results: list[Any], source: str) -> tuple[str, str]:
    """(The conference's name with its year, "NeurIPS 2023", or "" when unknown; its site.)

    From the entries' own pages first (https://neurips.cc/virtual/2023/poster/1), so a
    renamed file is still the same schedule; else from the file name.
    """
    label = year = site = ""
    for item in results[:50]:
        page = _text(item.get("virtualsite_url")) if isinstance(item, dict) else ""
        match = _VIRTUAL_PAGE.search(page)
        if not match:
            continue
        year = match.group(1)
        host = urlsplit(page).hostname or ""
        if host:
            short = host.removeprefix("www.").split(".")[0].lower()
            label, site = _SITES.get(short, (short.upper(), f"https://{host}"))
            break
    named = _FEED_NAME.match(PurePath(urlsplit(source).path if "://" in source else source).name)
    if named:
        conf = named.group(1).lower()
        if not label:
            label, site = _SITES.get(conf, (named.group(1).upper(), ""))
        year = year or named.group(2)
    if not label:
        return "", site
    return f"{label} {year}".strip(), site


class _Reader:
    def __init__(self, source: str, abstracts: Mapping[str, str]) -> None:
        self.source = source
        self.abstracts = abstracts
        self.base = ""
        self.floating = 0
        # Four hundred posters share a session's times: each is parsed once, and the
        # store then converts one datetime object per distinct time (rows.Instants).
        self.times: dict[str, tuple[datetime, bool]] = {}

    def error(self, where: str, message: str) -> ScheduleError:
        return ScheduleError(f"{where}: {message}" if where else message, source=self.source)

    def read(self, document: object) -> Schedule:
        if not isinstance(document, dict) or "results" not in document:
            raise self.error("", 'not a conference feed: expected an object with a "results" list at the top')
        results = document["results"]
        if not isinstance(results, list):
            raise self.error("results", f"expected a list, found {_type_name(results)}")
        for index, item in enumerate(results):
            if not isinstance(item, dict):
                raise self.error(f"results[{index}]", f"expected an object, found {_type_name(item)}")
        if not results:
            raise self.error("", "the feed has no entries")
        name, site = _conference(results, self.source)
        self.base = self.source if "://" in self.source else site
        fallback = PurePath(self.source).stem if self.source else "Untitled schedule"
        key = schedule_key(FORMAT, name or fallback)
        feed_ids = [self.feed_id(item, index) for index, item in enumerate(results)]
        papers = _papers(results, feed_ids)
        ids = IdMaker(PREFIX)
        events: list[Event] = []
        unscheduled: list[Unscheduled] = []
        for index, item in enumerate(results):
            fid = feed_ids[index]
            title = _name(item.get("name"))
            where = f"results[{index}] (id {fid}{', ' + quote(title) if title else ''})"
            kind, type_name = _kind(_text(item.get("eventtype")), _text(item.get("decision")))
            authors, affiliations = self.authors(item.get("authors"), where)
            links = self.links(item, where)
            abstract = item.get("abstract")
            if not isinstance(abstract, str) or not abstract.strip():
                abstract = self.abstracts.get(fid, "")
            paper = ""
            if kind in _PAPER_KINDS or fid in papers or _text(item.get("paper_url")) or _text(item.get("paper_pdf_url")):
                paper = source_id("pp", key, papers.get(fid, fid))
            fields: dict[str, Any] = dict(
                id=ids.make(key, "id", fid, published=True),
                kind=kind,
                number=None,
                title=title,
                authors=authors,
                abstract=abstract.strip(),
                session=_name(item.get("session")),
                room=_name(item.get("room_name")),
                url=self.address(_text(item.get("virtualsite_url"))),
                schedule=key,
                markup=_markup(title, abstract),
                links=links,
                poster_position=_text(item.get("poster_position")),
                affiliations=affiliations,
                topic=_name(item.get("topic")),
                paper=paper,
                type_name=type_name,
            )
            start, floating = self.instant(item.get("starttime"), where, "starttime")
            if start is None:
                unscheduled.append(Unscheduled(**fields))
                continue
            end, _ = self.instant(item.get("endtime"), where, "endtime")
            if end is None:  # a start alone: the moment it begins
                end = start
            elif end < start:
                raise self.error(where, f"endtime {quote(_text(item.get('endtime')))} is before its starttime")
            if floating:
                self.floating += 1
            events.append(Event(start=start, end=end, floating=floating, **fields))
        ordered = sorted_events(events)
        return Schedule(
            key=key,
            title=name or fallback,
            events=ordered,
            sessions=sessions_for(ordered),
            source=self.source,
            format=FORMAT,
            notes=tuple(self.notes(document, len(unscheduled))),
            unscheduled=tuple(unscheduled),
            published_ids=ids.published_ids(),
        )

    def feed_id(self, item: dict[str, Any], index: int) -> str:
        value = item.get("id")
        text = _text(value)
        if not text:
            title = _name(item.get("name"))
            raise self.error(f"results[{index}]{' (' + quote(title) + ')' if title else ''}",
                             f"the entry has no id (found {_type_name(value)})")
        return text

    def authors(self, value: object, where: str) -> tuple[tuple[str, ...], tuple[str | None, ...]]:
        """Names and their institutions, in the feed's order (an entry without a name is skipped)."""
        if value is None:
            return (), ()
        if not isinstance(value, list):
            raise self.error(f"{where}.authors", f"expected a list, found {_type_name(value)}")
        names: list[str] = []
        institutions: list[str | None] = []
        for person in value:
            if isinstance(person, dict):
                name = _name(person.get("fullname") or person.get("name"))
                institution = _name(person.get("institution")) or None
            else:
                name, institution = _name(person), None
            if name:
                names.append(name)
                institutions.append(institution)
        if not any(institutions):
            return tuple(names), ()
        return tuple(names), tuple(institutions)

    def instant(self, value: object, where: str, field: str) -> tuple[datetime | None, bool]:
        """The time, and whether it was published without an offset (floating)."""
        if value is None or (isinstance(value, str) and not value.strip()):
            return None, False
        if not isinstance(value, str):
            raise self.error(where, f"{field} is {_type_name(value)}, not a time like 2024-12-10T10:30:00-08:00")
        known = self.times.get(value)
        if known is None:
            known = self.times[value] = self._instant(value, where, field)
        return known

    def _instant(self, value: str, where: str, field: str) -> tuple[datetime, bool]:
        try:
            moment = datetime.fromisoformat(value.strip())
        except ValueError:
            raise self.error(where, f"{field} {quote(value)} is not a time like 2024-12-10T10:30:00-08:00") from None
        if moment.tzinfo is None:
            # The venue's wall clock: held as UTC only because datetimes must be aware.
            return moment.replace(tzinfo=UTC), True
        return moment, False

    def address(self, url: str) -> str:
        """``url`` made absolute against the feed's site; "" when it cannot be."""
        if not url or "://" in url or url.lower().startswith("mailto:"):
            return url
        return urljoin(self.base, url) if self.base else ""

    def links(self, item: dict[str, Any], where: str) -> tuple[Link, ...]:
        """The paper's page, its PDF and the entry's media, each address once, in that order."""
        found: dict[str, Link] = {}

        def add(url: str, title: str, kind: LinkKind = LinkKind.LINK) -> None:
            url = self.address(url)
            if url and url not in found:
                found[url] = Link(url, title, kind)

        paper_url = _text(item.get("paper_url"))
        add(paper_url, "OpenReview" if "openreview.net" in paper_url.lower() else "Paper")
        add(_text(item.get("paper_pdf_url")), "PDF")
        media = item.get("eventmedia")
        if isinstance(media, list):
            for entry in media:
                if not isinstance(entry, dict) or entry.get("visible") is False:
                    continue
                title = _name(entry.get("name")) or _name(entry.get("type"))
                if _text(entry.get("uri")):
                    add(_text(entry.get("uri")), title)
                elif _text(entry.get("file")):
                    # A file the site keeps: the poster image, the slides.
                    add(_text(entry.get("file")), title, LinkKind.ATTACHMENT)
        elif media is not None:
            raise self.error(f"{where}.eventmedia", f"expected a list, found {_type_name(media)}")
        return tuple(found.values())

    def notes(self, document: dict[str, Any], unscheduled: int) -> list[str]:
        notes: list[str] = []
        if unscheduled:
            notes.append(
                f"{unscheduled} of the feed's entries have no time yet: they are kept as not scheduled, "
                "to search, star and read."
            )
        if self.floating:
            notes.append(
                f"{counted_doing(self.floating, 'event', 'has', 'have')} {NO_ZONE} in the file: the "
                "published wall-clock times are shown, not converted to your zone."
            )
        following = _text(document.get("next"))
        if following:
            notes.append(f"The feed continues at {following}; only the entries in this file were read.")
        return notes


def _papers(results: list[Any], feed_ids: list[str]) -> dict[str, str]:
    """Feed id -> the smallest feed id its paper's entries are or name, for linked entries.

    related_events_ids joins a paper's poster and oral (and, rarely, more); a link to an
    id that is not in the feed joins nothing, but still counts for the key: a poster
    withdrawn in an update (kept in the library because starred) keeps the key it had,
    and its oral, which still names it, keeps that key too, so the two stay one paper
    (one BibTeX entry, one paper to plan).
    """
    present = set(feed_ids)
    parent: dict[str, str] = {}
    named: dict[str, set[str]] = {}  # feed id -> the other ids it links to, in the feed or not

    def root(x: str) -> str:
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])  # path halving
            x = parent[x]
        return x

    for item, fid in zip(results, feed_ids, strict=True):
        related = item.get("related_events_ids")
        if not isinstance(related, list):
            continue
        for other in related:
            other_id = _text(other)
            if other_id and other_id != fid:
                named.setdefault(fid, set()).add(other_id)
            if other_id and other_id != fid and other_id in present:
                a, b = root(fid), root(other_id)
                if a != b:
                    first, second = sorted((a, b), key=_id_order)
                    parent[second] = first
    joined = {root(fid) for fid in parent}
    linked = [fid for fid in present if fid in parent or fid in joined or fid in named]
    keys: dict[str, str] = {}
    for fid in linked:
        group = root(fid)
        for candidate in (fid, *named.get(fid, ())):
            if group not in keys or _id_order(candidate) < _id_order(keys[group]):
                keys[group] = candidate
    return {fid: keys[root(fid)] for fid in linked}


def _id_order(fid: str) -> tuple[int, int, str]:
    """Numeric ids in number order (9 before 10), any others after them."""
    return (0, int(fid), fid) if fid.isdigit() else (1, 0, fid)
