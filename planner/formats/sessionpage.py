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
from functools import lru_cache

from planner.domain.errors import ScheduleError
from planner.domain.model import Event, Kind, Markup, Schedule, Session
from planner.domain.queries import fold
from planner.formats.decoding import decode_text, split_lines
from planner.formats.ids import session_page_id

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
_NUMBERED = re.compile(r"^(\d{1,9})\s*[-–—.]\s*(.*)$")
_QA = re.compile(r"^(?:q\s*&\s*a|q\s*and\s*a|questions)\b\s*:?\s*(.*)$", re.IGNORECASE)
_WORD = re.compile(r"[^\W_]+")

# Kind words, by priority ("Spotlight Talk" is a spotlight). Whole words only: "Temporal"
# is no oral, "Breakthroughs" no break.
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
# Each kind word and its plural ("Orals", "Lunches") -> (priority, kind).
_KIND_WORDS: dict[str, tuple[int, Kind]] = {
    form: (rank, kind)
    for rank, (word, kind) in enumerate(_LABEL_KINDS)
    for form in (word, word + ("es" if word.endswith("ch") else "s"))
}
# Words a kind label may have besides its kind word ("Invited Talk", "Oral Presentation").
# "5 - BERT: ..." has none of these: its "BERT" is part of the title.
_LABEL_QUALIFIERS = frozenset(
    "invited contributed plenary short long lightning paper papers presentation presentations "
    "session sessions best award student joint accepted featured special and".split()
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
    """The kind a heading's words name (the highest-ranked kind word), whole words only."""
    if _QA.match(label):
        return Kind.QA
    ranks = [_KIND_WORDS[w] for w in _WORD.findall(label.casefold()) if w in _KIND_WORDS]
    return min(ranks)[1] if ranks else Kind.OTHER


@lru_cache(maxsize=256)  # a file repeats a handful of labels ("Oral", "Spotlight") thousands of times
def _label_kind(label: str) -> Kind | None:
    """The kind of a label before a colon ("Oral", "Invited Talk", "Q&A"), or None when the
    label is not one: it has a word that is neither a kind word, a qualifier nor a number.
    """
    qa = _QA.match(label)
    words = _WORD.findall((qa.group(1) if qa else label).casefold())
    if not qa and not any(w in _KIND_WORDS for w in words):
        return None
    if any(w not in _KIND_WORDS and w not in _LABEL_QUALIFIERS and not any(c.isdigit() for c in w)
           for w in words):
        return None
    return Kind.QA if qa else _kind_from_label(label)


def parse_heading(heading: str) -> tuple[Kind, int | None, str]:
    """``1 - Oral: Title`` -> (ORAL, 1, "Title"); ``Break``; ``Q&A: Title``; other text.

    Only a known kind label before the colon is taken off the title: ``5 - BERT: Pre-training
    ...`` keeps "BERT: Pre-training ..." whole.
    """
    heading = heading.strip()
    numbered = _NUMBERED.match(heading)
    if numbered:
        number, rest = numbered.groups()
        label, colon, title = rest.partition(":")
        kind = _label_kind(label) if colon and 0 < len(label) <= 40 else None
        if kind is None:
            return Kind.OTHER, int(number), rest.strip()
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


# Lower-case words a name may have: particles ("van der", "de la", "bin") and the "and"
# before a last author.
_PARTICLES = frozenset(
    "al and ap av ben bin d da dal dalla das de degli dei del della delle den der des di do dos du et "
    "e el ibn la las le les lo los op san ten ter van vande vander von y zu zum zur".split()
)
_ABBREVIATIONS = frozenset({"al", "etc", "jr", "sr"})  # "et al." ends no sentence
# A word of two letters or more, then sentence punctuation, then a space or the end.
_WORD_END = re.compile(r"(?<![^\W\d_])([^\W\d_]{2,})[.!?]+[\"'’”)]*(?=\s|$)")
_BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|<[^<>]*>")  # and HTML tags
_OPEN_BRACKET = re.compile(r"[(\[].*")
_TEX_COMMAND = re.compile(r"\\(?:[A-Za-z]+|.)")
_ELIDED = re.compile(r"^[^\W\d_]{1,4}['’-]")  # d'Alembert, dell'Acqua, al-Farabi
# Most names at once, without the word-by-word look: 1-5 capitalised ASCII words.
_PLAIN_NAME = re.compile(r"\s*[A-Z][A-Za-z'.-]*(?:\s+[A-Z][A-Za-z'.-]*){0,4}\s*")


def _name_like(part: str) -> bool:
    """One comma-separated part of an author line: up to 5 capitalised words, plus initials,
    particles and marks (digits, "*", non-Latin scripts), and no other lower-case word.
    """
    if _PLAIN_NAME.fullmatch(part):
        return True
    words = (_TEX_COMMAND.sub("", part) if "\\" in part else part).split()
    if not words or len(words) > 8:
        return False
    capitalised = 0
    for word in words:
        first = word[0] if word[0].isalpha() else next((c for c in word if c.isalpha()), "")
        if first.isupper():
            capitalised += 1
        elif first.islower():
            core = word.strip(".,;:!?\"'’”“")
            elided = _ELIDED.match(core)
            if core.casefold() not in _PARTICLES and not (elided and core[elided.end():][:1].isupper()):
                return False
    return capitalised <= 5


def _looks_like_authors(paragraph: str) -> bool:
    """An author line rather than an abstract, by its shape whatever its length.

    Names separated by commas, with no sentence: no lower-case word ending in a full stop
    ("... are compared.", while "Jr.", initials and a stop after the last name are fine),
    no lone word with one ("Posters."), and no "word: " (an abstract's list or link). More
    than half the parts must look like names, so one odd part (a name typed in lower case)
    is tolerated while an abstract's commas, which cut clauses full of lower-case words,
    are not. Text in brackets (affiliations, "(corrected)") and HTML tags count for nothing.
    """
    bracketed = "(" in paragraph or "[" in paragraph or "<" in paragraph
    text = (_BRACKETED.sub(" ", paragraph) if bracketed else paragraph).strip()
    for match in _WORD_END.finditer(text) if "." in text or "!" in text or "?" in text else ():
        word = match.group(1)
        lone = match.start(1) == 0 and match.end() == len(text)
        if word.casefold() not in _ABBREVIATIONS and (word.islower() or lone):
            return False
    if ": " in text or text.endswith(":"):
        return False
    # Brackets are dropped per part too: an affiliation's may hold a comma or stay open.
    parts = text.split(",")
    if bracketed:
        parts = [_OPEN_BRACKET.sub("", p) for p in parts]
    parts = [p for p in parts if not p.isspace() and p]
    needed, names = len(parts) // 2 + 1, 0  # more than half
    for at, part in enumerate(parts):
        names += _name_like(part)
        if names >= needed:
            return True
        if names + len(parts) - at - 1 < needed:
            return False
    return False


def _same_title(title: str) -> str:
    """What session_page_id makes of a session title: titles equal here share ids."""
    return " ".join(fold(title).split())


def _session_names(sessions: list[_Section]) -> list[str]:
    """The name each session goes by: its title, and for a title the file already used,
    the title and its start ("Posters (2020-12-11 14:00)").

    Events and their ids hang on this name, so a repeated title must not merge two
    sessions (nor refuse the file); the first keeps its bare title and so the ids it has
    alone, and stars on it survive a second session of that title being added.
    """
    taken = {_same_title(s.title) for s in sessions}
    names: list[str] = []
    seen: set[str] = set()
    counts: dict[str, int] = {}  # the last count given to a title and time, so 50,000 repeats stay linear
    for section in sessions:
        same = _same_title(section.title)
        if same not in seen:
            seen.add(same)
            names.append(section.title)
            continue
        start = section.start or min((s.start for s in section.slots), default=None)
        when = f"{start:%Y-%m-%d %H:%M}" if start is not None else ""
        name = f"{section.title} ({when})" if when else section.title
        base = _same_title(name)
        count = counts.get(base, 1)
        while _same_title(name) in taken:  # the same title at the same time, or no time
            count += 1
            name = f"{section.title} ({when}, {count})" if when else f"{section.title} ({count})"
        counts[base] = count
        taken.add(_same_title(name))
        names.append(name)
    return names


def _build(sessions: list[_Section], source: str) -> Schedule:
    key = "session-page:" + _same_title(sessions[0].title)
    events: list[Event] = []
    order: list[tuple[datetime, datetime]] = []  # events[i] starts and ends at order[i], in UTC
    built_sessions: list[Session] = []
    notes: list[str] = []
    headings: dict[str, tuple[Kind, int | None, str]] = {}  # parallel sessions repeat "Break"...
    ids: set[str] = set()
    for section, name in zip(sessions, _session_names(sessions), strict=True):
        seen: dict[tuple[str, str], int] = {}
        numbered: dict[int, int] = {}  # number -> the line of its first heading
        repeated: list[tuple[int, int, int]] = []  # number, its first line, this line
        clashes = 0
        for slot in section.slots:
            if slot.heading is None:
                kind, number, title = Kind.OTHER, None, ""
            elif slot.heading in headings:
                kind, number, title = headings[slot.heading]
            else:
                kind, number, title = headings[slot.heading] = parse_heading(slot.heading)
            paragraphs = [" ".join(p) for p in slot.paragraphs]
            authors: tuple[str, ...] = ()
            if kind is not Kind.BREAK and paragraphs and _looks_like_authors(paragraphs[0]):
                authors = tuple(filter(None, map(str.strip, paragraphs.pop(0).split(","))))
            id_number, id_title = number, title
            if number is not None:
                if number in numbered:
                    # A second talk under the same number: kept, with an id of its own made
                    # like an unnumbered slot's (no heading gives an unnumbered "1 - ...").
                    repeated.append((number, numbered[number], slot.heading_line))
                    id_number, id_title = None, f"{number} - {title}"
                else:
                    numbered[number] = slot.heading_line
            occurrence_key = (kind.value, fold(id_title))
            occurrence = seen.get(occurrence_key, 0)
            seen[occurrence_key] = occurrence + 1
            event_id = session_page_id(name, kind.value, id_number, id_title, occurrence)
            while event_id in ids:
                # Titles that differ only in spacing ("Coffee  break") fold to one id. The
                # kind "break#" is no kind: these ids meet no other, and the first keeps its own.
                clashes += 1
                event_id = session_page_id(name, kind.value + "#", None, id_title, clashes)
            ids.add(event_id)
            events.append(
                Event(
                    id=event_id,
                    kind=kind,
                    number=number,
                    title=title,
                    authors=authors,
                    abstract="\n\n".join(paragraphs),
                    start=slot.start,
                    end=slot.end,
                    session=name,
                    schedule=key,
                    markup=Markup.LATEX,  # session pages are written in LaTeX
                )
            )
            order.append(slot.order)
        if repeated:  # one note a session: a file that restarts its numbering says it once
            number, first, again = repeated[0]
            more = f", and {len(repeated) - 1} more like it" if len(repeated) > 1 else ""
            notes.append(
                f"Session {name!r} gives one number to two events: {number} (lines {first} and "
                f"{again}){more}; all of them are kept."
            )
        start, end = section.start, section.end
        if start is None and section.slots:
            start = min(s.start for s in section.slots)
            end = max(s.end for s in section.slots)
        built_sessions.append(
            Session(
                title=name,
                chairs=tuple(section.chairs),
                start=start,
                end=end,
                description="\n".join(section.description),
            )
        )
    if not events:
        raise ScheduleError("no events found: expected '### Schedule' with time ranges", source=source)
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
        notes=tuple(notes),
    )
