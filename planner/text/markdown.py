"""Schedule text written in Markdown (pretalx and frab: 38C3, rC3, camps), made readable.

pretalx and frab take abstracts in Markdown, and their exports (frab XML and JSON)
pass it on as typed: of 38C3's 1,007 abstracts, 138 hold [links](https://...), 90
lists and 69 **bold** words, and some write inline HTML (<a href=...>, <strong>), which
Markdown allows (camp 2019: 9 of 79 abstracts). markdown-it-py reads it as CommonMark
(a specification, with its many corner cases, that we would not want to reimplement);
its HTML, the text's own inline HTML included, then goes through planner.text.html,
which rebuilds it from our own few tags: none of the text's markup reaches Qt.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from planner.domain.model import Markup

# Only what nothing but Markdown writes: a [link](address), **strong** or __strong__
# text, a list or heading line, a fenced code block. Single * and _ are too common in
# plain text and LaTeX ($x_1$, A* search) to count. Every abstract of a calendar export
# is asked, so each pattern runs only where a substring test says it can match (one
# pattern with all of them was 36 ms for 1,000 abstracts, most of the export's increase).
_LINK = re.compile(r"\[[^\]\n]+\]\((?:https?://|mailto:)[^)\s]*\)")
_STRONG = re.compile(r"(?:\*\*|__)(?=\S)[^\n]+?(?<=\S)(?:\*\*|__)")
_LINE = re.compile(r"^(?:[ \t]{0,3}(?:[-*+]|\d{1,3}[.)])[ \t]+\S|#{1,6}[ \t]+\S|```)", re.MULTILINE)
_LINE_STARTS = ("-", "*", "+", "#", "`", " ", "\t", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9")
# The same characters after a line break: one scan of the text, where a substring test
# for each (17 of them, for every abstract of an export) took 21 ms per 1,000 abstracts.
_LATER_LINE_START = re.compile(r"\n[-*+#`\t 0-9]")
# What else Markdown writes, counted only where the format says the text is Markdown
# (Markup.MARKDOWN), which is read generously: a link of any address and with a title
# (DebConf 23: [https://wiki...](https://wiki... "https://wiki...")), an <autolink>, an
# entity (38C3: "&hellip;", "Tom &amp; Jerry"), and an indented line, a list's or any
# (38C3's XML indents every line of a description by 20 spaces, which only Markdown drops).
_GENEROUS = re.compile(
    r"\[[^\]\n]+\]\([^)\n]*\)"
    r"|<(?:https?://|mailto:)[^<>\s]+>|<[\w.+-]+@[\w-]+(?:\.[\w-]+)+>"
    r"|&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
    r"|^[ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]+\S"
    r"|\n[ \t]+\S",
    re.MULTILINE,
)
# Inline HTML in text that is otherwise plain or Markdown: a closed inline element or a
# link's start. (Text built of HTML blocks, FOSDEM's, is planner.text.html's alone; a
# lone "<br>" or "<b>" may be a tag named in prose, so it takes a closing tag.)
_INLINE_HTML = re.compile(
    r"</(?:a|b|strong|i|em|u|code|tt|span|sup|sub|s|del|br"
    r"|small|big|mark|abbr|cite|q|ins|kbd|var|samp|font)\s*>"  # rC3: "<small>English version below</small>"
    r"|<a\s[^<>]*href=",
    re.IGNORECASE,
)
# Code, where TeX's quotes and dashes mean nothing: a ``` fence or a `span` (one backtick
# each side; ``this'' is a TeX quote).
_CODE = re.compile(r"^```.*?^```[ \t]*$|(?<!`)`[^`\n]+`(?!`)", re.MULTILINE | re.DOTALL)
# What Markdown shares with plain text, taken as Markdown only where the format says the
# text is Markdown (Markup.MARKDOWN: frab, pretalx): *emphasis*, _emphasis_ and `code`
# (38C3: "*Trommelwirbel*", "*CN:*"), and a backslash escaping punctuation ("Spieler\*innen"
# shows as Spieler*innen). Elsewhere a lone * is a footnote mark or "A* search".
# markdown-it decides what really is emphasis; this only says it may be.
_EMPHASIS = re.compile(
    r"(?<![\w*\\])\*(?=[^\s*])[^*\n]*(?<=[^\s*\\])\*(?![\w*])"
    r"|(?<![\w\\])_(?=[^\s_])[^_\n]*(?<=[^\s_\\])_(?!\w)"
    r"|`[^`\n]+`"
    r"|\\[!-/:-@\[-`{-~]"
)
# In LaTeX text, LaTeX keeps its own path (planner.text.readable): inline math or a command.
_LATEX = re.compile(r"(?<!\\)\$[^$\s][^$]*\$|\\[A-Za-z]{2,}")


def is_markdown(text: str, markup: Markup = Markup.TEXT) -> bool:
    """Whether ``text`` is Markdown, or plain text with inline HTML (which Markdown is too).

    Text that is not LaTeX may hold a $x^2$ or a C:\\Users and still be Markdown. Text
    its format publishes as Markdown (Markup.MARKDOWN) is Markdown by its lone *emphasis*
    and `code` too.
    """
    marked = (("](" in text and _LINK.search(text) is not None)
              or ("<" in text and _INLINE_HTML.search(text) is not None)
              or (("**" in text or "__" in text) and _STRONG.search(text) is not None)
              or (_starts_a_line(text) and _LINE.search(text) is not None)
              or (markup is Markup.MARKDOWN and ("*" in text or "_" in text or "`" in text or "\\" in text)
                  and _EMPHASIS.search(text) is not None)
              or (markup is Markup.MARKDOWN and _GENEROUS.search(text) is not None))
    return marked and (markup is not Markup.LATEX or not _LATEX.search(text))


def _starts_a_line(text: str) -> bool:
    """Whether a list, heading or fence could start one of ``text``'s lines."""
    return text.startswith(_LINE_STARTS) or _LATER_LINE_START.search(text) is not None


