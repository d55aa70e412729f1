"""Web and mail addresses in the detail pane's HTML become links whose text is the address."""

from __future__ import annotations

import pytest

from planner.text.links import linked, opens_outside, titled_link


@pytest.mark.parametrize(("rich", "expected"), [
    ("<p>Code: https://github.com/a/b.</p>",
     '<p>Code: <a href="https://github.com/a/b">https://github.com/a/b</a>.</p>'),
    # A link written in HTML or Markdown reads "text (address)" (planner.text.html).
    ("<p>See Gluon (https://gluon.readthedocs.io/) for more</p>",
     '<p>See Gluon (<a href="https://gluon.readthedocs.io/">https://gluon.readthedocs.io/</a>) for more</p>'),
    ("<p>(see https://en.wikipedia.org/wiki/Foo_(bar))</p>",
     '<p>(see <a href="https://en.wikipedia.org/wiki/Foo_(bar)">https://en.wikipedia.org/wiki/Foo_(bar)</a>)</p>'),
    ("<p>q: https://x.org/?a=1&amp;b=2; next</p>",
     '<p>q: <a href="https://x.org/?a=1&amp;b=2">https://x.org/?a=1&amp;b=2</a>; next</p>'),
    ("<p>&lt;https://x.org/p&gt;</p>", '<p>&lt;<a href="https://x.org/p">https://x.org/p</a>&gt;</p>'),
    ("<p>Write to ana.m@example.org.</p>",
     '<p>Write to <a href="mailto:ana.m@example.org">ana.m@example.org</a>.</p>'),
    # Text escaped without quotes (quote=False): a quote ends the address, and the
    # attribute is escaped, so text cannot add attributes to the link.
    ('<p>https://x.org/a"onmouseover=x</p>', '<p><a href="https://x.org/a">https://x.org/a</a>"onmouseover=x</p>'),
    # Escaped with quotes (the pane's title and headings): an entity other than &amp; ends it.
    ("<h2>&lt;img src=&quot;http://127.0.0.1:9/x&quot;&gt; &lt;a href=&#x27;http://127.0.0.1:9/a&#x27;&gt;</h2>",
     '<h2>&lt;img src=&quot;<a href="http://127.0.0.1:9/x">http://127.0.0.1:9/x</a>&quot;&gt; '
     '&lt;a href=&#x27;<a href="http://127.0.0.1:9/a">http://127.0.0.1:9/a</a>&#x27;&gt;</h2>'),
])
def test_addresses_in_the_text_become_links_that_open_what_they_say(rich: str, expected: str) -> None:
    assert linked(rich) == expected


@pytest.mark.parametrize("rich", [
    "<p>javascript:alert(1) and file:///etc/passwd and ftp://x.org stay text</p>",
    "<p>http:// alone, and R&amp;D, and a@b are no addresses</p>",
    "<h2 style='margin-bottom:2px'>Title</h2><p style='color:#b91c1c'>⚠ Changed: time</p>",
])
def test_other_text_and_our_own_tags_are_left_as_they_are(rich: str) -> None:
    assert linked(rich) == rich


def test_text_already_inside_a_link_is_not_linked_again() -> None:
    rich = '<p><a href="https://x.org">https://x.org</a></p>'
    assert linked(rich) == rich


@pytest.mark.parametrize(("address", "opens"), [
    ("https://x.org", True), ("HTTP://x.org", True), ("mailto:a@b.org", True),
    ("javascript:alert(1)", False), ("file:///etc/passwd", False), ("data:text/html,x", False), ("", False),
])
def test_only_web_and_mail_addresses_leave_the_app(address: str, opens: bool) -> None:
    assert opens_outside(address) is opens


# -- a talk's own links (domain.Link): by title, then where they lead ------------------------


@pytest.mark.parametrize(("url", "title", "expected"), [
    ("https://video.fosdem.org/t.webm", "Video recording (WebM/VP9)",
     '<a href="https://video.fosdem.org/t.webm">Video recording (WebM/VP9)</a> · video.fosdem.org'),
    ("mailto:ana@example.org?subject=Hi", "Write to Ana",
     '<a href="mailto:ana@example.org?subject=Hi">Write to Ana</a> · ana@example.org'),
    # Untitled, or titled with its own address or host: the address says it all.
    ("https://example.org/a", "", '<a href="https://example.org/a">https://example.org/a</a>'),
    ("http://fosdem.org", "http://fosdem.org", '<a href="http://fosdem.org">http://fosdem.org</a>'),
    ("https://schul-frei.org/en", "schul-frei.org", '<a href="https://schul-frei.org/en">schul-frei.org</a>'),
    # A title naming another address is not shown as the link's text; the host is the real one.
    ("https://evil.example/x", "https://bank.example/login",
     '<a href="https://evil.example/x">https://evil.example/x</a>'),
    ("https://bank.example@evil.example/", "Bank", '<a href="https://bank.example@evil.example/">Bank</a> · evil.example'),
    # Escaped everywhere.
    ('https://x.example/"><b>', "<b>Slides</b> & more",
     '<a href="https://x.example/&quot;&gt;&lt;b&gt;">&lt;b&gt;Slides&lt;/b&gt; &amp; more</a> · x.example'),
])
def test_a_titled_link_shows_its_title_and_where_it_leads(url: str, title: str, expected: str) -> None:
    assert titled_link(url, title) == expected


@pytest.mark.parametrize(("url", "title", "expected"), [
    ("javascript:alert(1)", "Click me", "Click me (javascript:alert(1))"),
    ("file:///etc/passwd", "", "file:///etc/passwd"),
    ("data:text/html,<script>x</script>", "Data", "Data (data:text/html,&lt;script&gt;x&lt;/script&gt;)"),
    ("/system/slides.pdf", "Slides", "Slides (/system/slides.pdf)"),
])
def test_a_link_that_opens_nothing_outside_is_shown_as_text(url: str, title: str, expected: str) -> None:
    assert titled_link(url, title) == expected
