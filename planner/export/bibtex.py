"""Starred papers as BibTeX: one @inproceedings per paper, for BibTeX and biber alike.

What is written, and why:
- One entry per paper. Events sharing ``paper`` (a feed's poster and oral) are one entry;
  an oral, spotlight or poster with authors but no ``paper`` (a session page's talks) is a
  paper of its own. Anything else (a break, an invited talk, a FOSDEM talk) is no paper:
  it is skipped and counted, so the caller can say so.
- ``booktitle`` is the schedule's title ("NeurIPS 2031"): the feeds name no proceedings.
  ``year`` is the four-digit year in that title, else the year the schedule's first talk
  given here starts; an entry without either gets no year rather than a guessed one.
- ``url``: the paper's own page (the link the schedule titles "OpenReview" or "Paper"),
  else its PDF, else the event's page; the poster's link first, then the spotlight's and
  the oral's, because some feeds give orals placeholder forum addresses.
- Text is UTF-8, as published: biber reads it, and BibTeX passes the bytes through.
- Escaping: & % $ # _ become \\& \\% \\$ \\# \\_, and \\ { } ~ ^ the text commands that print
  them (\\textbackslash{} ...): a lone { or } would unbalance the entry for BibTeX, which
  counts \\{ as a brace. Math that the window shows as math ("$\\alpha$-divergences", the
  text layer decides) is kept as LaTeX math, braced so no style changes its case.
  Titles in LaTeX (session pages) are kept as LaTeX when their braces balance, with
  % & # _ ^ outside math escaped: the window shows them as written, where LaTeX would
  stop at a bare _ or ^ ("Missing $ inserted"). A ~ stays: LaTeX prints the space shown.
- Capitals: a title word with a capital after its first letter (BERT, ImageNet, GANs,
  ResNet-50) is braced, {BERT}, so styles that lower-case titles keep it (DBLP's rule);
  a word that is only capitalised ("Bayesian") is left to the style.
- Names are "First Last" as published, joined with " and ". BibTeX reads a word starting
  with a small letter as a particle ("van"); its test looks at the first ASCII letter, so a
  word before the last starting with a non-ASCII letter ("Ömer Faruk Özdemir") would be
  taken for one: such words are braced. A name with a comma, which BibTeX would read as
  "Last, First", is braced whole, and a word "and" inside a name is braced too.
- Keys: the first author's last name, the year and the first word of the title that is
  not a small word or a number, folded to ASCII ("lima2031sparse"). A key is the paper's
  own, whatever else is starred: a \\cite in a finished document must keep pointing at
  it. So where two papers of the library (``known``, starred or not) would share one,
  each gets a short tag made from its own id ("lima2031sparse-3f2a"), never a letter by
  its place among the starred ones (once "zhang2030deepa" was "Deep learning again",
  and after another paper was unstarred a different paper).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from planner.domain.model import Event, Kind, Markup, Unscheduled
from planner.domain.queries import fold
from planner.text.readable import readable

Item = Event | Unscheduled

# Kinds a session page gives its papers; a feed marks its papers with ``paper`` instead.
_PAPER_KINDS = (Kind.ORAL, Kind.SPOTLIGHT, Kind.POSTER)
# Whose links are taken first (see the module docstring).
_LINK_ORDER = {Kind.POSTER: 0, Kind.SPOTLIGHT: 1, Kind.ORAL: 2}
_PAGE_TITLES = ("openreview", "paper")
_YEAR = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")
# Inline math as pandoc reads it, as planner.text.readable does: the opening $ is followed
# and the closing $ preceded by a non-space, no digit follows the closing one ("$5 and $10").
_MATH = re.compile(r"(?<![\\$])(\$\$?)(?=[^\s$])([^$\n]+?)(?<![\s\\])\1(?![\d$])")
_SPECIAL = {
    "\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}",
    "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
    "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
}
_SPECIALS = re.compile(r"[\\{}~^&%$#_]")
_UNESCAPED = re.compile(r"(?<!\\)([%&#])")
# In LaTeX text, outside math: _ and ^ are math-only to LaTeX ("Missing $ inserted"), while
# the window shows them as written ("snake_case", "x^2"). A ~ is left: LaTeX prints it as
# the space the window shows.
_UNESCAPED_SCRIPT = re.compile(r"(?<!\\)[_^]")
_SCRIPT = {"_": r"\_", "^": r"\textasciicircum{}"}
_LATEX_MATH = re.compile(r"(?<!\\)(\$\$?)(.+?)(?<!\\)\1")
# Stand-ins for math while a title is split into words (Unicode's private use area).
_HOLE = re.compile("[\ue000-\uf8ff]")
_SMALL_WORDS = frozenset("a an the on of in for to and with from by at is are do does how why what when towards toward".split())
_KEY_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True, slots=True)
class Bibliography:
    """The .bib text, how many entries it holds, and how many items were no paper."""

    text: str
    entries: int
    skipped: int
    keys: tuple[str, ...] = ()

    @property
    def data(self) -> bytes:
        return self.text.encode("utf-8")


@dataclass(frozen=True, slots=True)
class _Entry:
    paper: str
    group: Sequence[Item]  # the paper's events, as given
    fields: dict[str, str]


def to_bibtex(items: Iterable[Item], schedule_titles: Mapping[str, str], *,
              known: Iterable[Item] = ()) -> Bibliography:
    """``items`` (events and entries without a time, in the order to write them) as BibTeX.

    ``schedule_titles`` maps a schedule key to its title, the entries' booktitle.
    ``known``: every paper the library holds, starred or not (``items`` are counted in
    anyway). Keys and years are worked out among them, so that neither changes when
    other papers are starred or unstarred.
    """
    papers = _papers(items)
    skipped = len(papers.pop(None, []))
    everything = _papers(known)
    everything.pop(None, None)
    for paper, group in papers.items():
        everything.setdefault(paper, group)
    years = _years([item for group in everything.values() for item in group], schedule_titles)
    entries = []
    for paper, group in papers.items():
        assert paper is not None  # the items that are no paper were taken out above
        schedule = group[0].schedule
        booktitle = schedule_titles.get(schedule, "") or group[0].session
        entries.append(_Entry(paper, group, _fields(group, booktitle, years.get(schedule))))
    bases: dict[str, list[str]] = {}
    for paper, group in everything.items():
        assert paper is not None
        year = years.get(group[0].schedule)
        bases.setdefault(_base_key(group, None if year is None else str(year)), []).append(paper)
    keys = _citation_keys(entries, bases)
    out = ["% Encoding: UTF-8\n"]
    for key, entry in zip(keys, entries, strict=True):
        fields = entry.fields
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items())
        out.append(f"\n@inproceedings{{{key},\n{body}\n}}\n")
    return Bibliography("".join(out), len(entries), skipped, tuple(keys))


def left_out(skipped: int) -> str:
    """What the command line and the window say of the ``skipped`` items: "left out 2
    starred talks that are not papers"."""
    return f"left out {skipped} starred talk that is not a paper" if skipped == 1 else (
        f"left out {skipped} starred talks that are not papers")


