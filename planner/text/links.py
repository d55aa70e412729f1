"""Web and mail addresses in the detail pane's text, made into links an attendee can follow.

Abstracts name their code, slides and contact addresses ("Code: https://github.com/...");
links written in HTML or Markdown are already shown as their text followed by the
address (planner.text.html). This runs last, over the pane's own HTML, and links the
addresses as they are shown: what a link opens is always what its text says, so a
schedule cannot dress one address up as another. Only web and mail addresses become
links, and the pane opens them in the attendee's browser or mail program only when
clicked (planner.ui.widgets.detail).

The links a schedule gives a talk (slides, recordings, feedback: domain.Link) are shown
by their titles, as ConfClerk and Confy show them; each is followed by where it leads
(its host, or mail address), and a title that is itself an address is only shown when it
is that link's, so a schedule still cannot dress one address up as another.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

# Our HTML is tags and escaped text: an address is looked for between tags only.
_TAG = re.compile(r"(<[^>]*>)")
# An address runs to whitespace, a tag, a quote or an escaped character other than "&"
# (&amp;): the text was escaped with or without quotes (&quot; &#x27;), and &lt; &gt;.
_ADDRESS = re.compile(
    r"\b(?:https?://|mailto:)(?:[^\s<>\"'&]|&amp;)+"
    r"|\b[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b",
    re.IGNORECASE,
)
# Prose around an address: "(see https://example.org)." ends the address before ")."
_TRAILING = ".,;:!?'\""


def linked(rich: str) -> str:
    """``rich`` (our own escaped HTML) with every web and mail address in its text as a link."""
    if "://" not in rich and "@" not in rich and "mailto:" not in rich:
        return rich
    pieces = _TAG.split(rich)
    inside_link = False
    for i, piece in enumerate(pieces):
        if i % 2:  # a tag
            lowered = piece.lower()
            if lowered.startswith("<a ") or lowered == "<a>":
                inside_link = True
            elif lowered == "</a>":
                inside_link = False
            continue
        if not inside_link:
            pieces[i] = _ADDRESS.sub(_anchor, piece)
    return "".join(pieces)


def _anchor(match: re.Match[str]) -> str:
    shown, rest = match.group(), ""
    while shown and (shown[-1] in _TRAILING or (shown[-1] == ")" and shown.count("(") < shown.count(")"))):
        shown, rest = shown[:-1], shown[-1] + rest
    if shown.endswith("&amp"):  # "…&amp;" lost its ";" as trailing punctuation
        shown, rest = shown[:-4], shown[-4:] + rest
    address = html.unescape(shown)
    if "://" not in address and not address.lower().startswith("mailto:"):
        address = "mailto:" + address
    if address.lower() in ("http://", "https://", "mailto:") or address.endswith("://"):
        return match.group()
    return f'<a href="{html.escape(address, quote=True)}">{shown}</a>{rest}'


def opens_outside(address: str) -> bool:
    """Whether a link's address may be handed to the browser or mail program."""
    return address.lower().startswith(("http://", "https://", "mailto:"))


def titled_link(url: str, title: str = "") -> str:
    """One of a talk's links as our HTML: its title (or address) as a link to it, then
    where it leads ("Slides · fosdem.org"). An address that does not open outside
    (javascript:, file:, a relative path) is shown as text, with no link."""
    address = url.strip()
    shown = " ".join(title.split()) or address
    if not opens_outside(address):
        rest = "" if shown == address else f" ({html.escape(address)})"
        return html.escape(shown) + rest
    where = _destination(address)
    if shown != address and _ADDRESS.search(shown) and not _same_place(shown, address):
        shown = address  # a title that names another address: show the real one
    anchor = f'<a href="{html.escape(address, quote=True)}">{html.escape(shown)}</a>'
    if shown == address or _same_place(shown, where):
        return anchor
    return f"{anchor} · {html.escape(where)}"


def _destination(address: str) -> str:
    """Where a web or mail address leads, as an attendee judges it: the host, or the mailbox."""
    if address.lower().startswith("mailto:"):
        return address[len("mailto:"):].partition("?")[0] or address
    try:
        host = urlsplit(address).hostname
    except ValueError:  # a malformed port or IPv6 literal
        host = None
    return host or address


def _same_place(title: str, address: str) -> bool:
    """Whether a title just spells the address (or host) it links to: "fosdem.org/" for
    https://fosdem.org."""

    def bare(text: str) -> str:
        text = text.strip().casefold()
        for prefix in ("https://", "http://", "mailto:", "www."):
            text = text.removeprefix(prefix)
        return text.rstrip("/")

    return bare(title) == bare(address)
