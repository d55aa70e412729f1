"""Abstracts written in Markdown (pretalx's, frab's: 38C3, rC3, camps) read as text:
links as their text and address, lists as bullets or numbers, no ** or ](https left;
the rich version holds only our tags. Titles and LaTeX abstracts are left alone."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from planner.domain.model import Markup
from planner.text.markdown import is_markdown
from planner.text.readable import readable, readable_abstract, readable_html

PRETALX_LIKE = (
    "Firmware is built by [Gluon](https://gluon.readthedocs.io/) for **many** devices.\n\n"
    "                    An indented paragraph, as 38C3's XML indents its descriptions.\n\n"
    "## What we show\n\n"
    "- testing on *real* hardware\n- `make` targets\n\n"
    "1. Build\n\n2. Flash\n\n"
    "```\nmake V=s\nmake install\n```\n\n"
    "Inline <b>HTML</b> is read; <script>steal()</script><img src=x onerror=steal()>nothing else."
)


def test_markdown_abstracts_read_as_text() -> None:
    assert readable_abstract(PRETALX_LIKE) == (
        "Firmware is built by Gluon (https://gluon.readthedocs.io/) for many devices.\n\n"
        "An indented paragraph, as 38C3's XML indents its descriptions.\n\n"
        "What we show\n\n"
        "• testing on real hardware\n• make targets\n\n"
        "1. Build\n2. Flash\n\n"
        "make V=s\nmake install\n\n"
        "Inline HTML is read; nothing else."
    )


def test_markdown_abstracts_become_our_own_rich_text() -> None:
    rich = readable_html(PRETALX_LIKE)
    assert rich.startswith("<p>Firmware is built by Gluon (https://gluon.readthedocs.io/) for <b>many</b> devices.</p>"
                           "<p>An indented paragraph, as 38C3's XML indents its descriptions.</p>"  # not code
                           "<p><b>What we show</b></p><p>• testing on <i>real</i> hardware<br>• <code>make</code> targets</p>"
                           "<p>1. Build<br>2. Flash</p><p><code>make V=s<br>make install</code></p>")
    assert rich.endswith("<p>Inline <b>HTML</b> is read; nothing else.</p>")  # rebuilt, script and img gone
    assert not re.search(r"<(?!/?(?:p|br|b|i|code)>)", rich)  # only our tags, no attributes


@pytest.mark.parametrize(
    "text",
    [
        r"We bound the $\ell_1$-norm of **w** in [0, 1](x).",  # LaTeX keeps its own path
        "A* search and snake_case_names, 2 * 3 = 6",
        "See [1] and [2](3) for details",
        "plain text",
    ],
)
def test_only_strong_markdown_signs_count(text: str) -> None:
    assert not is_markdown(text, Markup.LATEX)
    assert readable_abstract(text, Markup.LATEX) == readable(text, Markup.LATEX)
    if "$" not in text:
        assert not is_markdown(text)
        assert readable_abstract(text) == readable(text) == text


def test_plain_text_with_inline_html_keeps_its_paragraphs() -> None:
    """camp 2019's frab: plain paragraphs with an <a href> and a </br> among them."""
    text = ("After the Snowden revelations, the <a href=\"https://datatracker.ietf.org/wg/dprive/\">DPRIVE</a>"
            " working group.</br>\r\n\r\nImage by <a href=\"https://pixabay.com/\">ElisaRiva</a>")
    assert is_markdown(text)
    assert readable_abstract(text) == ("After the Snowden revelations, the DPRIVE (https://datatracker.ietf.org/wg/dprive/)"
                                       " working group.\n\nImage by ElisaRiva (https://pixabay.com/)")
    assert readable_html(text) == ("<p>After the Snowden revelations, the DPRIVE (https://datatracker.ietf.org/wg/dprive/)"
                                   " working group.</p><p>Image by ElisaRiva (https://pixabay.com/)</p>")


def test_a_card_s_prefix_cut_inside_a_link_shows_no_tag() -> None:
    """Cards read an abstract's first 600 characters: the cut can fall inside <a href=...>."""
    text = "Since the Snowden revelations, the <a href=\"https://datatracker.ietf.org/wg/dpri"
    assert readable_abstract(text) == "Since the Snowden revelations, the"
    assert readable_abstract(text + "ve/\">DPRIVE working") == "Since the Snowden revelations, the DPRIVE working"


