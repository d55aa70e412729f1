"""Schedule text made readable: LaTeX markup to Unicode (plain) or to safe rich text.

Each function is told what the text is written in (Markup, which the reader knows) and
never guesses: only LATEX text (session pages) goes through the LaTeX converter. Every
other text is shown exactly as written, "{fmt}", "~/.cache" and "C:\\Users" included,
except for clear inline math (``$x^2$``, ``$\\alpha$``), which any format may hold.
Abstracts published as HTML (FOSDEM's) go to planner.text.html instead, and those written
in Markdown (pretalx's, frab's) through planner.text.markdown to it.

Raw text stays in the library; this runs at display and export time. pylatexenc does
the LaTeX work because its macro and symbol tables (Greek letters, accents, \\ell ...)
are far more complete than anything we would maintain. Text without LaTeX special
characters skips it entirely, which keeps long lists fast.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from planner.domain.model import Event, Kind, Markup
from planner.text import latex_pieces
from planner.text.markdown import is_markdown, markdown_html

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
# Clear inline math in text that is not LaTeX: a $...$ (or $$...$$) pair on one line,
# bounded as _INLINE_MATH bounds it, and whose content looks like math (_is_math): "$HOME/$"
# or "$5 and $10" are not. Nothing else of such text means anything to LaTeX.
_TEXT_MATH = re.compile(r"(?<![\\$])(\$\$?)(?=[^\s$])([^$\n]+?)(?<![\s\\])\1(?![\d$])")
_MATH_COMMAND = re.compile(r"\\[A-Za-z]")
_MATH_CHARACTERS = re.compile(r"[A-Za-z0-9 +\-*/=<>()\[\].,;:'|!^_{}]+")
_MATH_SHAPE = re.compile(  # the whole content, matched with fullmatch
    r"[A-Za-z]'*"  # a variable: $x$, $k$-means, $f'$
    r"|.*(?:[A-Za-z0-9)}][\^_](?:\{[^{}]*\}|[A-Za-z0-9+\-](?![A-Za-z0-9]))"  # x^2, x_{ij}; not FOO_BAR
    r"|[\w)]\s*[=<>+]\s*[\w(]"  # an operation: a+b, n = 10, x<y
    r"|(?<![A-Za-z])[A-Za-z]\()"  # a function of something: O(n), f(x)
    r".*"
)
# Each of these may be backslash-escaped in CommonMark, which then shows it as itself.
_MARKDOWN_PUNCTUATION = re.compile(r"[!-/:-@\[-`{-~]")
_ITALIC_MACROS = {"textit", "emph", "textsl", "mathit"}
_BOLD_MACROS = {"textbf", "mathbf"}
_CODE_MACROS = {"texttt"}
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


# How pylatexenc turns LaTeX into text; part of what names the converted pieces kept
# between runs (planner.text.latex_pieces), so a change here converts them all anew.
_CONVERTER_OPTIONS = {"math_mode": "text", "strict_latex_spaces": False}
# What we tell pylatexenc beyond its own tables. Its text rules drop any macro they do not
# list, arguments and all: "Averaging (\texttt{FedAvg})" became "Averaging ()", a title
# lost a word. These tables are data so that _converter_identity names them: a change to
# them, or to the rules in _latex_rules, must bump _RULES_REVISION, and the pieces kept on
# disk are then converted anew.
_RULES_REVISION = 1
# Commands that take arguments, which pylatexenc's parser does not know: parsed without
# them, their argument was left to the text after (\href) or a stray group ("mathds" "1").
_MACRO_ARGUMENTS = {"href": "[{{", "mathds": "{", "mathbbm": "{", "bm": "{", "operatorname": "*{",
                    "textsuperscript": "{", "textsubscript": "{", "textnormal": "{", "makebox": "[[{",
                    "fbox": "{", "hbox": "{", "uppercase": "{", "lowercase": "{", "MakeUppercase": "{",
                    "MakeLowercase": "{", "textls": "[{", "textcircled": "{"}
# Commands whose arguments print nothing a reader of an abstract wants; every other
# command that pylatexenc has no rule for keeps its arguments' text (\texttt, \textsf,
# \mbox, an author's own \name{arg}).
_SILENT_WITH_ARGUMENTS = frozenset(
    "label color pagecolor definecolor colorlet providecolor rowcolors hypersetup usepackage RequirePackage "
    "documentclass newcommand renewcommand providecommand newenvironment renewenvironment provideenvironment "
    "DeclareMathOperator setlength addlength setcounter addcounter selectlanguage bibliography defcitealias "
    "hphantom vphantom phantom nocite bibliographystyle".split())
# Commands without arguments that only set the type or the layout. Any other one that
# pylatexenc does not know is shown by its name: abstracts use their authors' own macros
# for names ("GLUE, RACE, and \\squad benchmarks"), and "squad" beats a missing word.
_SILENT_ALONE = frozenset(
    "it em bf sl sc tt rm sf up md normalfont selectfont upshape itshape bfseries mdseries rmfamily sffamily "
    "ttfamily scshape slshape small footnotesize scriptsize tiny large Large LARGE huge Huge normalsize "
    "centering noindent raggedright raggedleft par newline linebreak pagebreak newpage clearpage smallskip "
    "medskip bigskip relax protect xspace null nobreak allowbreak displaystyle textstyle scriptstyle "
    "scriptscriptstyle left right middle big Big bigg Bigg bigl bigr Bigl Bigr biggl biggr Biggl Biggr "
    "limits nolimits cr hline nonumber notag vfill hfill unskip ignorespaces".split())
_NAMED = {"LaTeX": "LaTeX", "TeX": "TeX", "LaTeXe": "LaTeX2e", "S": "\u00a7", "P": "\u00b6", "ddag": "\u2021",
          "copyright": "\u00a9", "eg": "e.g.", "ie": "i.e.", "etal": "et al.", "wrt": "w.r.t.", "etc": "etc."}
# Citations and cross-references show their keys in brackets, "RESCAL [nickel2011three]":
# the key usually names the first author and the year, which is what a reader of an
# abstract can follow up; pylatexenc's "<cit.>" reads as a glitch and says nothing, and
# an empty string leaves "as shown by , we" mid-sentence.
_CITATIONS = frozenset(
    "cite citet citep citealt citealp citeauthor citefullauthor citeyear citeyearpar citenum citetext "
    "citetalias citepalias Citet Citep Citealt Citealp Citeauthor parencite textcite autocite footcite "
    "ref autoref cref Cref nameref pageref vref".split())


def _latex_rules() -> tuple[Any, Any]:
    """The parser's and the text converter's macro databases: pylatexenc's, with ours first."""
    from pylatexenc import latex2text, latexwalker, macrospec  # lazy: only for LaTeX

    walker = latexwalker.get_default_latex_context_db()
    specs = [macrospec.std_macro(name, args) for name, args in _MACRO_ARGUMENTS.items()]
    walker.add_context_category("planner", macros=specs, prepend=True)
    to_text = latex2text.get_default_latex_context_db()
    specs = [latex2text.MacroTextSpec(name, simplify_repl=_citation) for name in _CITATIONS]
    specs += [latex2text.MacroTextSpec("href", simplify_repl=_href), latex2text.MacroTextSpec("eqref", simplify_repl=_equation)]
    specs += [latex2text.MacroTextSpec(name, simplify_repl=text) for name, text in _NAMED.items()]
    specs += [latex2text.MacroTextSpec(name, discard=True) for name in _SILENT_WITH_ARGUMENTS | _SILENT_ALONE]
    to_text.add_context_category("planner", macros=specs, environments=[], specials=[], prepend=True)
    to_text.set_unknown_macro_spec(latex2text.MacroTextSpec("", simplify_repl=_unknown_macro))
    return walker, to_text