@lru_cache(maxsize=2)
def _parser(line_breaks: bool = False) -> Any:  # markdown-it-py's MarkdownIt
    from markdown_it import MarkdownIt  # ~30 ms, paid with the first Markdown abstract, not every start

    # The text's inline HTML is passed on, to planner.text.html, which keeps only our own
    # tags. Without indented code blocks: exports indent whole paragraphs as their XML is
    # indented (38C3's descriptions start 20 spaces in), which would show them as code;
    # ``` fences still are. ``line_breaks``: every line break a <br>, not CommonMark's space.
    return MarkdownIt("commonmark", {"html": True, "breaks": line_breaks}).disable("code")


def markdown_html(text: str, prose: Callable[[str], str] | None = None, *, line_breaks: bool = False) -> str:
    """``text`` as HTML, for planner.text.html to make readable; ``prose`` is applied to
    the text outside code first (TeX's quotes and dashes, which may span a tag), and with
    ``line_breaks`` each line break stays one."""
    from planner.text.html import without_partial_tag  # what reads markdown-it's HTML next

    if prose is not None:
        pieces, at = [], 0
        for code in _CODE.finditer(text):
            pieces += [prose(text[at:code.start()]), code.group()]
            at = code.end()
        text = "".join([*pieces, prose(text[at:])])
    # After prose, whose math may end in a "<" ("$x<y$"), and before markdown-it, which
    # would keep a cut-off tag as text.
    text = without_partial_tag(without_export_indent(text))
    return str(_parser(line_breaks).render(text))


# A list item's marker with the spaces after it.
_ITEM = re.compile(r"(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)")


def without_export_indent(text: str) -> str:
    """``text`` without the indentation its export added to every line but a field's first.

    38C3's XML indents each line of a description by 20 spaces, except the first, which
    follows the tag (and the reader joins abstract and description, each stripped). As
    written, CommonMark reads the indented "* item" lines as the text of a paragraph
    ("… backst. * Wir haben …"). A field starts at the text's first line or at an
    unindented line after a blank one; the lines after it lose what they have in common
    (as textwrap.dedent), when that is more than an author indents: 4 spaces under a
    paragraph (CommonMark would take them for code), more than a nested list's under a
    list item ("- a" then "    - b" is the author's nesting and kept).
    """
    if "\n " not in text and "\n\t" not in text:  # a substring test: most text has no indented line
        return text
    lines = text.split("\n")
    starts = [0] + [i for i in range(1, len(lines))
                    if lines[i].strip() and not lines[i][:1].isspace() and not lines[i - 1].strip()]
    for start, end in zip(starts, [*starts[1:], len(lines)], strict=True):
        later = [line for line in lines[start + 1:end] if line.strip()]
        if not later:
            continue
        common = os.path.commonprefix([line[:len(line) - len(line.lstrip(" \t"))] for line in later])
        item = _ITEM.match(lines[start])
        if len(common.expandtabs(4)) < (item.end() + 4 if item else 4):
            continue
        for i in range(start + 1, end):
            lines[i] = lines[i].removeprefix(common) if lines[i].strip() else ""
    return "\n".join(lines)