def _papers(items: Iterable[Item]) -> dict[str | None, list[Item]]:
    """Items by paper_key, in their order; those that are no paper under None."""
    papers: dict[str | None, list[Item]] = {}
    for item in items:
        papers.setdefault(paper_key(item), []).append(item)
    return papers


def paper_key(item: Item) -> str | None:
    """Which paper ``item`` presents (its poster and oral share one), None for no paper."""
    if item.paper:
        return item.paper
    if item.kind in _PAPER_KINDS and item.authors:
        return item.id
    return None


def _years(items: Sequence[Item], schedule_titles: Mapping[str, str]) -> dict[str, int]:
    """Each schedule's year: the one in its title, else its earliest start among ``items``."""
    years: dict[str, int] = {}
    for item in items:
        schedule = item.schedule
        if schedule in years:
            continue
        found = _YEAR.search(schedule_titles.get(schedule, ""))
        if found:
            years[schedule] = int(found.group(1))
    for item in sorted((i for i in items if isinstance(i, Event)), key=lambda e: e.start):
        years.setdefault(item.schedule, item.start.year)
    return years


def _ordered(group: Sequence[Item]) -> list[Item]:
    """The poster first, then the spotlight, the oral and the rest (see the module docstring)."""
    return sorted(group, key=lambda item: _LINK_ORDER.get(item.kind, 3))


def _authors(group: Sequence[Item]) -> tuple[str, ...]:
    """The longest list of names among the paper's events, as plain text."""
    item = max(_ordered(group), key=lambda item: len(item.authors))
    if item.markup is Markup.LATEX:
        return tuple(readable(name, item.markup) for name in item.authors)
    return item.authors


def _fields(group: Sequence[Item], booktitle: str, year: int | None) -> dict[str, str]:
    ordered = _ordered(group)
    first = ordered[0]
    authors = _authors(group)
    fields = {"title": title_text(first.title, first.markup)}
    if authors:
        fields["author"] = " and ".join(name_text(name) for name in authors)
    fields["booktitle"] = title_text(booktitle, Markup.TEXT)
    if year is not None:
        fields["year"] = str(year)
    url = _url(ordered)
    if url:
        fields["url"] = url_text(url)
    return fields


def _url(ordered: Sequence[Item]) -> str:
    for wanted in (_PAGE_TITLES, ("pdf",)):
        for item in ordered:
            for link in item.links:
                if link.title.strip().casefold() in wanted:
                    return link.url
    return next((item.url for item in ordered if item.url), "")


# -- text ------------------------------------------------------------------------------


def escape(text: str) -> str:
    """Plain text as LaTeX that prints it: every special character escaped."""
    return _SPECIALS.sub(lambda m: _SPECIAL[m.group()], text)