def _unknown_macro(node: Any, l2tobj: Any) -> str:
    """A command pylatexenc has no rule for: its arguments' text, else its name (see above)."""
    if node.macroname in _SILENT_ALONE:
        return ""
    arguments = [a for a in (node.nodeargd.argnlist if node.nodeargd else ()) if _shown_argument(a)]
    if arguments:
        return "".join(str(l2tobj.nodelist_to_text([a])) for a in arguments)
    if node.nodeargd and node.nodeargd.argnlist:
        return ""
    after = node.parsing_state.s[node.pos + node.len :] if node.parsing_state is not None else ""
    if after.startswith("{") and not after.startswith("{}"):
        return ""  # an author's \\name{text}, which the parser does not know takes an argument: the text follows
    return str(node.macroname)


def _shown_argument(node: Any) -> bool:
    """Whether an argument is text: a {group} or a lone token, not an [option] or a star."""
    if node is None:
        return False
    delimiters = getattr(node, "delimiters", None)
    if delimiters is not None:
        return bool(delimiters[0] == "{")
    return getattr(node, "chars", None) != "*"


def _group_node() -> Any:
    from pylatexenc.latexwalker import LatexGroupNode  # lazy: only for LaTeX

    return LatexGroupNode


def _citation(node: Any, l2tobj: Any) -> str:
    r"""\citep[see][p. 5]{a,b} -> "[see a, b, p. 5]"; \ref{x} -> "[x]" (see _CITATIONS)."""
    arguments = node.nodeargd.argnlist if node.nodeargd else []
    keys = arguments[-1] if arguments else None
    if keys is None:
        return ""
    notes = [l2tobj.nodelist_to_text([a]).strip() for a in arguments[:-1] if a is not None and a.isNodeType(_group_node())]
    notes = [n for n in notes if n]
    shown = ", ".join(k.strip() for k in _verbatim(keys).split(",") if k.strip())
    if len(notes) == 2:
        shown = f"{notes[0]} {shown}, {notes[1]}"
    elif notes:
        shown = f"{shown}, {notes[0]}"
    return f"[{shown}]"


