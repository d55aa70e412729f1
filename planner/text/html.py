"""Schedule text published as HTML, made readable: plain text, or our own safe rich text.

FOSDEM's Pentabarf export (and some frab instances) write abstracts as HTML: 703 of
FOSDEM 2021's 773 events hold <p>, <ul> or <a>. Shown as text, every card and the
detail pane read "<p>Welcome to FOSDEM 2021!</p>". The HTML is untrusted input, so it
is never handed to Qt: a parser walks it once and the rich version is rebuilt from a
few tags of our own (paragraphs, line breaks, lists, bold, italic, code), with every
piece of text escaped and every attribute dropped. Links become their text followed
by the address, as the detail pane opens nothing.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from html.parser import HTMLParser

# HTML that builds a text's blocks: a closing paragraph, list or heading tag, or an
# opening one the text starts with (a card reads a prefix that may end before the
# first close). A text that only names a tag ("Using <p> tags") is not HTML by this test.
_CLOSING_BLOCK = re.compile(r"</(?:p|div|ul|ol|li|pre|blockquote|h[1-6]|dl|dt|dd|table)\s*>", re.IGNORECASE)
_OPENING_BLOCK = re.compile(r"\s*<(?:p|div|ul|ol|pre|blockquote|h[1-6]|dl|table)(?:\s[^<>]*)?>", re.IGNORECASE)
# A card reads an abstract's first 600 characters, which may end inside a tag.
_PARTIAL_TAG_AT_END = re.compile(r"<[A-Za-z/][^<>]*\Z")
_BLOCKS = {"p", "div", "blockquote", "pre", "ul", "ol", "dl", "dt", "dd", "table", "tr",
           "h1", "h2", "h3", "h4", "h5", "h6"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_INLINE = {"b": "b", "strong": "b", "i": "i", "em": "i", "u": "i", "code": "code", "tt": "code", "kbd": "code"}
_SKIPPED = {"script", "style", "head", "title", "template"}
_LINK_SCHEMES = ("http://", "https://", "mailto:")
_SPACES = re.compile(r"\s+")
# A space in code, kept from _lines' trimming (a private-use character, never in text).
_CODE_SPACE = "\ue000"
# The spaces of a code line rich text would lose: a leading one, and each after another.
_CODE_SPACES = re.compile(r"^ |(?<= ) ")


def is_html(text: str) -> bool:
    """Whether ``text`` is written in HTML (FOSDEM's abstracts), not just mentions a tag."""
    return ("</" in text and _CLOSING_BLOCK.search(text) is not None) or _OPENING_BLOCK.match(text) is not None


class _Walk(HTMLParser):
    """One pass over the HTML, into two outputs: plain text and rebuilt rich text;
    ``prose`` is applied to the text outside code (planner.text.readable: math)."""

    def __init__(self, prose: Callable[[str], str] | None = None) -> None:
        super().__init__(convert_charrefs=True)
        self.prose = prose
        self.plain: list[str] = []
        self.rich: list[str] = []
        self.skipping = 0  # inside <script>, <style>...
        self.pre = 0
        self.inline: list[str] = []  # our tags open in the current block
        self.links: list[str] = []  # addresses of the <a> elements open
        self.lists: list[int] = []  # per list open: 0 for bullets, else the next number
        self.items = 0  # list items open: a <p> inside one (a "loose" list) is no new block
        self.row_text = False  # text shown in the current table row
        self.cell_gap = False  # a cell begun after text: a separator before its own

    # -- blocks ---------------------------------------------------------------------

    def _break_block(self) -> None:
        """End the current block: close our inline tags, start a new paragraph."""
        for tag in reversed(self.inline):
            self.rich.append(f"</{tag}>")
        self.inline.clear()
        self.plain.append("\n\n")
        self.rich.append("\n\n")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skipping += 1
        if self.skipping:
            return
        if tag == "p" and self.items:
            return
        if tag in _BLOCKS:
            self._break_block()
            self.row_text = self.cell_gap = False  # a row is a block: its cells go on one line
            if tag == "pre":
                self.pre += 1
            elif tag in ("ul", "ol"):
                start = dict(attrs).get("start") or "1"
                self.lists.append((int(start) if start.isdigit() else 1) if tag == "ol" else 0)
            if tag in _HEADINGS:
                self._open("b")
        elif tag == "li":
            self.items += 1
            marker = "•"
            if self.lists and self.lists[-1]:
                marker = f"{self.lists[-1]}."
                self.lists[-1] += 1
            if self.rich and self.rich[-1].isspace():
                self.rich.pop()  # the newline between two items' tags
            self.plain.append(f"\n{marker} ")
            self.rich.append(f"<br>{marker} ")
        elif tag == "br":
            self.plain.append("\n")
            self.rich.append("<br>")
        elif tag in ("td", "th"):
            self.cell_gap = self.row_text  # "<td>Alpha</td><td>Beta</td>" read "AlphaBeta"
        elif tag in _INLINE:
            self._open(_INLINE[tag])
        elif tag == "a":
            href = (dict(attrs).get("href") or "").strip()
            self.links.append(href if href.lower().startswith(_LINK_SCHEMES) else "")
        elif tag == "img":
            alt = (dict(attrs).get("alt") or "").strip()
            if alt:
                self._text(f"[{alt}]")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "img"):
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "br":  # </br>: browsers, and some frab authors, take it for <br>
            self.handle_starttag(tag, [])
            return
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
            return
        if self.skipping:
            return
        if tag == "li":
            self.items = max(0, self.items - 1)
        elif tag == "p" and self.items:
            return
        if tag in _BLOCKS:
            if tag == "pre":
                self.pre = max(0, self.pre - 1)
            elif tag in ("ul", "ol") and self.lists:
                self.lists.pop()
                if not self.lists:
                    self.items = 0  # HTML may leave out </li>: no item is open after the list
            self._break_block()
        elif tag in _INLINE and _INLINE[tag] in self.inline:
            self._close(_INLINE[tag])
        elif tag == "a" and self.links:
            href = self.links.pop()
            if href and not self._last_text_is(href):
                self._text(f" ({href.removeprefix('mailto:')})")

    # -- text -----------------------------------------------------------------------

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        if not self.pre:
            text = _SPACES.sub(" ", data)
            if self.plain and self.plain[-1][-1:].isspace():
                text = text.lstrip()  # "1. " then the item's own leading newline
            if self.prose is not None and "code" not in self.inline:
                text = self.prose(text)
            if text:
                self._text(text)
            return
        # Code keeps its lines and its spaces ("id      int not null"). Rich text would
        # collapse both: lines become <br>, a leading space or a run's further ones &nbsp;
        # (its first stays a space, where a long line may wrap). Plain text trims its lines
        # (_lines): code's spaces go through it as _CODE_SPACE.
        data = data.expandtabs()
        self.plain.append(data.replace(" ", _CODE_SPACE))
        self.rich.append("<br>".join(_CODE_SPACES.sub("&nbsp;", html.escape(line, quote=False))
                                     for line in data.split("\n")))

    def _text(self, text: str) -> None:
        if text.strip():
            if self.cell_gap:
                self.cell_gap = False
                self._cell_separator()
                text = text.lstrip()
            self.row_text = True
        self.plain.append(text)
        self.rich.append(html.escape(text, quote=False))

    def _cell_separator(self) -> None:
        """" · " between a row's cells, before the tags the next cell's text opened with."""
        separator = "· " if self.plain and self.plain[-1][-1:].isspace() else " · "
        self.plain.append(separator)
        at = len(self.rich)
        while at and self.rich[at - 1] in ("<b>", "<i>", "<code>"):
            at -= 1
        self.rich.insert(at, separator)

    def _last_text_is(self, href: str) -> bool:
        shown = "".join(self.plain[-3:]).strip()
        return shown.endswith(href) or shown.endswith(href.removeprefix("mailto:"))

    def _open(self, tag: str) -> None:
        self.inline.append(tag)
        self.rich.append(f"<{tag}>")

    def _close(self, tag: str) -> None:
        while self.inline:  # close what was opened after it too (<b><i></b>)
            open_tag = self.inline.pop()
            self.rich.append(f"</{open_tag}>")
            if open_tag == tag:
                break