def title_text(text: str, markup: Markup) -> str:
    """A title (or booktitle) as a field value: escaped, math kept, capitals protected."""
    # Characters of Unicode's private use area print nothing; they stand in for math below.
    text = " ".join(_HOLE.sub("", text).split())
    latex = markup is Markup.LATEX and _balanced(text)
    if markup is Markup.LATEX and not latex:
        text, markup = readable(text, markup), Markup.TEXT  # LaTeX BibTeX cannot read: as the window shows it
    maths: list[str] = []

    def hole(found: re.Match[str]) -> str:
        # Math the window shows as math is math here (LaTeX's is all math); the rest is text.
        if not _balanced(found.group()) or (not latex and readable(found.group(), markup) == found.group()):
            return found.group()
        maths.append("{" + _UNESCAPED.sub(r"\\\1", found.group()) + "}")  # braced: no style changes its case
        return chr(0xE000 + len(maths) - 1)

    if "$" in text:
        text = (_LATEX_MATH if latex else _MATH).sub(hole, text)
    words = []
    for word in text.split(" "):
        written = _latex_word(word) if latex else escape(word)
        written = _HOLE.sub(lambda m: maths[ord(m.group()) - 0xE000], written)
        braced = word.startswith("{") and word.endswith("}") and _balanced(word[1:-1])  # {BERT} in LaTeX
        if _has_inner_capital(_HOLE.sub("", word)) and not (latex and (braced or not _balanced(word))):
            written = _protect(written)
        words.append(written)
    return " ".join(words)


def _latex_word(word: str) -> str:
    """A word of a LaTeX title (its math taken out): what LaTeX reads as markup kept, and the
    characters it would misread (% & # _ ^, see _UNESCAPED_SCRIPT) escaped."""
    return _UNESCAPED_SCRIPT.sub(lambda m: _SCRIPT[m.group()], _UNESCAPED.sub(r"\\\1", word))


def _protect(written: str) -> str:
    """``written`` in braces that keep its case. BibTeX takes a brace group that starts with
    a backslash for one accented letter and changes the case inside it: that needs two."""
    return "{{" + written + "}}" if written.startswith("\\") else "{" + written + "}"


def _has_inner_capital(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return any(c.isupper() for c in letters[1:])


def name_text(name: str) -> str:
    """One author's name as BibTeX splits it right (see the module docstring)."""
    name = " ".join(name.split())
    if "," in name:
        return "{" + escape(name) + "}"
    words = name.split(" ")
    out = []
    for i, word in enumerate(words):
        written = escape(word)
        first_letter = next((c for c in word if c.isalpha()), "")
        if word.casefold() == "and" or (i < len(words) - 1 and first_letter and not first_letter.isascii()):
            written = "{" + written + "}"
        out.append(written)
    return " ".join(out)


def url_text(url: str) -> str:
    """A URL as biber and the url package read it (verbatim): only what would break the
    entry (braces, backslashes, spaces) is percent-encoded."""
    return "".join({"{": "%7B", "}": "%7D", "\\": "%5C", " ": "%20"}.get(c, c) for c in url.strip())


def _balanced(text: str) -> bool:
    depth = 0
    for c in text:
        depth += 1 if c == "{" else -1 if c == "}" else 0
        if depth < 0:
            return False
    return depth == 0


# -- keys ------------------------------------------------------------------------------


def _citation_keys(entries: Sequence[_Entry], bases: Mapping[str, Sequence[str]]) -> list[str]:
    """Each entry's key: its base key (_base_key), tagged (_tags) when another paper of
    the library has that base too. ``bases``: every known paper's id by its base key."""
    keys = []
    for entry in entries:
        base = _base_key(entry.group, entry.fields.get("year"))
        sharing = bases.get(base, [entry.paper])
        keys.append(base if len(set(sharing) | {entry.paper}) < 2 else
                    base + "-" + _tags({*sharing, entry.paper})[entry.paper])
    return keys


def _tags(papers: Iterable[str]) -> dict[str, str]:
    """A short tag per paper id, from the id alone (its SHA-1 in hex): four digits, more
    only if two of ``papers`` (papers with one base key) would share them."""
    digests = {paper: hashlib.sha1(paper.encode("utf-8")).hexdigest() for paper in sorted(papers)}
    for size in range(4, 41):
        tags = {paper: digest[:size] for paper, digest in digests.items()}
        if len(set(tags.values())) == len(tags):
            return tags
    return digests  # two ids with one SHA-1: not seen


def _base_key(group: Sequence[Item], year: str | None) -> str:
    authors = _authors(group)
    last = _ascii_words(authors[0]) if authors else []
    first = _ordered(group)[0]
    words = [w for w in _ascii_words(readable(first.title, first.markup)) if w not in _SMALL_WORDS and not w.isdigit()]
    return (last[-1] if last else "anon") + (year or "") + (words[0] if words else "")


def _ascii_words(text: str) -> list[str]:
    return _KEY_WORD.findall(fold(text).encode("ascii", "ignore").decode())