def _equation(node: Any, l2tobj: Any) -> str:
    """\\eqref{x} -> "(x)", as LaTeX prints an equation's number in parentheses."""
    return "(" + _citation(node, l2tobj)[1:-1] + ")"


def _href(node: Any, l2tobj: Any) -> str:
    """\\href{url}{text} -> "text (url)", as planner.text.html shows an HTML link; the rich
    pane then makes the address a link (planner.text.links)."""
    arguments = node.nodeargd.argnlist if node.nodeargd else []
    if len(arguments) < 2 or arguments[-1] is None:
        return ""
    url = _verbatim(arguments[-2]) if arguments[-2] is not None else ""
    text = l2tobj.nodelist_to_text([arguments[-1]]).strip()
    if not url or text == url:
        return text or url
    return f"{text} ({url})" if text else url


def _verbatim(node: Any) -> str:
    """A group's LaTeX as written, without its braces and with our _prepare escapes undone."""
    written = node.latex_verbatim()
    if written.startswith("{") and written.endswith("}"):
        written = written[1:-1]
    return re.sub(r"\\([%&#_$])", r"\1", written).strip()


@lru_cache(maxsize=1)
def _converter() -> Any:  # pylatexenc has no type information
    from pylatexenc.latex2text import LatexNodes2Text  # lazy: 8 ms, only for LaTeX

    return LatexNodes2Text(latex_context=_contexts()[1], **_CONVERTER_OPTIONS)


@lru_cache(maxsize=1)
def _contexts() -> tuple[Any, Any]:
    return _latex_rules()


def _latex_context() -> Any:
    """The parser's macro database, built once: each LatexWalker would build its own
    (about 0.2 ms, most of readable()'s cost per piece). It is read-only by design."""
    return _contexts()[0]


def _latex_text(piece: str) -> str:
    """One piece of LaTeX as text. Each costs pylatexenc about 0.3 ms, and the same few
    recur from abstract to abstract (``\\%``, ``~``, ``$n$``, ``$\\epsilon$``): an export of
    1,000 abstracts converted 373 pieces, 173 of them different. So each is converted
    once, and kept, from one run to the next too (planner.text.latex_pieces)."""
    pieces = latex_pieces.known(_converter_identity)
    out = pieces.get(piece)
    if out is None:
        out = _converter().latex_to_text(piece, latex_context=_latex_context())
        latex_pieces.remember(piece, out)
    return out