def test_a_prefix_cut_before_any_closing_block_is_still_read_as_html() -> None:
    whole = "<small>English version below</small>\r\n<p>" + "Im Juni 2020 begann ich. " * 40 + "</p>\r\n<p>In June 2020 ...</p>"
    assert readable_abstract(whole).startswith("English version below\n\nIm Juni 2020 begann ich.")
    # Read as the whole abstract is written, then cut; and cut first (the store's card reads).
    assert readable_abstract(whole, Markup.MARKDOWN, 120) == readable_abstract(whole, Markup.MARKDOWN)[:120]
    assert "<" not in readable_abstract(whole[:120], Markup.MARKDOWN)
    assert "<" not in readable_abstract(whole[:120])
    # What the whole text is written in decides, though the prefix shows no tag.
    html = "Tom &amp; Jerry. " * 5 + "<p>More.</p>"
    assert readable_abstract(html, Markup.TEXT, 30) == "Tom & Jerry. Tom & Jerry. Tom "
    assert readable_abstract(html[:30]) == "Tom &amp; Jerry. Tom &amp; Jer"  # alone, it is text


@pytest.mark.parametrize("markup", [Markup.MARKDOWN, Markup.TEXT])
def test_an_excerpt_is_cut_from_the_read_text_not_from_its_source(markup: Markup) -> None:
    """DebConf 23's card ended "… has [been funding Stefano's …": the source was cut
    inside a link, before its "](", and what was left was read as text."""
    text = "Freexian has [been funding Stefano's work](https://freexian.com/) on **the reimbursement** system."
    whole = readable_abstract(text, markup)
    assert whole == "Freexian has been funding Stefano's work (https://freexian.com/) on the reimbursement system."
    for within in (40, 60, 80, 500):  # the link closes within twice 40 characters
        assert readable_abstract(text, markup, within) == whole[:within]


def test_tex_quotes_and_dashes_are_printed_outside_code_only() -> None:
    text = "A ``<b>fast</b>'' pass -- see `make --fast` and\n\n```\nrun --all ``x''\n```"
    assert readable_abstract(text, Markup.LATEX) == "A \u201cfast\u201d pass \u2013 see make --fast and\n\nrun --all ``x''"


def test_titles_are_never_taken_for_markdown() -> None:
    title = "1. Why *not* use [links](http://evil.example) or **bold**"
    assert is_markdown(title)
    assert readable(title) == title  # titles go through readable(), not readable_abstract()


def test_no_markdown_of_38c3_reaches_the_screen(corpus: Path) -> None:
    from planner.formats import load

    events = load(corpus / "schedule-xml" / "38c3-schedule.xml").events
    written = [e.abstract for e in events if is_markdown(e.abstract)]
    assert len(written) > 100
    for abstract in written:
        plain = readable_abstract(abstract)
        # (CommonMark leaves "*** Mit Special Guest ***" as it is: no emphasis with spaces inside.)
        assert "](http" not in plain and not re.search(r"\*\*\w[^*\n]*\w\*\*", plain), plain[:200]
        assert not re.search(r"<(?!/?(?:p|br|b|i|code)>)", readable_html(abstract))


@pytest.mark.parametrize("start", [chr(c) for c in range(32, 127)] + ["\t"])
def test_a_later_line_is_looked_at_exactly_when_it_starts_with_a_list_heading_or_fence_character(start: str) -> None:
    from planner.text.markdown import _LINE_STARTS, _starts_a_line

    text = f"An abstract's first line.\n{start}and its second."
    assert _starts_a_line(text) == (start in _LINE_STARTS)


def test_a_list_on_a_later_line_is_markdown_and_the_same_words_inline_are_not() -> None:
    assert is_markdown("Two parts:\n- the first\n- the second")
    assert not is_markdown("Two parts: - the first - the second")


# -- Markdown that is not LaTeX (issue 16): pretalx's and frab's abstracts ---------------

PRETALX_WITH_BACKSLASHES = (
    "Escaping \\n and \\t in C:\\Users: **why** `{fmt}` and {fmt} -- or ``this'' ~/.cache\n\n"
    "- $\\alpha$-stable laws, $x_1 < y^2$\n- 50% off & more\n\n"
    "```\nprint(f\"{x}\") # $\\alpha$\n```"
)


