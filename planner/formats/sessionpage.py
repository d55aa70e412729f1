"""The NeurIPS virtual-site session page, saved as text (the bundled seed's format).

Shape, as conferences publish it::

    ## Session title
    free text
    ### Time
    START - END### Session chairs      <- headings may follow text on the same line
    Chair A, Chair B### Video
    ### Schedule
    START - END
    ##### 1 - Oral: Title
    Author A, Author B
    Abstract paragraph...

The parser is a line-driven state machine that keeps the original line number of every
piece, so each error names the line the user has to fix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timezone

from planner.domain.errors import ScheduleError
from planner.domain.model import Event, Kind, Schedule, Session
from planner.domain.queries import fold
from planner.formats.ids import session_page_id
from planner.formats.text import decode_text, split_lines

FORMAT = "session-page"

# ``### Name`` headings that open a section. Others (``### Chat is not available.``)
# are plain text inside the current section.
_SECTIONS = {
    "time": "time",
    "session chairs": "chairs",
    "chairs": "chairs",
    "schedule": "schedule",
    "video": "other",
    "chat": "other",
    "abstract": "other",
    "description": "other",
    "links": "other",
    "location": "other",
}
_INLINE_SECTION = re.compile(
    r"(?<=[^#\s])\s*(?=###\s+(?:" + "|".join(re.escape(k) for k in _SECTIONS) + r")\s*$)",
    re.IGNORECASE,
)
_LONGEST_SECTION = max(len(k) for k in _SECTIONS)
_SESSION = re.compile(r"^##\s+(.*)$")
_SECTION = re.compile(r"^###\s+(.*?)\s*$")
_EVENT_HEADING = re.compile(r"^#####(?:\s+(.*?))?\s*$")
_TIME_RANGE_SHAPE = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\S*\s*(?:-|–|—|to)\s*\S+$")
_TIME_RANGE = re.compile(r"^(\S+)\s+(?:-|–|—|to)\s+(\S+)$")
# At most 9 digits: a longer "number" is text (a bigger int overflows SQLite's INTEGER and
# a 4,300-digit one makes int() raise).
_NUMBERED = re.compile(r"^(\d{1,9})\s*[-–—.]\s*(?:([^:]{1,40}?)\s*:\s*)?(.*)$")
_QA = re.compile(r"^(?:q\s*&\s*a|q\s*and\s*a|questions)\b\s*:?\s*(.*)$", re.IGNORECASE)

_LABEL_KINDS: tuple[tuple[str, Kind], ...] = (
    ("spotlight", Kind.SPOTLIGHT),
    ("oral", Kind.ORAL),
    ("poster", Kind.POSTER),
    ("workshop", Kind.WORKSHOP),
    ("keynote", Kind.TALK),
    ("tutorial", Kind.TALK),
    ("lecture", Kind.TALK),
    ("talk", Kind.TALK),
    ("break", Kind.BREAK),
    ("lunch", Kind.BREAK),
    ("coffee", Kind.BREAK),
)


def looks_like(text: str) -> bool:
    """Content sniffing for format detection: a ``## `` title line near the top."""
    for line in text.lstrip("\ufeff").splitlines()[:20]:
        if line.strip():
            return line.startswith("## ")
    return False


@dataclass
class _Slot:
    line: int
    start: datetime
    end: datetime
    order: tuple[datetime, datetime]  # start and end in UTC: cheap to compare when sorting
    heading: str | None = None
    heading_line: int = 0
    paragraphs: list[list[str]] = field(default_factory=list)
    open_paragraph: bool = False


@dataclass
class _Section:
    title: str
    line: int
    description: list[str] = field(default_factory=list)
    chairs: list[str] = field(default_factory=list)
    start: datetime | None = None
    end: datetime | None = None
    slots: list[_Slot] = field(default_factory=list)


def parse(data: bytes | str, source: str = "") -> Schedule:
    """Parse a whole file. Raises ScheduleError naming ``source`` and the line."""
    text = decode_text(data, source) if isinstance(data, bytes) else data
    sessions = _Parser(source).run(text)
    return _build(sessions, source)


def _kind_from_label(label: str) -> Kind:
    folded = label.casefold()
    if _QA.match(label):
        return Kind.QA
    for word, kind in _LABEL_KINDS:
        if word in folded:
            return kind
    return Kind.OTHER


def parse_heading(heading: str) -> tuple[Kind, int | None, str]:
    """``1 - Oral: Title`` -> (ORAL, 1, "Title"); ``Break``; ``Q&A: Title``; other text."""
    heading = heading.strip()
    numbered = _NUMBERED.match(heading)
    if numbered:
        number, label, title = numbered.groups()
        kind = _kind_from_label(label) if label else Kind.OTHER
        return kind, int(number), title.strip()
    qa = _QA.match(heading)
    if qa:
        return Kind.QA, None, qa.group(1).strip()
    return _kind_from_label(heading), None, heading


