"""LaTeX in schedule text made readable (plain) and safe (rich text).

The raw text stays in the library; these functions run at display and export time, so
they must neither lose characters that were never markup nor let HTML through.
"""

from __future__ import annotations

import dataclasses
import html
import re
from datetime import datetime, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.domain.model import Event, Kind, Markup
from planner.formats import load
from planner.text.readable import event_summary, ligatures, readable, readable_abstract, readable_html


@pytest.mark.parametrize(
    ("raw", "plain"),
    [
        (r"we cannot reveal {\it beyond kernel methods}.", "we cannot reveal beyond kernel methods."),
        (r"Learning with the \textit{instance-dependent} label noise", "Learning with the instance-dependent label noise"),
        (r"obtains a 76.8\% top-1 accuracy", "obtains a 76.8% top-1 accuracy"),
        (r"adaptive methods (e.g.~Adam) and", "adaptive methods (e.g. Adam) and"),
        (r"\emph{stress} and \textbf{bold}", "stress and bold"),
        (r"R\&D", "R&D"),
        ("plain text stays as it is", "plain text stays as it is"),
        ("", ""),
    ],
)
def test_readable(raw: str, plain: str) -> None:
    assert readable(raw, Markup.LATEX) == plain


def test_readable_math_ell_1() -> None:
    out = readable(r"using $\ell_1$-norm, in which", Markup.LATEX)
    assert "ℓ" in out and "1" in out
    assert out.startswith("using ℓ") and out.endswith("-norm, in which")
    assert "$" not in out and "\\" not in out


@pytest.mark.parametrize(
    "raw",
    [
        "50% of the talks",  # a bare % would start a LaTeX comment and eat the rest
        "R&D at scale",
        "ranked #1 overall",
        "it costs $5 per seat",
        "between $5 and $10 per seat",  # two dollars, but money, not math
        "Müller & Søren: 100% {sure}",
    ],
)
def test_bare_special_characters_are_not_lost(raw: str) -> None:
    out = readable(raw + r" with {\it markup}", Markup.LATEX)  # the markup forces the LaTeX path
    expected = raw.replace("{sure}", "sure") + " with markup"
    assert out == expected


@pytest.mark.parametrize(
    ("raw", "plain"),
    [
        ("between $5 and $10", "between $5 and $10"),
        ("$x$ costs $5", "x costs $5"),
        ("$a$ and $b$", "a and b"),
        (r"the \$ sign", "the $ sign"),
    ],
)
def test_dollars_math_or_money(raw: str, plain: str) -> None:
    assert readable(raw, Markup.LATEX) == plain


def test_bare_percent_without_any_latex() -> None:
    assert readable("50% off & more", Markup.LATEX) == "50% off & more"


def test_readable_has_no_non_breaking_spaces() -> None:
    assert "\xa0" not in readable("e.g.~Adam and i.e.~SGD", Markup.LATEX)


def test_readable_seed_abstracts_have_no_raw_latex(seed_path) -> None:  # type: ignore[no-untyped-def]
    for event in load(seed_path).events:
        assert event.markup is Markup.LATEX  # a session page: its reader says so
        text = readable(event.abstract, event.markup) + readable(event.title, event.markup)
        for raw in ("\\it", "\\textit", "\\%", "$\\ell", "~", "{", "}"):
            assert raw not in text, (event.number, raw)
    # ... and words around the markup survive.
    by_number = {e.number: e for e in load(seed_path).events}
    assert "76.8% top-1 accuracy" in readable(by_number[6].abstract, Markup.LATEX)
    assert "0.6% higher" in readable(by_number[6].abstract, Markup.LATEX)


# -- rich text ------------------------------------------------------------------------


def test_html_italic_group() -> None:
    assert readable_html(r"reveal {\it beyond kernel methods}.", Markup.LATEX) == "<p>reveal <i>beyond kernel methods</i>.</p>"


def test_html_textit() -> None:
    assert readable_html(r"the \textit{instance-dependent} noise", Markup.LATEX) == "<p>the <i>instance-dependent</i> noise</p>"


def test_html_bold() -> None:
    assert readable_html(r"\textbf{bold} and {\bf also}", Markup.LATEX) == "<p><b>bold</b> and <b>also</b></p>"


