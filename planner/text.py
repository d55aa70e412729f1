"""Schedule text made readable: LaTeX markup to Unicode (plain) or to safe rich text.

Text published as HTML (FOSDEM's abstracts) goes to planner.htmltext instead, and text
written in Markdown (pretalx's, frab's) through planner.markdowntext to it.

Raw text stays in the library; this runs at display and export time. pylatexenc does
the LaTeX work because its macro and symbol tables (Greek letters, accents, \\ell ...)
are far more complete than anything we would maintain. Text without LaTeX special
characters skips it entirely, which keeps long lists fast.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

from planner.domain.model import Event, Kind
from planner.markdowntext import is_markdown, markdown_html

_LATEX_HINT = re.compile(r"[\\$~{}]")
_UNESCAPED_SPECIAL = re.compile(r"(?<!\\)([%&#])")
_UNESCAPED_DOLLAR = re.compile(r"(?<!\\)\$")
# Inline math as pandoc reads it: the opening $ is followed and the closing $ preceded by
# a non-space, and no digit follows the closing $; so "$5 and $10" stays money.
_INLINE_MATH = re.compile(
    r"(?<!\\)\$\$.+?(?<!\\)\$\$"  # $$display$$
    r"|(?<!\\)\$(?=[^\s$])(?:[^$\\]|\\.)*?(?<![\s\\])\$(?!\d)",  # $inline$
    re.DOTALL,
)
# TeX's text ligatures: LaTeX authors type ``quotes'', `quotes' and dashes as -- and ---
# (170 lines of the 10,000-event corpus file do), and pylatexenc converts them only inside
# the pieces it is handed (_LATEX_PIECE), so they were shown as typed. Each rule is kept
# to what only TeX means by it: "--help" and 5'' stay as they are.
_DOUBLE_QUOTED = re.compile(r"``(?=\S)([^\n]+?)(?<=\S)''")
# `word' with apostrophes inside (`don't'); the closing ' is not followed by a letter.
_SINGLE_QUOTED = re.compile(r"`(?=[^\s`'])([^`'\n]*(?:'[A-Za-z][^`'\n]*)*)'(?![A-Za-z])")
_EM_DASH = re.compile(r"(?<!-)---(?!-)")
# After a word or a closing bracket (10--20, fast--and) or spaced out (a -- b); never an
# option, which follows a space, a quote or an opening bracket ("--help", (--force)).
_EN_DASH = re.compile(r"(?<=[\w)\]])--(?!-)|(?<=\s)--(?=\s)")
_ITALIC_MACROS = {"textit", "emph", "textsl", "mathit"}
_BOLD_MACROS = {"textbf", "mathbf"}
_ITALIC_SWITCHES = {"it", "em", "sl", "itshape"}
_BOLD_SWITCHES = {"bf", "bfseries"}


def _prepare(text: str) -> str:
    """Make web-published text safe for a LaTeX parser without losing any of it.

    A bare ``%`` starts a LaTeX comment (and would swallow the rest of the line), a bare
    ``&`` or ``#`` would vanish as alignment or parameter markers, and a
    ``$`` that does not delimit math (see _INLINE_MATH) is money.
    """
    text = _UNESCAPED_SPECIAL.sub(r"\\\1", text)
    out: list[str] = []
    position = 0
    for math in _INLINE_MATH.finditer(text):
        out.append(_UNESCAPED_DOLLAR.sub(r"\\$", text[position : math.start()]))
        out.append(math.group())
        position = math.end()
    out.append(_UNESCAPED_DOLLAR.sub(r"\\$", text[position:]))
    return "".join(out)


@lru_cache(maxsize=1)
def _converter():  # type: ignore[no-untyped-def]
    from pylatexenc.latex2text import LatexNodes2Text

    return LatexNodes2Text(math_mode="text", strict_latex_spaces=False)


@lru_cache(maxsize=1)
def _latex_context():  # type: ignore[no-untyped-def]
    """The parser's default macro database, built once: each LatexWalker would build its
    own (about 0.2 ms, most of readable()'s cost per piece). It is read-only by design."""
    from pylatexenc.latexwalker import get_default_latex_context_db

    return get_default_latex_context_db()


# The pieces of prepared text that mean something to LaTeX; everything between them is
# plain text and is kept as it is. Converting only these pieces (rather than whole
# abstracts) makes pylatexenc's work proportional to the markup, not the text: an export
# of 1,000 abstracts went from 1.2 s of LaTeX conversion to a few tens of milliseconds.
_LATEX_PIECE = re.compile(
    _INLINE_MATH.pattern
    + r"|\{(?:[^{}]|\{[^{}]*\})*\}"  # a group, one level of nesting inside
    + r"|\\[A-Za-z]+\*?(?:\s*\[[^\]]*\])?(?:\s*\{(?:[^{}]|\{[^{}]*\})*\})*"  # \cmd[opt]{arg}
    + r"|\\[^A-Za-z](?:\{[^{}]*\}|[A-Za-z])?"  # \% \& \'e \"{o}
    + r"|[~{}]",
    re.DOTALL,
)


def ligatures(text: str) -> str:
    """TeX's text ligatures as the characters they print: ``a'' and `b' -> “a” and ‘b’,
    10--20 -> 10–20, and---so -> and—so."""
    if "`" not in text and "--" not in text:  # a substring test: 10x a regex's speed
        return text
    text = _DOUBLE_QUOTED.sub("\u201c\\1\u201d", text).replace("``", "\u201c")
    text = _SINGLE_QUOTED.sub("\u2018\\1\u2019", text)
    return _EN_DASH.sub("\u2013", _EM_DASH.sub("\u2014", text))


def readable_abstract(text: str) -> str:
    """An abstract as plain text: HTML and Markdown read as such, else as readable() does.

    Only abstracts are taken as HTML or Markdown: every format publishes titles, names
    and rooms as plain text, where "1. Introduction" or "**" mean what they say.
    """
    written_in = _written_in(text)
    if not written_in:
        return readable(text)
    from planner.htmltext import html_plain

    return html_plain(_as_html(text, written_in))


def _written_in(text: str) -> str:
    """What an abstract is written in: "html", "markdown", or "" for LaTeX and plain text.

    planner.htmltext (and the standard library's HTML parser) is imported with the first
    abstract that needs it, not with every start.
    """
    if not text:
        return ""
    if "<" in text:
        from planner.htmltext import is_html

        if is_html(text):
            return "html"
    return "markdown" if is_markdown(text) else ""


def _as_html(text: str, written_in: str) -> str:
    """An HTML or Markdown abstract as HTML, for planner.htmltext to read."""
    if written_in == "html":
        return text
    return markdown_html(text, prose=ligatures)  # LaTeX authors write Markdown too


def readable(text: str) -> str:
    """Plain Unicode text for calendar files, lists and tooltips: ``76.8\\%`` -> ``76.8%``."""
    if not text:
        return text
    text = ligatures(text)
    if not _LATEX_HINT.search(text):
        return text
    prepared = _prepare(text)
    try:
        out = _LATEX_PIECE.sub(
            lambda m: _converter().latex_to_text(m.group(), latex_context=_latex_context()), prepared
        )
    except Exception:  # pylatexenc is tolerant, but schedule text is untrusted input
        return text
    return out.replace("\xa0", " ")


def event_summary(event: Event) -> str:
    """One-line readable name: "Oral 1: Is normalization ...", "Break", "Q&A: Joint Q&A ..."."""
    title = readable(event.title).strip()
    if not title:
        return event.heading if event.number is not None else "Untitled slot"
    if title.casefold() == event.kind.label.casefold():
        return title
    if event.kind is Kind.OTHER and event.number is None:
        return title  # "Other: Hack the CH32V003" says nothing the title does not
    return f"{event.heading}: {title}"


def readable_html(text: str) -> str:
    """An abstract as rich text: HTML-escaped, with LaTeX emphasis as <i>/<b>.

    In LaTeX or plain text every character reaches the output either escaped or converted
    by the LaTeX walker, so a ``<img src=...>`` shows as those characters; an abstract
    written in HTML or Markdown is rebuilt from our own few tags (planner.htmltext).
    """
    if not text:
        return ""
    written_in = _written_in(text)
    if written_in:
        from planner.htmltext import html_rich

        return html_rich(_as_html(text, written_in))
    text = ligatures(text)
    if not _LATEX_HINT.search(text):
        return _paragraphs(html.escape(text))
    try:
        from pylatexenc.latexwalker import LatexWalker

        nodes, _, _ = LatexWalker(_prepare(text), latex_context=_latex_context(), tolerant_parsing=True).get_latex_nodes()
        body = _nodes_html(nodes)
    except Exception:
        body = html.escape(readable(text))
    return _paragraphs(body)


def _paragraphs(body: str) -> str:
    parts = [p.strip() for p in re.split(r"\n\s*\n", body) if p.strip()]
    return "".join(f"<p>{p}</p>" for p in parts)


def _nodes_html(nodes) -> str:  # type: ignore[no-untyped-def]
    from pylatexenc.latexwalker import (
        LatexCharsNode,
        LatexCommentNode,
        LatexGroupNode,
        LatexMacroNode,
        LatexMathNode,
    )

    out: list[str] = []
    for index, node in enumerate(nodes or ()):
        if isinstance(node, LatexCharsNode):
            out.append(html.escape(node.chars))
        elif isinstance(node, LatexCommentNode):
            continue
        elif isinstance(node, LatexGroupNode):
            out.append(_nodes_html(node.nodelist))
        elif isinstance(node, LatexMathNode):
            out.append("<i>" + html.escape(_converter().nodelist_to_text([node]).strip()) + "</i>")
        elif isinstance(node, LatexMacroNode) and node.macroname in _ITALIC_MACROS | _BOLD_MACROS:
            tag = "i" if node.macroname in _ITALIC_MACROS else "b"
            args = node.nodeargd.argnlist if node.nodeargd else []
            inner = "".join(_nodes_html([a]) for a in args if a is not None)
            out.append(f"<{tag}>{inner}</{tag}>")
        elif isinstance(node, LatexMacroNode) and node.macroname in _ITALIC_SWITCHES | _BOLD_SWITCHES:
            # ``{\it text}``: the switch applies to the rest of the enclosing group.
            tag = "i" if node.macroname in _ITALIC_SWITCHES else "b"
            rest = _nodes_html(nodes[index + 1 :])
            out.append(f"<{tag}>{rest.lstrip()}</{tag}>")
            break
        else:
            out.append(html.escape(_converter().nodelist_to_text([node]).replace("\xa0", " ")))
    return "".join(out)
