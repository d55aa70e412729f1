"""Pentabarf / frab schedule XML (FOSDEM, CCC, DebConf, pretalx exports).

Shape::

    <schedule>
      <conference><title/><acronym/><time_zone_name/><day_change/>...</conference>
      <day date="2024-12-27" start="..."><room name="Saal 1">
        <event guid="..." id="2"><date/><start/><duration/><room/><title/><subtitle/>
          <track/><type/><abstract/><description/><persons><person/></persons>
          <links><link href="...">Title</link></links>
          <attachments><attachment type="slides" href="...">Title</attachment></attachments>
          <url/><feedback_url/></event>
      </room></day>
    </schedule>

Schedule XML comes from the internet, so it is parsed by defusedxml with DTDs refused:
no entity can expand and no external file is fetched, and a "billion laughs" file is
refused at its DOCTYPE before any work is done. Parsing keeps the line of every
element, so errors point at the event or field to fix.
"""

from __future__ import annotations

from pathlib import PurePath
from xml.etree.ElementTree import Element, ParseError, TreeBuilder
from xml.parsers import expat

from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import DefusedXMLParser

from planner.domain.errors import ScheduleError
from planner.domain.model import Link, LinkKind, Schedule
from planner.formats.decoding import decode_text, is_utf8
from planner.formats.frab import Conference, RawEvent, build

FORMAT = "pentabarf"
PREFIX = "px"

# Real schedules nest about eight deep (a little more with XHTML in descriptions);
# anything deeper is refused at once instead of being built and walked.
MAX_DEPTH = 100

# Direct children of <event> copied as plain text into RawEvent fields.
_TEXT_FIELDS = (
    "title", "subtitle", "type", "track", "room", "abstract", "description", "url",
    "date", "start", "duration", "slug",
)


class _TooDeep(Exception):
    """Raised from inside the parser when elements nest deeper than MAX_DEPTH."""


class _LineTarget:
    """A TreeBuilder fed straight by expat that also keeps each element's line.

    The expat parser knows the current line while an element starts; the tree has
    nowhere to keep it, so it goes into a side table. Namespaces are dropped from tag
    names (some exporters declare a default namespace). defusedxml's own handlers for
    DOCTYPE and entities stay in place; only the element and text handlers are replaced,
    which skips ElementTree's pure-Python relay and halves the parse time of 38C3.
    """

    def __init__(self, shift: int) -> None:
        self.shift = shift
        self.builder = TreeBuilder()
        self.lines: dict[Element, int] = {}
        self.parser: expat.XMLParserType | None = None
        self.depth = 0

    def attach(self, parser: expat.XMLParserType) -> None:
        self.parser = parser
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.builder.data

    def start(self, tag: str, attributes: list[str]) -> None:
        # ElementTree's parser switched expat to ordered attributes: [name, value, ...].
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _TooDeep
        attrib = dict(zip(attributes[::2], attributes[1::2], strict=True)) if attributes else {}
        element = self.builder.start(tag.rpartition("}")[2], attrib)
        self.lines[element] = self.parser.CurrentLineNumber + self.shift  # type: ignore[union-attr]

    def end(self, tag: str) -> None:
        self.depth -= 1
        self.builder.end(tag.rpartition("}")[2])

    def close(self) -> Element:
        return self.builder.close()


def parse(data: bytes, source: str = "") -> Schedule:
    """Parse schedule XML. Raises ScheduleError naming ``source`` and the line or field."""
    encoding = None
    if not is_utf8(data):
        # UTF-16 (or -32) by its BOM or zero bytes: expat would manage UTF-16 alone but
        # not UTF-32, nor blank lines before the declaration, so it gets the same text in
        # UTF-8 and is told so, over the declaration's "UTF-16". Lines stay the same.
        data = decode_text(data, source).encode("utf-8")
        encoding = "utf-8"
    data, shift = _skip_leading_blanks(data)
    try:
        root, lines = _parse_xml(data, source, shift, encoding)
        return _Reader(source, lines).read(root)
    except RecursionError:
        raise ScheduleError("the XML is nested too deeply to be a schedule", source=source) from None


def _skip_leading_blanks(data: bytes) -> tuple[bytes, int]:
    """Drop a UTF-8 BOM and blank lines before ``<?xml``; also return the lines dropped.

    Generated files sometimes start with a newline, and expat refuses an XML declaration
    that is not the very first thing. Error lines add the dropped lines back.
    """
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    stripped = body.lstrip(b" \t\r\n")
    if len(stripped) == len(body) or not stripped.startswith(b"<?xml"):
        return data, 0
    return stripped, body[: len(body) - len(stripped)].count(b"\n")