class _Parser:
    def __init__(self, source: str) -> None:
        self.source = source
        self.sessions: list[_Section] = []
        self.section = ""
        # Slot time ranges already read, by their text, with their UTC sort key: parallel
        # sessions repeat the same slots, so 10,000 events have a few hundred distinct ones.
        self.slot_times: dict[str, tuple[datetime, datetime, tuple[datetime, datetime]]] = {}

    def error(self, line: int, message: str) -> ScheduleError:
        return ScheduleError(message, source=self.source, line=line)

    def run(self, text: str) -> list[_Section]:
        feed = self.feed
        slot_times = self.slot_times
        # feed() takes any line. The loop does itself what feed() would do with the bulk of
        # a file (blank lines; under "### Schedule", author and abstract lines, time ranges
        # seen before, event headings), as a call per line was half the parse. Only
        # feed() changes the section and session: they are re-read after each call.
        section = self.section
        slots: list[_Slot] = []
        for number, raw in enumerate(split_lines(text), start=1):
            content = raw.strip()
            if not content:  # feed() ignores a blank line, except that it ends a paragraph
                if section == "schedule" and slots:
                    slots[-1].open_paragraph = False
                continue
            if (section == "schedule" and slots and slots[-1].heading is not None
                    and content[0] != "#" and not content[0].isdigit() and "###" not in raw):
                slot = slots[-1]
                if slot.open_paragraph:
                    slot.paragraphs[-1].append(content)
                else:
                    slot.paragraphs.append([content])
                    slot.open_paragraph = True
                continue
            # Only a line holding "###" can have a heading glued to its end; skipping the
            # regex on the others (abstracts are long) halves the parse of a big file.
            if "###" in raw and _may_glue(raw):
                for piece in _INLINE_SECTION.split(raw):
                    feed(number, piece.strip())
            elif section == "schedule" and content in slot_times:
                start, end, order = slot_times[content]
                slots.append(_Slot(line=number, start=start, end=end, order=order))
                continue
            elif section == "schedule" and content[:5] == "#####" and (len(content) == 5 or content[5].isspace()):
                # What _EVENT_HEADING matches in a stripped line, without the regex.
                self.event_heading(self.sessions[-1], number, content[5:].strip())
                continue
            else:
                feed(number, content)
            section = self.section
            slots = self.sessions[-1].slots if self.sessions else []
        if not self.sessions:
            raise self.error(1, "no session found: expected a title line '## ...'")
        return self.sessions

    def feed(self, line: int, text: str) -> None:
        # All three heading patterns start with "#": most lines (abstracts) skip them.
        hashed = text.startswith("#")
        session_match = hashed and _SESSION.match(text)
        if session_match:
            title = session_match.group(1).strip()
            if not title:
                raise self.error(line, "a session title '## ...' is empty")
            self.sessions.append(_Section(title=title, line=line))
            self.section = ""
            return
        if not self.sessions:
            if text:
                raise self.error(line, f"expected a session title '## ...', found {_quote(text)}")
            return
        session = self.sessions[-1]
        section_match = hashed and _SECTION.match(text)
        if section_match and section_match.group(1).casefold() in _SECTIONS:
            self.section = _SECTIONS[section_match.group(1).casefold()]
            return
        heading = hashed and _EVENT_HEADING.match(text)
        if heading:
            self.event_heading(session, line, heading.group(1) or "")
            return
        if self.section == "":
            if text:
                session.description.append(text)
        elif self.section == "time":
            if text:
                if session.start is not None:
                    raise self.error(line, f"the session already has a time range, found {_quote(text)}")
                session.start, session.end = self.time_range(line, text)
        elif self.section == "chairs":
            session.chairs.extend(n.strip() for n in text.split(",") if n.strip())
        elif self.section == "schedule":
            self.schedule_line(session, line, text)

    def event_heading(self, session: _Section, line: int, heading: str) -> None:
        if self.section != "schedule" or not session.slots:
            raise self.error(line, "a '#####' event heading must follow a time range under '### Schedule'")
        slot = session.slots[-1]
        if slot.heading is not None or slot.paragraphs:
            raise self.error(
                line,
                f"expected a time range 'START - END' before this heading (the slot from line "
                f"{slot.line} already has one)",
            )
        if not heading:
            raise self.error(line, "an event heading '#####' is empty")
        slot.heading, slot.heading_line = heading, line

    def schedule_line(self, session: _Section, line: int, text: str) -> None:
        if text[:1].isdigit() and _TIME_RANGE_SHAPE.match(text):  # isdigit() covers \d
            start, end = self.time_range(line, text)
            order = (start.astimezone(UTC), end.astimezone(UTC))
            self.slot_times[text] = (start, end, order)
            session.slots.append(_Slot(line=line, start=start, end=end, order=order))
            return
        if not text:
            if session.slots:
                session.slots[-1].open_paragraph = False
            return
        if not session.slots:
            raise self.error(line, f"expected a time range 'START - END', found {_quote(text)}")
        slot = session.slots[-1]
        if slot.heading is None:
            raise self.error(
                line, f"expected a '#####' heading or a time range 'START - END', found {_quote(text)}"
            )
        if slot.open_paragraph:
            slot.paragraphs[-1].append(text)
        else:
            slot.paragraphs.append([text])
            slot.open_paragraph = True

    def time_range(self, line: int, text: str) -> tuple[datetime, datetime]:
        match = _TIME_RANGE.match(text)
        if not match:
            raise self.error(line, f"expected a time range 'START - END', found {_quote(text)}")
        start = self.instant(line, match.group(1))
        end = self.instant(line, match.group(2))
        if end < start:
            raise self.error(line, f"the time range ends before it starts: {_quote(text)}")
        return start, end

    def instant(self, line: int, text: str) -> datetime:
        try:
            value = datetime.fromisoformat(text)
        except ValueError:
            raise self.error(line, f"{_quote(text)} is not an ISO 8601 time like 2020-12-10T18:00:00-08:00") from None
        if value.tzinfo is None:
            raise self.error(line, f"the time {_quote(text)} has no UTC offset (add e.g. -08:00 or Z)")
        try:
            value.astimezone(timezone.utc)  # the store and calendar export need the UTC instant
        except OverflowError:
            raise self.error(line, f"the time {_quote(text)} is out of range") from None
        return value