def _converter_identity() -> str:
    """What the converted pieces depend on: pylatexenc's version, the options given it and
    our own rules (the tables above and _RULES_REVISION for the code that reads them)."""
    from pylatexenc.version import version_str  # lazy: 0.7 ms, and only with the first piece

    rules = (_RULES_REVISION, sorted(_MACRO_ARGUMENTS.items()), sorted(_SILENT_WITH_ARGUMENTS), sorted(_SILENT_ALONE),
             sorted(_NAMED.items()), sorted(_CITATIONS))
    # The tables written out, not hashed: hashlib loads OpenSSL (2.4 ms of a start), and the
    # kept file compares this text once per start.
    return f"pylatexenc {version_str}; {sorted(_CONVERTER_OPTIONS.items())}; rules {rules!r}"


# The pieces of prepared text that mean something to LaTeX; everything between them is
# plain text and is kept as it is. Converting only these pieces (rather than whole
# abstracts) makes pylatexenc's work proportional to the markup, not the text: an export
# of 1,000 abstracts went from 1.2 s of LaTeX conversion to a few tens of milliseconds.
_LATEX_PIECE = re.compile(
    _INLINE_MATH.pattern
    + r"|\{(?:[^{}]|\{[^{}]*\})*\}"  # a group, one level of nesting inside
    + r"|\\[A-Za-z]+\*?(?:\s*\[[^\]]*\])*(?:\s*\{(?:[^{}]|\{[^{}]*\})*\})*"  # \cmd[opt][opt]{arg}
    + r"|\\[^A-Za-z](?:\{[^{}]*\}|[A-Za-z])?"  # \% \& \'e \"{o}
    + r"|[~{}]",
    re.DOTALL,
)


def ligatures(text: str, markup: Markup = Markup.TEXT) -> str:
    """TeX's text ligatures as the characters they print: ``a'' and `b' -> “a” and ‘b’,
    10--20 -> 10–20, and---so -> and—so. Only in LaTeX: elsewhere `` and -- mean themselves."""
    if markup is not Markup.LATEX or ("`" not in text and "--" not in text):  # a substring test: 10x a regex's speed
        return text
    text = _DOUBLE_QUOTED.sub("\u201c\\1\u201d", text).replace("``", "\u201c")
    text = _SINGLE_QUOTED.sub("\u2018\\1\u2019", text)
    return _EN_DASH.sub("\u2013", _EM_DASH.sub("\u2014", text))


# How much of an abstract readable_abstract(within=n) reads for each character it shows:
# markup takes room ("[been funding Stefano's work](https://...)"), so the source is cut
# well after what is shown, read, and only then cut to ``within``. Of the corpus' 1,256
# frab, pretalx and FOSDEM abstracts longer than a card, 1,238 show 600 characters from
# 750 of their source and all from 900: twice is generous. A reader that loads only an
# abstract's start (the window's cards) loads this much.
SOURCE_PER_SHOWN = 2


def readable_abstract(text: str, markup: Markup = Markup.TEXT, within: int | None = None) -> str:
    """An abstract as plain text: HTML and Markdown read as such, else as readable() does.

    Only abstracts are taken as HTML or Markdown: every format publishes titles, names
    and rooms as plain text, where "1. Introduction" or "**" mean what they say.
    ``within``: only the first ``within`` characters of the readable text (a card's
    excerpt). The source is read before it is cut: cut first, a card ended
    "… has [been funding Stefano's …" (DebConf 23), a link cut before its "](". Only its
    first ``within * SOURCE_PER_SHOWN`` characters are read, which keeps cards cheap. What
    the abstract is written in is told from all of it: a cut can drop the closing tag that
    shows it is HTML, and then its first "<small>" and "<p>" would be shown as text.
    """
    written_in = _written_in(text, markup)
    if within is None:
        return _readable_written_in(text, markup, written_in)
    # Read up to a line's end (Markdown's links and emphasis seldom run across one), from
    # ``within`` on and further while what is read is shorter than ``within`` (indentation and
    # markup dropped): reading much more than is shown costs as much more.
    limit, end = within * SOURCE_PER_SHOWN, within
    while True:
        line_end = text.find("\n", end)
        end = min(len(text) if line_end < 0 else line_end, limit)
        out = _readable_written_in(text[:end], markup, written_in)
        if len(out) >= within or end >= min(len(text), limit):
            return out[:within]
        end *= 2