def _parse_xml(
    data: bytes, source: str, shift: int, encoding: str | None = None
) -> tuple[Element, dict[Element, int]]:
    target = _LineTarget(shift)
    parser = DefusedXMLParser(
        target=target, encoding=encoding, forbid_dtd=True, forbid_entities=True, forbid_external=True
    )
    expat_parser: expat.XMLParserType = parser.parser
    target.attach(expat_parser)
    try:
        parser.feed(data)
        root: Element = parser.close()
    except _TooDeep:
        raise ScheduleError(
            f"the XML nests elements more than {MAX_DEPTH} deep; no schedule does that",
            source=source,
            line=expat_parser.CurrentLineNumber + shift,
        ) from None
    except DTDForbidden as exc:
        line = expat_parser.CurrentLineNumber + shift
        if (exc.name or "").lower() == "html":
            raise ScheduleError(
                "this is an HTML page, not schedule XML (save the schedule.xml link itself)",
                source=source,
                line=line,
            ) from None
        raise ScheduleError(
            "the XML has a DOCTYPE declaration; Planner refuses DTDs in schedule files because "
            "they can expand entities or fetch other files",
            source=source,
            line=line,
        ) from None
    except EntitiesForbidden:
        raise ScheduleError(
            "the XML declares entities; refused because entity expansion can blow up a small file",
            source=source,
            line=expat_parser.CurrentLineNumber + shift,
        ) from None
    except ExternalReferenceForbidden:
        raise ScheduleError(
            "the XML refers to an external file; refused",
            source=source,
            line=expat_parser.CurrentLineNumber + shift,
        ) from None
    except DefusedXmlException as exc:
        raise ScheduleError(f"unsafe XML refused: {exc}", source=source,
                            line=expat_parser.CurrentLineNumber + shift) from None
    except ParseError as exc:
        line, column = exc.position
        reason = expat.ErrorString(exc.code) if isinstance(exc.code, int) else str(exc)
        raise ScheduleError(
            f"not well-formed XML: {reason} (column {column + 1})", source=source, line=line + shift
        ) from None
    except (ValueError, LookupError, UnicodeError) as exc:
        # An unknown or impossible encoding in the XML declaration, among others.
        raise ScheduleError(f"cannot read the XML: {exc}", source=source,
                            line=expat_parser.CurrentLineNumber + shift) from None
    return root, target.lines


def _text(element: Element | None) -> str:
    """All text inside ``element``; inline markup in descriptions keeps its words."""
    if element is None:
        return ""
    if len(element) == 0:
        return element.text or ""
    return "".join(element.itertext())


def _link(element: Element, kind: LinkKind) -> Link:
    """``<link href="...">Title</link>``; an untitled attachment is named by its type ("Slides")."""
    url = element.get("href", "")
    title = _text(element).strip() if url else ""
    if not url:  # some exports write the address as the text: <link>https://...</link>
        url = _text(element)
    if not title and kind is LinkKind.ATTACHMENT:
        title = element.get("type", "").strip().capitalize()
    return Link(url, title, kind)


class _Reader:
    def __init__(self, source: str, lines: dict[Element, int]) -> None:
        self.source = source
        self.lines = lines

    def read(self, root: Element) -> Schedule:
        if root.tag != "schedule":
            raise ScheduleError(
                f"not a Pentabarf/frab schedule: the root element is <{root.tag}>, expected <schedule>",
                source=self.source,
                line=self.lines.get(root),
            )
        conference = self.conference(root.find("conference"))
        raws: list[RawEvent] = []
        for day in root.iterfind("day"):
            day_date = day.get("date", "")
            day_start = day.get("start", "")
            for room in day.iterfind("room"):
                room_name = room.get("name", "")
                for element in room.iterfind("event"):
                    raws.append(self.event(element, day_date, day_start, room_name))
        fallback = PurePath(self.source).stem if self.source else "Untitled schedule"
        return build(conference, raws, fmt=FORMAT, prefix=PREFIX, source=self.source, fallback_name=fallback)

    def conference(self, element: Element | None) -> Conference:
        conference = Conference()
        if element is None:
            return conference
        seen: set[str] = set()
        for child in element:
            tag = child.tag
            if tag in ("title", "acronym", "time_zone_name", "day_change", "base_url"):
                if tag in seen:
                    continue  # the first one counts, as for events
                seen.add(tag)
                line = self.lines.get(child)
                if line is not None:
                    conference.lines[tag] = line
                value = _text(child).strip()
                if tag == "time_zone_name":
                    conference.time_zone = value
                elif tag == "base_url":
                    conference.base_url = value
                else:
                    setattr(conference, tag, value)
        return conference

    def event(self, element: Element, day_date: str, day_start: str, room_name: str) -> RawEvent:
        raw = RawEvent(
            line=self.lines.get(element),
            guid=element.get("guid", ""),
            code=element.get("code", ""),
            event_id=element.get("id", ""),
            date=element.get("date", ""),
            day_date=day_date,
            day_start=day_start,
        )
        seen: set[str] = set()
        for child in element:
            tag = child.tag
            if tag in seen:
                continue
            seen.add(tag)
            line = self.lines.get(child)
            if line is not None:
                raw.lines[tag] = line
            if tag in _TEXT_FIELDS:
                setattr(raw, tag, _text(child))
            elif tag == "persons":
                raw.persons = [_text(p) for p in child.iterfind("person")]
            elif tag == "links":
                raw.links += [_link(link, LinkKind.LINK) for link in child.iterfind("link")]
            elif tag == "attachments":
                raw.links += [_link(item, LinkKind.ATTACHMENT) for item in child.iterfind("attachment")]
            elif tag == "feedback_url":
                raw.feedback_url = _text(child)
            elif tag == "guid" and not raw.guid:
                raw.guid = _text(child)
            elif tag == "code" and not raw.code:
                raw.code = _text(child)
        if not raw.room.strip():
            raw.room = room_name
        return raw

