"""Abstracts published as HTML (FOSDEM's) are shown as text, never as tags, and the
rich version holds only tags we write ourselves: the HTML is untrusted input."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from planner.domain.model import Markup
from planner.text.html import is_html
from planner.text.readable import readable_abstract, readable_html

FOSDEM_LIKE = (
    "<p>We'll use a pre-built container with <a href=\"https://docs.pulpproject.org/\"><code>pulp_ansible</code></a>"
    " &amp; friends.</p>\n\n<p>I will demonstrate:</p>\n\n<ul>\n<li>Creating <em>repositories</em></li>\n"
    "<li>Installing <strong>content</strong></li>\n</ul>\n<p>See https://fosdem.org/ or "
    "<a href=\"https://fosdem.org/\">https://fosdem.org/</a>.</p>"
)


def test_html_abstracts_read_as_paragraphs_bullets_and_links() -> None:
    assert readable_abstract(FOSDEM_LIKE) == (
        "We'll use a pre-built container with pulp_ansible (https://docs.pulpproject.org/) & friends.\n\n"
        "I will demonstrate:\n\n"
        "• Creating repositories\n• Installing content\n\n"
        "See https://fosdem.org/ or https://fosdem.org/."
    )


def test_html_abstracts_become_our_own_rich_text() -> None:
    rich = readable_html(FOSDEM_LIKE)
    assert rich.startswith("<p>We'll use a pre-built container with <code>pulp_ansible</code> "
                           "(https://docs.pulpproject.org/) &amp; friends.</p><p>I will demonstrate:</p>")
    assert "• Creating <i>repositories</i>" in rich and "• Installing <b>content</b>" in rich
    assert "<a" not in rich and "<ul" not in rich and "<li" not in rich


@pytest.mark.parametrize(
    ("raw", "plain", "rich"),
    [
        ("<p onclick=\"steal()\" style=\"color:red\">Hi</p>", "Hi", "<p>Hi</p>"),
        ("<p>Hi<script>alert(1)</script><style>p{}</style></p>", "Hi", "<p>Hi</p>"),
        ("<p><a href=\"javascript:alert(1)\">click</a></p>", "click", "<p>click</p>"),
        ("<p><img src=\"x\" onerror=\"steal()\">text &lt;b&gt;not bold&lt;/b&gt;</p>", "text <b>not bold</b>",
         "<p>text &lt;b&gt;not bold&lt;/b&gt;</p>"),
        ("<p>mail <a href=\"mailto:a@b.org\">us</a></p>", "mail us (a@b.org)", "<p>mail us (a@b.org)</p>"),
        ("<p><b>bold <i>both</b> after</i></p>", "bold both after", "<p><b>bold <i>both</i></b> after</p>"),
        ("<h2>Outline</h2><p>Text</p>", "Outline\n\nText", "<p><b>Outline</b></p><p>Text</p>"),
        ("<ol start=\"3\"><li>c<li>d</ol>tail<p>after</p>", "3. c\n4. d\n\ntail\n\nafter",
         "<p>3. c<br>4. d</p><p>tail</p><p>after</p>"),  # </li> left out, as HTML allows
        ("<p>first<br>second<br/>third</p>", "first\nsecond\nthird", "<p>first<br>second<br>third</p>"),
        ("<pre>if a &lt; b:\n    go()</pre>", "if a < b:\n    go()", "<p>if a &lt; b:<br>&nbsp;&nbsp;&nbsp;&nbsp;go()</p>"),
        ("<p>A card's abstract is cut at 600 characters: <a hre", "A card's abstract is cut at 600 characters:",
         "<p>A card's abstract is cut at 600 characters:</p>"),
    ],
)
def test_html_is_untrusted_and_only_its_text_gets_through(raw: str, plain: str, rich: str) -> None:
    assert readable_abstract(raw) == plain
    assert readable_html(raw) == rich


@pytest.mark.parametrize(
    "text",
    ["a < b and c > d", "Option<string> in Rust", r"with $x<y$ and \emph{z}", "see <https://example.org>", "plain",
     "Using <p> tags", "HTML's <br> considered harmful"],
)
def test_text_that_only_mentions_a_tag_is_not_html(text: str) -> None:
    assert not is_html(text)
    assert readable_abstract(text).count("<") == text.count("<")


def test_no_fosdem_abstract_shows_a_tag(corpus: Path) -> None:
    from planner.formats import load

    events = load(corpus / "schedule-xml" / "fosdem-2021-schedule.xml").events
    in_html = [e.abstract for e in events if is_html(e.abstract)]
    assert len(in_html) > 600  # most of FOSDEM 2021's abstracts are HTML
    ours = {"p", "/p", "br", "b", "/b", "i", "/i", "code", "/code"}
    for abstract in in_html:
        plain = readable_abstract(abstract)
        assert not re.search(r"</?(?:p|li|ul|a|em|strong|code|br)\b[^>]*>", plain), plain[:200]
        tags = set(re.findall(r"<(/?[a-z]+)[^>]*>", readable_html(abstract)))
        assert tags <= ours, tags - ours
        assert not re.search(r"<[a-z]+\s", readable_html(abstract))  # no attributes at all


# -- HTML that is not LaTeX (issue 16): FOSDEM's abstracts -----------------------------

FOSDEM_WITH_BACKSLASHES = (
    "<p>{fmt} is Addictive! Escaping \\n and \\t in C:\\Users, ~/.cache -- 50% off &amp; more.</p>"
    "<p>$\\alpha$-stable laws, but <code>$\\alpha$ {x}</code> stays, and so does $5 and $10.</p>"
)


def test_html_that_is_not_latex_keeps_its_text_as_written_but_for_clear_math() -> None:
    assert readable_abstract(FOSDEM_WITH_BACKSLASHES, Markup.TEXT) == (
        "{fmt} is Addictive! Escaping \\n and \\t in C:\\Users, ~/.cache -- 50% off & more.\n\n"
        "\u03b1-stable laws, but $\\alpha$ {x} stays, and so does $5 and $10."
    )
    assert readable_html(FOSDEM_WITH_BACKSLASHES, Markup.TEXT) == (
        "<p>{fmt} is Addictive! Escaping \\n and \\t in C:\\Users, ~/.cache -- 50% off &amp; more.</p>"
        "<p>\u03b1-stable laws, but <code>$\\alpha$ {x}</code> stays, and so does $5 and $10.</p>"
    )
    assert readable_abstract(FOSDEM_WITH_BACKSLASHES) == readable_abstract(FOSDEM_WITH_BACKSLASHES, Markup.TEXT)


CODE = "<p>e.g.:</p><pre><code>CREATE TABLE users (\n  id      int not null,\n\tname text\n);\n</code></pre>"


@pytest.mark.parametrize("markup", [Markup.MARKDOWN, Markup.TEXT])
def test_code_keeps_its_indentation_and_spaces(markup: Markup) -> None:
    """FOSDEM 2021's "Getting on a hook" showed "id      int not null" as "id int not null":
    rich text collapsed code's spaces and plain text trimmed its lines."""
    assert readable_abstract(CODE, markup) == (
        "e.g.:\n\nCREATE TABLE users (\n  id      int not null,\n        name text\n);")
    assert readable_html(CODE, markup) == (
        "<p>e.g.:</p><p><code>CREATE TABLE users (<br>&nbsp;&nbsp;id &nbsp;&nbsp;&nbsp;&nbsp;&nbsp;int not null,"
        "<br>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;name text<br>);</code></p>")