def _readable_written_in(text: str, markup: Markup, written_in: str) -> str:
    if not written_in:
        return readable(text, markup)
    from planner.text.html import html_plain  # lazy: 5 ms, only for HTML (see _written_in)

    return html_plain(_as_html(text, written_in, markup), prose=_html_prose(markup, written_in))


def _written_in(text: str, markup: Markup) -> str:
    """What an abstract is written in: "html", "markdown", or "" for LaTeX and plain text.

    planner.text.html (and the standard library's HTML parser) is imported with the first
    abstract that needs it, not with every start.
    """
    if not text:
        return ""
    if "<" in text:
        from planner.text.html import is_html  # lazy: see above

        if is_html(text):
            return "html"
    return "markdown" if is_markdown(text, markup) else ""


def _as_html(text: str, written_in: str, markup: Markup) -> str:
    """An HTML or Markdown abstract as HTML, for planner.text.html to read."""
    if written_in == "html":
        return text
    if markup is Markup.LATEX:
        return markdown_html(text, prose=_latex_ligatures)  # LaTeX authors write Markdown too
    if markup is Markup.MARKDOWN:
        return markdown_html(text, prose=_markdown_math)
    # Plain text that looks like Markdown (a calendar's "  * step" lines) keeps its line
    # breaks, which its author meant; Markdown's soft breaks are for formats that publish it.
    # It is still read as Markdown: of the corpus' calendars, JRES 2022 writes **bold** in 31
    # abstracts and "  * " lists in more (49 of its 97 look like Markdown; linux.conf.au 2020:
    # 28 of 262, moca 2024: 11 of 81), none of them an entity. But it is plain text, whose
    # "&lt;" means those four characters: Markdown would decode it ("Use <script> tags").
    return markdown_html(text, prose=_plain_markdown, line_breaks=True)


# An entity as HTML and Markdown write it: "&lt;", "&#8212;", "&#x2014;".
_ENTITY = re.compile(r"&(?=#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)")


def _plain_markdown(text: str) -> str:
    """Plain text's prose for Markdown: clear math converted, and "&" of what would be an
    entity escaped, so that "&lt;" shows as written (in code it does anyway)."""
    return _markdown_math(_ENTITY.sub("&amp;", text) if "&" in text else text)


def _latex_ligatures(text: str) -> str:
    return ligatures(text, Markup.LATEX)


def _html_prose(markup: Markup, written_in: str) -> Callable[[str], str] | None:
    """What planner.text.html does to the text of an HTML abstract: math, outside LaTeX
    (whose HTML abstracts are read as they always were); Markdown's was done before."""
    return _plain_math if markup is not Markup.LATEX and written_in == "html" else None


def _is_math(content: str) -> bool:
    """Whether the inside of a $...$ pair in text that is not LaTeX looks like math."""
    if _MATH_COMMAND.search(content):
        return True
    return _MATH_CHARACTERS.fullmatch(content) is not None and _MATH_SHAPE.fullmatch(content) is not None


def _math_text(math: re.Match[str]) -> str | None:
    """A clear $...$ as Unicode (``$\\alpha$`` -> α), or None where it is not math."""
    if not _is_math(math.group(2)):
        return None
    try:
        out = _latex_text(_UNESCAPED_SPECIAL.sub(r"\\\1", math.group()))
    except Exception:  # schedule text is untrusted input
        return None
    return out.replace("\xa0", " ").strip()