def _may_glue(line: str) -> bool:
    """Whether ``line`` may end in a glued-on ``### Heading`` (_INLINE_SECTION would split it).

    Such a heading is the line's last "###", after text that does not end in "#", then
    whitespace and a section name only. Event headings ("##### 1 - Oral: ...") and
    section headings on their own line fail at once, sparing them the regex.
    """
    at = line.rfind("###")
    tail = line[at + 3 :]
    return tail[:1].isspace() and len(tail.strip()) <= _LONGEST_SECTION and line[:at].rstrip()[-1:] not in ("", "#")


def _quote(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def _looks_like_prose(paragraph: str) -> bool:
    """An abstract rather than an author line: long, sentence-shaped text."""
    return len(paragraph) > 300 or (paragraph.endswith(".") and len(paragraph.split()) > 25)


def _build(sessions: list[_Section], source: str) -> Schedule:
    key = "session-page:" + " ".join(fold(sessions[0].title).split())
    events: list[Event] = []
    order: list[tuple[datetime, datetime]] = []  # events[i] starts and ends at order[i], in UTC
    built_sessions: list[Session] = []
    headings: dict[str, tuple[Kind, int | None, str]] = {}  # parallel sessions repeat "Break"...
    for section in sessions:
        seen: dict[tuple[str, str], int] = {}
        for slot in section.slots:
            if slot.heading is None:
                kind, number, title = Kind.OTHER, None, ""
            elif slot.heading in headings:
                kind, number, title = headings[slot.heading]
            else:
                kind, number, title = headings[slot.heading] = parse_heading(slot.heading)
            paragraphs = [" ".join(p) for p in slot.paragraphs]
            authors: tuple[str, ...] = ()
            if kind.is_talk and paragraphs and not _looks_like_prose(paragraphs[0]):
                authors = tuple(filter(None, map(str.strip, paragraphs.pop(0).split(","))))
            occurrence_key = (kind.value, fold(title))
            occurrence = seen.get(occurrence_key, 0)
            seen[occurrence_key] = occurrence + 1
            events.append(
                Event(
                    id=session_page_id(section.title, occurrence_key[0], number, title, occurrence),
                    kind=kind,
                    number=number,
                    title=title,
                    authors=authors,
                    abstract="\n\n".join(paragraphs),
                    start=slot.start,
                    end=slot.end,
                    session=section.title,
                    schedule=key,
                )
            )
            order.append(slot.order)
        start, end = section.start, section.end
        if start is None and section.slots:
            start = min(s.start for s in section.slots)
            end = max(s.end for s in section.slots)
        built_sessions.append(
            Session(
                title=section.title,
                chairs=tuple(section.chairs),
                start=start,
                end=end,
                description="\n".join(section.description),
            )
        )
    if not events:
        raise ScheduleError("no events found: expected '### Schedule' with time ranges", source=source)
    ids: dict[str, Event] = {}
    for event in events:
        if event.id in ids:
            raise ScheduleError(
                f"session {event.session!r} has two events numbered {event.number}", source=source
            )
        ids[event.id] = event
    # By (start, end) as instants, stably. Comparing the UTC copies skips the offset
    # arithmetic of comparing aware datetimes: a third of the sort's time.
    events = [events[i] for i in sorted(range(len(events)), key=order.__getitem__)]
    title = sessions[0].title if len(sessions) == 1 else f"{sessions[0].title} (+{len(sessions) - 1} sessions)"
    return Schedule(
        key=key,
        title=title,
        events=tuple(events),
        sessions=tuple(built_sessions),
        source=source,
        format=FORMAT,
    )