def test_markdown_that_is_not_latex_is_read_as_markdown_and_its_text_kept_as_written() -> None:
    assert is_markdown(PRETALX_WITH_BACKSLASHES) and is_markdown(PRETALX_WITH_BACKSLASHES, Markup.TEXT)
    assert not is_markdown(PRETALX_WITH_BACKSLASHES, Markup.LATEX)  # LaTeX keeps its own path
    assert readable_abstract(PRETALX_WITH_BACKSLASHES, Markup.TEXT) == (
        "Escaping \\n and \\t in C:\\Users: why {fmt} and {fmt} -- or ``this'' ~/.cache\n\n"
        "\u2022 \u03b1-stable laws, x_1 < y^2\n\u2022 50% off & more\n\n"
        "print(f\"{x}\") # $\\alpha$"
    )
    assert readable_html(PRETALX_WITH_BACKSLASHES, Markup.TEXT) == (
        "<p>Escaping \\n and \\t in C:\\Users: <b>why</b> <code>{fmt}</code> and {fmt} -- or ``this'' ~/.cache</p>"
        "<p>\u2022 <i>\u03b1</i>-stable laws, <i>x_1 &lt; y^2</i><br>\u2022 50% off &amp; more</p>"
        "<p><code>print(f\"{x}\") # $\\alpha$</code></p>"
    )


def test_a_markdown_title_is_still_kept_as_written_in_text() -> None:
    title = "**{fmt}** is Addictive! -- ~/.cache"
    assert readable(title, Markup.TEXT) == title


# -- text its format publishes as Markdown (Markup.MARKDOWN: frab, pretalx; issue 18) -------


@pytest.mark.parametrize(("text", "plain", "rich"), [
    ("A *typed* word", "A typed word", "<p>A <i>typed</i> word</p>"),
    ("An _underlined_ word", "An underlined word", "<p>An <i>underlined</i> word</p>"),
    ("*CN:* Neurodivergent", "CN: Neurodivergent", "<p><i>CN:</i> Neurodivergent</p>"),
    ("Run `make` first", "Run make first", "<p>Run <code>make</code> first</p>"),
    ("Spieler\\*innen", "Spieler*innen", "<p>Spieler*innen</p>"),
])
def test_markdown_text_shows_its_emphasis_and_code_rendered(text: str, plain: str, rich: str) -> None:
    assert is_markdown(text, Markup.MARKDOWN)
    assert readable_abstract(text, Markup.MARKDOWN) == plain
    assert readable_html(text, Markup.MARKDOWN) == rich
    # In text not said to be Markdown the same characters stay as typed.
    assert not is_markdown(text, Markup.TEXT) and readable_abstract(text, Markup.TEXT) == text


@pytest.mark.parametrize("text", ["A* search and B* trees", "5 * 3 * 2", "snake_case_name", "C:\\Users\\me"])
def test_markdown_text_without_markdown_reads_as_written(text: str) -> None:
    assert readable_abstract(text, Markup.MARKDOWN) == text


def test_titles_of_markdown_schedules_stay_as_written() -> None:
    assert readable("Why *not*", Markup.MARKDOWN) == "Why *not*"


def test_no_lone_emphasis_of_38c3_reaches_the_screen(corpus: Path) -> None:
    from planner.formats import load

    events = load(corpus / "schedule-xml" / "38c3-schedule.xml").events
    typed = re.compile(r"(?<![\w*])\*\w[^*\n]{0,40}\w\*(?![\w*])")
    marked = [e for e in events if typed.search(e.abstract)]
    assert len(marked) >= 5
    for event in marked:
        assert not typed.search(readable_abstract(event.abstract, event.markup)), event.title