def _math_pieces(text: str, plain: Callable[[str], str], math: Callable[[str], str]) -> str:
    """``text`` with plain(...) applied between clear math pieces and math(...) to each
    converted piece. Text that is not LaTeX keeps every other character as written."""
    out: list[str] = []
    position = 0
    for found in _TEXT_MATH.finditer(text):
        converted = _math_text(found)
        if converted is None:
            continue
        out += [plain(text[position:found.start()]), math(converted)]
        position = found.end()
    if not out:
        return plain(text)
    out.append(plain(text[position:]))
    return "".join(out)


def _same(text: str) -> str:
    return text


def _plain_math(text: str) -> str:
    """Text that is not LaTeX, its clear math converted: "$\\alpha$-stable" -> "α-stable"."""
    if "$" not in text:  # a substring test: nearly no title or name holds a $
        return text
    return _math_pieces(text, _same, _same)


def _markdown_math(text: str) -> str:
    """Markdown prose with its clear math as italic text that Markdown leaves alone."""
    if "$" not in text:
        return text
    return _math_pieces(text, _same, lambda m: "<i>" + _MARKDOWN_PUNCTUATION.sub(r"\\\g<0>", m) + "</i>")


def readable(text: str, markup: Markup = Markup.TEXT) -> str:
    """Plain Unicode text for calendar files, lists and tooltips.

    LaTeX is converted (``76.8\\%`` -> ``76.8%``); other text is kept as written, only
    its clear math converted (``$\\alpha$`` -> ``α``).
    """
    if not text:
        return text
    if markup is not Markup.LATEX:
        return _plain_math(text)
    text = ligatures(text, markup)
    if not _LATEX_HINT.search(text):
        return text
    out = _LATEX_PIECE.sub(lambda m: _piece_text(m.group()), _prepare(text))
    return out.replace("\xa0", " ")


def _piece_text(piece: str) -> str:
    """One piece as text; a piece pylatexenc fails on is shown by _plain_latex, and only that
    piece: one command it cannot read no longer leaves a whole abstract raw."""
    try:
        return _latex_text(piece)
    except Exception:  # pylatexenc is tolerant, but schedule text is untrusted input
        return _plain_latex(piece)


_COMMAND_NAME = re.compile(r"\\[A-Za-z]+\*?\s*")
_ESCAPED = re.compile(r"\\([^A-Za-z])")


def _plain_latex(piece: str) -> str:
    """A last resort for LaTeX that cannot be parsed: the text of its arguments, without the
    commands, braces and dollars around them ("\\foo{bar} \\%" -> "bar %")."""
    text = _COMMAND_NAME.sub("", piece)
    text = re.sub(r"(?<!\\)[{}$]", "", text)
    return _ESCAPED.sub(r"\1", text)


def event_summary(event: Event) -> str:
    """One-line readable name: "Oral 1: Is normalization ...", "Break", "Q&A: Joint Q&A ..."."""
    title = readable(event.title, event.markup).strip()
    if not title:
        return event.heading if event.number is not None else "Untitled slot"
    if title.casefold() == event.kind.label.casefold():
        return title
    if event.kind is Kind.OTHER and event.number is None:
        return title  # "Other: Hack the CH32V003" says nothing the title does not
    if title.casefold().startswith(event.heading.casefold() + ":"):
        return title  # a calendar's "Workshop: Soldering" (a Planner export's too): not said twice
    return f"{event.heading}: {title}"