def test_a_markdown_code_block_keeps_its_indentation() -> None:
    text = "Call it so:\n\n```\nf(\n    a,\n    b   c)\n```"
    assert readable_abstract(text, Markup.MARKDOWN) == "Call it so:\n\nf(\n    a,\n    b   c)"
    assert "<br>&nbsp;&nbsp;&nbsp;&nbsp;b &nbsp;&nbsp;c)" in readable_html(text, Markup.MARKDOWN)


def test_fosdem_code_keeps_its_columns(corpus: Path) -> None:
    from planner.formats import load

    events = load(corpus / "schedule-xml" / "fosdem-2021-schedule.xml").events
    hook = next(e for e in events if e.title.startswith("Getting on a hook"))
    assert "\n  id      int not null,\n" in readable_abstract(hook.abstract, hook.markup)
    assert "&nbsp;&nbsp;id &nbsp;&nbsp;&nbsp;&nbsp;&nbsp;int not null," in readable_html(hook.abstract, hook.markup)


@pytest.mark.parametrize(("text", "plain", "rich"), [
    ("<table><tr><td>Alpha</td><td>Beta</td></tr></table>", "Alpha · Beta", "<p>Alpha · Beta</p>"),
    ("<table>\n<tr><th>Day</th>\n<th>Room</th></tr>\n<tr><td>Mon</td> <td><b>H.1308</b></td></tr>\n</table><p>After.</p>",
     "Day · Room\n\nMon · H.1308\n\nAfter.", "<p>Day · Room</p><p>Mon · <b>H.1308</b></p><p>After.</p>"),
    ("<table><tr><td></td><td>Beta</td><td>Gamma</td></tr></table>", "Beta · Gamma", "<p>Beta · Gamma</p>"),
])
def test_table_cells_stay_apart(text: str, plain: str, rich: str) -> None:
    """"<td>Alpha</td><td>Beta</td>" read "AlphaBeta": a row's cells had nothing between them."""
    assert readable_abstract(text) == plain
    assert readable_html(text) == rich