def test_html_math_percent_and_tilde() -> None:
    out = readable_html(r"$\ell_1$-norm, 76.8\% (e.g.~Adam)", Markup.LATEX)
    assert out.startswith("<p><i>ℓ")
    assert "</i>-norm, 76.8% (e.g. Adam)</p>" in out
    assert "$" not in out and "\\" not in out and "~" not in out


def test_html_paragraphs() -> None:
    assert readable_html("First.\n\nSecond.") == "<p>First.</p><p>Second.</p>"
    assert readable_html("") == ""


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
        ('<img src=x onerror="alert(1)">', "<p>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</p>"),
        (r"{\it <b>x</b>} & 5% $3", "<p><i>&lt;b&gt;x&lt;/b&gt;</i> &amp; 5% $3</p>"),
        (r"\textit{<i>} <a href='y'>", "<p><i>&lt;i&gt;</i> &lt;a href=&#x27;y&#x27;&gt;</p>"),
        ("&amp; stays literal", "<p>&amp;amp; stays literal</p>"),
    ],
)
def test_html_in_text_is_escaped_never_interpreted(raw: str, expected: str) -> None:
    assert readable_html(raw, Markup.LATEX) == expected
    if "\\" not in raw:  # no LaTeX: the same as text
        assert readable_html(raw, Markup.TEXT) == expected


def test_inline_html_in_an_abstract_is_rebuilt_from_our_own_tags() -> None:
    """frab and pretalx abstracts carry inline HTML (Markdown allows it): planner.text.html
    rebuilds it, so a <b> shows bold and nothing else of it reaches Qt."""
    assert readable_html("R&D <b>bold</b> <span style='x' onclick='y'>text</span>") == "<p>R&amp;D <b>bold</b> text</p>"


# Our own tags; Markdown text (Markup.MARKDOWN) also gets line breaks and code (planner.text.html).
_ALLOWED_TAG = re.compile(r"</?(?:p|i|b|br|code)>")


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(list("ab <>&\"'\\{}$%~#_^ \n") + ["\\it ", "\\textit{", "<b>", "\\bf ", "$x$"])
    ).map("".join)
)
def test_html_never_contains_markup_from_the_text(raw: str) -> None:
    for markup in Markup:
        out = readable_html(raw, markup)
        assert "<" not in _ALLOWED_TAG.sub("", out)
        assert ">" not in _ALLOWED_TAG.sub("", out)
        assert isinstance(readable(raw, markup), str)


@settings(max_examples=100, deadline=None)
@given(st.text())
def test_readable_never_raises(raw: str) -> None:
    for markup in Markup:
        readable(raw, markup)
        readable_html(raw, markup)
        readable_abstract(raw, markup)


# -- summaries used by lists and calendar titles ---------------------------------------


def _event(kind: Kind, number: int | None, title: str) -> Event:
    when = datetime(2020, 12, 11, 2, tzinfo=timezone.utc)
    return Event(id="x", kind=kind, number=number, title=title, authors=(), abstract="",
                 start=when, end=when, session="S")


@pytest.mark.parametrize(
    ("kind", "number", "title", "summary"),
    [
        (Kind.ORAL, 1, "Is normalization indispensable", "Oral 1: Is normalization indispensable"),
        (Kind.SPOTLIGHT, 6, r"Fits with $\ell_1$", "Spotlight 6: Fits with ℓ_1"),
        (Kind.BREAK, None, "Break", "Break"),
        (Kind.QA, None, "Joint Q&A", "Q&A: Joint Q&A"),
        (Kind.OTHER, None, "", "Untitled slot"),
        # Titles that already say it, as calendars (and Planner's own export) write them:
        (Kind.WORKSHOP, None, "Workshop: Soldering", "Workshop: Soldering"),
        (Kind.TALK, None, "talk: lower case", "talk: lower case"),
        (Kind.ORAL, 3, "Oral 3: Already numbered", "Oral 3: Already numbered"),
        (Kind.ORAL, 3, "Oral presentations: a survey", "Oral 3: Oral presentations: a survey"),
        (Kind.TALK, None, "Talking heads", "Talk: Talking heads"),
    ],
)
def test_event_summary(kind: Kind, number: int | None, title: str, summary: str) -> None:
    assert event_summary(_event(kind, number, title)) == summary