def readable_html(text: str, markup: Markup = Markup.TEXT) -> str:
    """An abstract as rich text: HTML-escaped, with LaTeX emphasis and math as <i>/<b>.

    In LaTeX or plain text every character reaches the output either escaped or converted
    by the LaTeX walker, so a ``<img src=...>`` shows as those characters; an abstract
    written in HTML or Markdown is rebuilt from our own few tags (planner.text.html).
    """
    if not text:
        return ""
    import html  # lazy: html.entities' 2,231 names are 9 M instructions of a start that escapes nothing

    written_in = _written_in(text, markup)
    if written_in:
        from planner.text.html import html_rich  # lazy: see _written_in

        return html_rich(_as_html(text, written_in, markup), prose=_html_prose(markup, written_in))
    if markup is not Markup.LATEX:
        lines = markup is not Markup.MARKDOWN  # a format that publishes Markdown means its soft breaks
        if "$" not in text:
            return _paragraphs(html.escape(text), lines=lines)
        return _paragraphs(_math_pieces(text, html.escape, lambda m: f"<i>{html.escape(m)}</i>"), lines=lines)
    text = ligatures(text, markup)
    if not _LATEX_HINT.search(text):
        return _paragraphs(html.escape(text))
    try:
        from pylatexenc.latexwalker import LatexWalker  # lazy: 9 ms, only for LaTeX

        nodes, _, _ = LatexWalker(_prepare(text), latex_context=_latex_context(), tolerant_parsing=True).get_latex_nodes()
    except Exception:  # untrusted input: read as readable() reads it, a piece at a time
        return _paragraphs(html.escape(readable(text, markup)))
    return _paragraphs(_nodes_html(nodes))


def _paragraphs(body: str, *, lines: bool = False) -> str:
    """Paragraphs at blank lines; with ``lines``, each further line break kept as written.

    Plain text means its line breaks ("Speaker: Hugh Blemings" then the abstract, a list
    of steps); LaTeX and Markdown read a single line break as a space and run lines on."""
    parts = [p.strip() for p in re.split(r"\n\s*\n", body) if p.strip()]
    if lines:
        parts = [re.sub(r"[ \t]*\n[ \t]*", "<br>", part) for part in parts]
    return "".join(f"<p>{p}</p>" for p in parts)


def _nodes_html(nodes: Any) -> str:
    import html  # lazy: as in readable_html

    from pylatexenc.latexwalker import LatexMacroNode  # lazy: only for LaTeX

    out: list[str] = []
    for index, node in enumerate(nodes or ()):
        try:
            if isinstance(node, LatexMacroNode) and node.macroname in _ITALIC_SWITCHES | _BOLD_SWITCHES:
                # ``{\it text}``: the switch applies to the rest of the enclosing group.
                tag = "i" if node.macroname in _ITALIC_SWITCHES else "b"
                rest = _nodes_html(nodes[index + 1 :])
                out.append(f"<{tag}>{rest.lstrip()}</{tag}>")
                break
            out.append(_node_html(node))
        except Exception:  # untrusted input: a node pylatexenc fails on is shown as text, alone
            out.append(html.escape(_plain_latex(node.latex_verbatim())))
    return "".join(out)


def _node_html(node: Any) -> str:
    import html  # lazy: as in readable_html

    from pylatexenc.latexwalker import (  # lazy: only for LaTeX
        LatexCharsNode,
        LatexCommentNode,
        LatexGroupNode,
        LatexMacroNode,
        LatexMathNode,
    )

    if isinstance(node, LatexCharsNode):
        return html.escape(node.chars)
    if isinstance(node, LatexCommentNode):
        return ""
    if isinstance(node, LatexGroupNode):
        return _nodes_html(node.nodelist)
    if isinstance(node, LatexMathNode):
        return "<i>" + html.escape(_converter().nodelist_to_text([node]).strip()) + "</i>"
    if isinstance(node, LatexMacroNode) and node.macroname in _ITALIC_MACROS | _BOLD_MACROS | _CODE_MACROS:
        tag = "i" if node.macroname in _ITALIC_MACROS else "b" if node.macroname in _BOLD_MACROS else "code"
        args = node.nodeargd.argnlist if node.nodeargd else []
        inner = "".join(_nodes_html([a]) for a in args if _shown_argument(a))
        return f"<{tag}>{inner}</{tag}>"
    text = _converter().nodelist_to_text([node]).replace("\xa0", " ")
    if isinstance(node, LatexMacroNode) and text and not (node.nodeargd and node.nodeargd.argnlist):
        text += node.macro_post_space  # "\\ours and": the space readable() keeps between its pieces
    return html.escape(text)