def without_partial_tag(text: str) -> str:
    """``text`` without a tag cut off at its end (a card's prefix of an abstract)."""
    return _PARTIAL_TAG_AT_END.sub("", text)


def _walk(text: str, prose: Callable[[str], str] | None = None) -> _Walk:
    walk = _Walk(prose)
    walk.feed(without_partial_tag(text))
    walk.close()
    walk._break_block()
    return walk


def _lines(text: str) -> list[str]:
    """Paragraphs split on blank lines, each trimmed; lines inside kept."""
    paragraphs = re.split(r"\n\s*\n", text)
    out = []
    for paragraph in paragraphs:
        lines = [line.strip() for line in paragraph.split("\n")]
        kept = "\n".join(line for line in lines if line)
        if kept:
            out.append(kept)
    return out


def html_plain(text: str, prose: Callable[[str], str] | None = None) -> str:
    """The text of ``text``: paragraphs apart by a blank line, list items as "• " lines;
    ``prose`` is applied to the text outside code."""
    return "\n\n".join(_lines("".join(_walk(text, prose).plain))).replace(_CODE_SPACE, " ")


def html_rich(text: str, prose: Callable[[str], str] | None = None) -> str:
    """``text`` rebuilt as our own HTML: <p> paragraphs, <br>, bullets, <b>, <i>, <code>;
    ``prose`` is applied to the text outside code."""
    out = []
    rich = re.sub(r"(?:<br>)+(?=</code>)", "", "".join(_walk(text, prose).rich))  # code's last newline
    for paragraph in re.split(r"\n\s*\n", rich):
        body = re.sub(r"^(?:\s|<br>)+|(?:\s|<br>)+$", "", paragraph)
        if re.sub(r"<[^>]*>", "", body).strip():
            out.append(f"<p>{body}</p>")
    return "".join(out)
