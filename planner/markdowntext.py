"""Schedule text written in Markdown (pretalx and frab: 38C3, rC3, camps), made readable.

pretalx and frab take abstracts in Markdown, and their exports (frab XML and JSON)
pass it on as typed: of 38C3's 1,007 abstracts, 138 hold [links](https://...), 90
lists and 69 **bold** words. markdown-it-py reads it as CommonMark (a specification,
with its many corner cases, that we would not want to reimplement) with raw HTML
turned off, so markup in the text stays text; planner.htmltext then makes the HTML it
writes into plain text or our own rich text, as for abstracts published in HTML.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Only what nothing but Markdown writes: a [link](address), **strong** or __strong__
# text, a list or heading line, a fenced code block. Single * and _ are too common in
# plain text and LaTeX ($x_1$, A* search) to count. Every abstract of a calendar export
# is asked, so each pattern runs only where a substring test says it can match (one
# pattern with all of them was 36 ms for 1,000 abstracts, most of the export's increase).
_LINK = re.compile(r"\[[^\]\n]+\]\((?:https?://|mailto:)[^)\s]*\)")
_STRONG = re.compile(r"(?:\*\*|__)(?=\S)[^\n]+?(?<=\S)(?:\*\*|__)")
_LINE = re.compile(r"^(?:[ \t]{0,3}(?:[-*+]|\d{1,3}[.)])[ \t]+\S|#{1,6}[ \t]+\S|```)", re.MULTILINE)
_LINE_STARTS = ("-", "*", "+", "#", "`", " ", "\t", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9")
# LaTeX keeps its own path (planner.text): inline math or a command.
_LATEX = re.compile(r"(?<!\\)\$[^$\s][^$]*\$|\\[A-Za-z]{2,}")


def is_markdown(text: str) -> bool:
    marked = (("](" in text and _LINK.search(text) is not None)
              or (("**" in text or "__" in text) and _STRONG.search(text) is not None)
              or (_starts_a_line(text) and _LINE.search(text) is not None))
    return marked and not _LATEX.search(text)


def _starts_a_line(text: str) -> bool:
    """Whether a list, heading or fence could start one of ``text``'s lines."""
    return text.startswith(_LINE_STARTS) or any(f"\n{c}" in text for c in _LINE_STARTS)


@lru_cache(maxsize=1)
def _parser():  # type: ignore[no-untyped-def]
    from markdown_it import MarkdownIt

    # "commonmark" with html off: <b> in an abstract is escaped, never passed on. Without
    # indented code blocks: exports indent whole paragraphs as their XML is indented (38C3's
    # descriptions start 20 spaces in), which would show them as code; ``` fences still are.
    return MarkdownIt("commonmark", {"html": False}).disable("code")


def markdown_html(text: str) -> str:
    """``text`` as HTML, for planner.htmltext to make readable."""
    return str(_parser().render(text))