def test_a_card_s_prefix_reads_as_its_whole_abstract(corpus: Path) -> None:
    """A card reads an abstract's first 600 characters: the cut can drop every closing
    block tag, leaving "<small>English Version below</small>\\r\\n<p>Im Juni 2020 ..." (rC3),
    which must not be shown as text where the whole abstract is read as HTML."""
    from planner.formats import load
    from planner.ui.widgets.delegates import CARD_EXCERPT_CHARS, CARD_SOURCE_CHARS, card_excerpt

    tag = re.compile(r"</?(?:p|div|small|big|span|a|b|i|em|strong|br|ul|ol|li|code|h[1-6])\b[^<>]*>", re.IGNORECASE)
    files = [*sorted((corpus / "schedule-json").glob("*.json")), *sorted((corpus / "schedule-xml").glob("*.xml"))]
    shown, cut = [], 0
    for path in files:
        for event in load(path).events:
            if tag.search(readable_abstract(event.abstract, event.markup)):
                continue  # tags the abstract shows as text when read whole (none in the corpus today)
            # As the window reads it: the store hands a card the start of the abstract.
            prefix = dataclasses.replace(event, abstract=event.abstract[:CARD_SOURCE_CHARS + 1])
            cut += len(event.abstract) > CARD_EXCERPT_CHARS and "<" in event.abstract
            if tag.search(card_excerpt(prefix)) or tag.search(card_excerpt(event)):
                shown.append(f"{path.name}: {event.title}")
    assert cut > 100  # HTML and Markdown abstracts longer than a card, cut
    assert shown == []


# -- what exports do to Markdown: indentation, and Markdown the strict check misses ----------

# As 38C3's XML writes a description: its first line follows the tag, every later line is
# indented as the XML is (20 spaces), and the reader joins abstract and description.
EXPORT_INDENTED = (
    "A workshop.\n                    This is session one of two.\n\n"
    "Hallo liebe Leute.\n\n"
    "                    **Die Fakten**\n\n"
    "                    * Du wirst löten.\n"
    "                    * Wir haben *nicht* alles.\n"
    "                      Bringt eure eigenen mit!\n"
    "                    * Teil von Prosa &hellip; von anderen\n"
)


def test_markdown_indented_by_its_export_reads_as_its_author_wrote_it() -> None:
    assert readable_abstract(EXPORT_INDENTED, Markup.MARKDOWN) == (
        "A workshop. This is session one of two.\n\nHallo liebe Leute.\n\nDie Fakten\n\n"
        "• Du wirst löten.\n• Wir haben nicht alles. Bringt eure eigenen mit!\n• Teil von Prosa … von anderen"
    )
    assert "<p>• Du wirst löten.<br>• Wir haben <i>nicht</i> alles." in readable_html(EXPORT_INDENTED, Markup.MARKDOWN)


def test_a_list_only_the_export_indents_is_markdown() -> None:
    text = "Es kann alles sein:\n\n                    * Selbstgemachtes Gedicht,\n                    * &hellip;"
    assert is_markdown(text, Markup.MARKDOWN)
    assert readable_abstract(text, Markup.MARKDOWN) == "Es kann alles sein:\n\n• Selbstgemachtes Gedicht,\n• …"


@pytest.mark.parametrize(("text", "plain"), [
    ("- a\n    - b\n- c", "• b"),  # the author's nesting: b stays a list inside a
    ("1. one\n   more of one\n2. two", "1. one more of one\n2. two"),
    ("Intro\n  - a\n  - b", "Intro\n\n• a\n• b"),
])
def test_an_author_s_own_indentation_is_kept(text: str, plain: str) -> None:
    from planner.text.markdown import without_export_indent

    assert without_export_indent(text) == text
    assert plain in readable_abstract(text, Markup.MARKDOWN)


def test_no_38c3_list_is_run_together_or_shows_its_markers(corpus: Path) -> None:
    """79 abstracts of 38C3 showed "• Du wirst … backst. * Wir haben …", raw "* " lines or
    "&hellip;": their lists are indented by the XML, which CommonMark took for paragraph text."""
    from planner.formats import load

    raw = re.compile(r"(?m)^[ \t]*[*+] \S|•[^\n]*[.,:;!?] [*+] \S|&(?:hellip|amp|quot|nbsp|lt|gt);")
    events = load(corpus / "schedule-xml" / "38c3-schedule.xml").events
    listed = [e for e in events if re.search(r"(?m)^ {20}[*+-] \S", e.abstract)]
    assert len(listed) > 50
    shown = [e.title for e in events if raw.search(readable_abstract(e.abstract, e.markup))]
    assert shown == []