@pytest.mark.parametrize(
    ("raw", "plain"),
    [
        # As LaTeX prints them (pylatexenc agrees where it is handed them).
        ("``Overlearning'' means that", "\u201cOverlearning\u201d means that"),
        ("the `oracle' model, `don't' and `greater than,' too",
         "the \u2018oracle\u2019 model, \u2018don't\u2019 and \u2018greater than,\u2019 too"),
        ("``the `best' one''", "\u201cthe \u2018best\u2019 one\u201d"),
        ("pages 10--20, fast--and (a)--(b)", "pages 10\u201320, fast\u2013and (a)\u2013(b)"),
        ("a -- b", "a \u2013 b"),
        ("theoretically---to show", "theoretically\u2014to show"),
        ("an opening `` left alone", "an opening \u201c left alone"),
        ("with ``$k$-means'' clustering", "with \u201ck-means\u201d clustering"),
        # Not TeX: options, inches, code and rules stay as typed.
        ("run it with --help or (--force) or \"--verbose\" or `--dry-run`",
         "run it with --help or (--force) or \"--verbose\" or `--dry-run`"),
        ("a 5'' screen, it's `pip install x` here", "a 5'' screen, it's `pip install x` here"),
        ("----", "----"),
    ],
)
def test_tex_quotes_and_dashes_print_as_latex_prints_them(raw: str, plain: str) -> None:
    assert readable(raw, Markup.LATEX) == plain


def test_rich_text_prints_tex_quotes_and_dashes_too() -> None:
    assert readable_html("``<b>Overlearning</b>'' 10--20", Markup.LATEX) == "<p>\u201c<b>Overlearning</b>\u201d 10\u201320</p>"
    assert "\u201cOverlearning\u201d" in readable_html(r"``Overlearning'' with $\ell_1$", Markup.LATEX)


def test_no_tex_quotes_of_the_corpus_abstracts_reach_the_screen(corpus) -> None:  # type: ignore[no-untyped-def]
    """The ICLR 2020 abstracts (papers-data) use ``quotes'': none is shown as typed."""
    import json

    papers = json.loads((corpus / "papers-data" / "iclr2020-miniconf-papers.json").read_text(encoding="utf-8"))
    quoted = [p["content"]["abstract"] for p in papers.values() if "``" in p["content"]["abstract"]]
    assert quoted, "the corpus has abstracts with TeX quotes"
    for abstract in quoted:
        assert "``" not in readable(abstract, Markup.LATEX) and "``" not in readable_html(abstract, Markup.LATEX)


# -- text that is not LaTeX (issue 16) -------------------------------------------------
#
# Only session pages write LaTeX (Markup.LATEX); every other format's titles, names and
# abstracts are shown exactly as written, but for clear inline math.

NOT_LATEX = [
    "{fmt} is Addictive!",
    "~/.cache",
    r"Escaping \n and \t",
    r"C:\Users\ada\AppData and \\server\share",
    "50% off & more",
    "Issue #42: {} and {x}, ~user, 100% & #1",
    "git --amend, 10--20 and---so, ``quoted'' and `ticked'",
    "Use `make -j` or \\LaTeX{} \\emph{here}",
    "costs $5 and $10",
    "$HOME/$USER and $FOO_BAR$x",
]


def _text_event(title: str, markup: Markup = Markup.TEXT) -> Event:
    return dataclasses.replace(_event(Kind.TALK, None, title), markup=markup)


@pytest.mark.parametrize("raw", NOT_LATEX)
def test_text_that_is_not_latex_is_shown_exactly_as_written(raw: str) -> None:
    assert readable(raw) == raw
    assert readable(raw, Markup.TEXT) == raw
    assert readable_abstract(raw, markup=Markup.TEXT) == raw
    assert readable_html(raw, Markup.TEXT) == "<p>" + html.escape(raw) + "</p>"
    assert event_summary(_text_event(raw)) == "Talk: " + raw


@pytest.mark.parametrize(
    ("raw", "latex", "rich"),
    [
        ("{fmt} is Addictive!", "fmt is Addictive!", "<p>fmt is Addictive!</p>"),
        ("~/.cache", " /.cache", "<p>/.cache</p>"),
        # A command LaTeX does not know is shown by its name, not dropped: see _unknown_macro.
        (r"Escaping \n and \t", "Escaping n and t", "<p>Escaping n and t</p>"),
        (r"76.8\% and R\&D, 50% off & more", "76.8% and R&D, 50% off & more",
         "<p>76.8% and R&amp;D, 50% off &amp; more</p>"),
        ("pages 10--20, ``quoted''", "pages 10\u201320, \u201cquoted\u201d", "<p>pages 10\u201320, \u201cquoted\u201d</p>"),
    ],
)
def test_the_same_strings_in_latex_are_converted_as_before(raw: str, latex: str, rich: str) -> None:
    assert readable(raw, Markup.LATEX) == latex
    assert readable(raw, markup=Markup.LATEX) == latex
    assert readable_abstract(raw, Markup.LATEX) == latex
    assert readable_html(raw, Markup.LATEX) == rich
    assert event_summary(_text_event(raw, Markup.LATEX)) == "Talk: " + latex.strip()