@pytest.mark.parametrize(("text", "plain"), [
    ("Tom &amp; Jerry, see [docs](/wiki)", "Tom & Jerry, see docs"),
    ('Collected at [the wiki](https://wiki.debian.org/T "https://wiki.debian.org/T")',
     "Collected at the wiki (https://wiki.debian.org/T)"),
    ("See <https://x.org/a> or write <team@example.org>", "See https://x.org/a or write team@example.org"),
    ("Caf&eacute; &#8212; open", "Café — open"),
])
def test_markdown_text_is_read_generously(text: str, plain: str) -> None:
    """Text its format publishes as Markdown is Markdown by any of its signs, not only the
    few that plain text never writes."""
    assert is_markdown(text, Markup.MARKDOWN)
    assert readable_abstract(text, Markup.MARKDOWN) == plain


def test_a_debconf_link_with_a_title_is_read(corpus: Path) -> None:
    from planner.formats import load

    events = load(corpus / "schedule-xml" / "debconf23-schedule.xml").events
    perl = next(e for e in events if e.title.startswith("use Perl"))
    assert readable_abstract(perl.abstract, perl.markup).endswith(
        "collected at https://wiki.debian.org/Teams/DebianPerlGroup/OpenTasks")
    assert not any("](" in readable_abstract(e.abstract, e.markup) for e in events)


def test_no_card_shows_markdown_its_source_was_cut_in(corpus: Path) -> None:
    """DebConf 23's "Debian Reimbursement…" card ended "… has [been funding Stefano's …"."""
    from planner.formats import load
    from planner.ui.widgets.delegates import CARD_SOURCE_CHARS, card_excerpt

    shown = []
    for name in ("debconf23-schedule.xml", "38c3-schedule.xml"):
        for event in load(corpus / "schedule-xml" / name).events:
            # As the window reads it: the store hands a card the start of the abstract.
            excerpt = card_excerpt(dataclasses.replace(event, abstract=event.abstract[:CARD_SOURCE_CHARS + 1]))
            whole = " ".join(readable_abstract(event.abstract, event.markup).split())
            if not whole.startswith(excerpt.removesuffix(" …")):
                shown.append(f"{name}: {event.title}: {excerpt[-60:]}")
    assert shown == []


# -- plain text (iCal) that looks like Markdown keeps its entities as written ----------------


@pytest.mark.parametrize(("text", "plain", "rich"), [
    ("Use &lt;script&gt; tags. See **docs**.", "Use &lt;script&gt; tags. See docs.",
     "<p>Use &amp;lt;script&amp;gt; tags. See <b>docs</b>.</p>"),
    ("**Note**: &copy; 2024, &#8212; and `a &amp;&amp; b`", "Note: &copy; 2024, &#8212; and a &amp;&amp; b",
     "<p><b>Note</b>: &amp;copy; 2024, &amp;#8212; and <code>a &amp;amp;&amp;amp; b</code></p>"),
    ("Steps:\n  * Tom & Jerry\n  * R&D;", "Steps:\n\n• Tom & Jerry\n• R&D;",
     "<p>Steps:</p><p>• Tom &amp; Jerry<br>• R&amp;D;</p>"),
])
def test_plain_text_read_as_markdown_keeps_its_entities_as_written(text: str, plain: str, rich: str) -> None:
    """A calendar's text is plain: "&lt;" there is four characters, and became "<" as soon
    as a **bold** word had it read as Markdown."""
    assert is_markdown(text, Markup.TEXT)
    assert readable_abstract(text, Markup.TEXT) == plain
    assert readable_html(text, Markup.TEXT) == rich
    assert readable_abstract("Use &lt;script&gt; tags.", Markup.TEXT) == "Use &lt;script&gt; tags."


def test_a_calendar_s_markdown_is_still_read(corpus: Path) -> None:
    """JRES 2022's calendar writes **bold** and "  * " lists: plain text read as Markdown."""
    from planner.formats import load

    events = load(corpus / "ics" / "jres-2022.ics").events
    bold = [e for e in events if "**" in e.abstract]
    assert len(bold) > 20
    assert not any(re.search(r"\*\*\w", readable_abstract(e.abstract, e.markup)) for e in bold)