@pytest.mark.parametrize(
    ("raw", "plain", "rich"),
    [
        (r"$\alpha$-stable {fmt} in ~/.cache", "α-stable {fmt} in ~/.cache", "<p><i>α</i>-stable {fmt} in ~/.cache</p>"),
        (r"$x^2$, $x_{ij}$, $O(n)$, $k$-means, 50% & $a < b$", "x^2, x_ij, O(n), k-means, 50% & a < b",
         "<p><i>x^2</i>, <i>x_ij</i>, <i>O(n)</i>, <i>k</i>-means, 50% &amp; <i>a &lt; b</i></p>"),
        (r"$\mathcal{O}(\sqrt{n})$ but C:\Users stays", "𝒪(√(n)) but C:\\Users stays",
         "<p><i>𝒪(√(n))</i> but C:\\Users stays</p>"),
        ("costs $5 and $x$ each", "costs $5 and x each", "<p>costs $5 and <i>x</i> each</p>"),
        ("$HOME is $5, a $not math$ pair", "$HOME is $5, a $not math$ pair", "<p>$HOME is $5, a $not math$ pair</p>"),
        ("no math across $x\nand y$ lines", "no math across $x\nand y$ lines", "<p>no math across $x<br>and y$ lines</p>"),
    ],
)
def test_clear_inline_math_is_converted_in_text_that_is_not_latex(raw: str, plain: str, rich: str) -> None:
    assert readable(raw, Markup.TEXT) == plain
    assert readable_abstract(raw, Markup.TEXT) == plain
    assert readable_html(raw, Markup.TEXT) == rich
    assert event_summary(_text_event(raw)) == "Talk: " + plain


def test_the_safe_reading_is_the_default() -> None:
    raw = r"$\alpha$-stable {fmt} -- in ~/.cache"
    assert readable(raw) == readable(raw, Markup.TEXT) == "α-stable {fmt} -- in ~/.cache"
    assert ligatures("10--20 ``x''") == "10--20 ``x''"
    assert ligatures("10--20 ``x''", Markup.LATEX) == "10\u201320 \u201cx\u201d"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(list("ab {}~%&#\\-`'_^ \n") + ["\\n", "\\it ", "--", "``"])).map("".join))
def test_text_without_a_dollar_is_never_changed(raw: str) -> None:
    assert readable(raw, Markup.TEXT) == raw
    assert event_summary(_text_event(raw)) == ("Talk: " + raw.strip() if raw.strip() else "Untitled slot")


def test_plain_text_keeps_its_line_breaks_in_the_detail_pane() -> None:
    # linux.conf.au 2020's calendar: "Speaker: Hugh Blemings\nAn annual tradition ...",
    # shown as one run-on line. Only LaTeX reads a single line break as a space.
    text = "Speaker: Hugh Blemings\nAn annual tradition\n\nAn informal session"
    assert readable_html(text, Markup.TEXT) == ("<p>Speaker: Hugh Blemings<br>An annual tradition</p>"
                                                "<p>An informal session</p>")
    assert readable_html("one\nline", Markup.LATEX) == "<p>one\nline</p>"  # TeX: a space


def test_plain_text_that_looks_like_markdown_keeps_its_line_breaks_too() -> None:
    # JRES 2022: a list of steps under a heading line, read as Markdown for its "  *" items.
    text = "==== CONFIGURATION ====\nParamétrage du stockage\nParamétrage du réseau\n\n  * Création d'une VM"
    shown = readable_html(text, Markup.TEXT)
    assert "CONFIGURATION ====<br>Paramétrage du stockage<br>Paramétrage du réseau" in shown.replace("<br />", "<br>")
    assert "• Création d'une VM" in shown  # still a list
    published = readable_html("soft\nbreak", Markup.MARKDOWN)
    assert "<br" not in published  # a format that publishes Markdown means CommonMark's soft break
