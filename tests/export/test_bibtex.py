"""Starred papers as BibTeX, read back by real BibTeX parsers.

pybtex parses as BibTeX does (its name splitting is BibTeX's) and bibtexparser is the
other parser tools use; both are in the test extra. Where the machine has them, BibTeX
itself (with a tiny style of our own, so no TeX distribution is needed) and biber read
the file too; without them those tests skip.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import datetime, timezone
from pathlib import Path

import bibtexparser
import pytest
from pybtex.database import BibliographyData, parse_string
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

from planner.domain.model import Event, Kind, Link, Markup, Schedule, Unscheduled
from planner.export.bibtex import Bibliography, name_text, title_text, to_bibtex
from planner.formats import load, virtualsite
from planner.services.exporting import export_papers
from planner.store import Library

FEED = Path(__file__).parents[1] / "formats" / "data" / "virtualsite" / "neurips-2031-orals-posters.json"
T = datetime(2031, 12, 9, 11, 0, tzinfo=timezone.utc)
NASTY_TITLES = [
    "50% of $\\alpha$ & {braces}_x",
    "BERT: Pre-training of ResNet-50 on ImageNet #1 ~ ^ \\ }{",
    "_TOKEN and ~/x^2 \\ back",
    "$5 and $10 GANs",
    "A* search in C:\\Users ~/.cache {fmt}",
    "x_{ij} $x_{ij}$ $a{b$",
    "Ünïcode Überall: 日本語のタイトル",
]
NASTY_NAMES = ["Ömer Faruk Özdemir", "Élodie Brûlé", "Ludwig van Beethoven", "Smith, Jr.", "Anderson and Sons", "王伟"]


def paper(event_id: str, title: str, authors: list[str], *, paper_key: str = "", kind: Kind = Kind.POSTER,
          links: tuple[Link, ...] = (), url: str = "", markup: Markup = Markup.TEXT, start: datetime = T) -> Event:
    return Event(id=event_id, kind=kind, number=None, title=title, authors=tuple(authors), abstract="", start=start,
                 end=start, session="Poster Session 1", schedule="vs-neurips-2031", paper=paper_key, links=links,
                 url=url, markup=markup)


def parsed(bib: Bibliography) -> BibliographyData:
    """The file as pybtex reads it; it must also read without a failed block in bibtexparser."""
    library = bibtexparser.parse_string(bib.text)
    assert library.failed_blocks == [] and len(library.entries) == bib.entries
    return parse_string(bib.text, "bibtex")


def as_printed(value: str) -> str:
    """A field's LaTeX as the characters it prints, math left as written ($\\alpha$)."""
    db = get_default_latex_context_db()
    db.add_context_category("bib", prepend=True, macros=[
        MacroTextSpec("textbraceleft", "{"), MacroTextSpec("textbraceright", "}"),
        MacroTextSpec("textasciicircum", "^"), MacroTextSpec("textasciitilde", "~"),
        MacroTextSpec("textbackslash", "\\"),
    ])
    return str(LatexNodes2Text(latex_context=db, math_mode="verbatim", strict_latex_spaces=True).latex_to_text(value))


def test_the_feed_gives_one_entry_per_paper_with_its_fields() -> None:
    schedule = virtualsite.load(FEED)
    bib = to_bibtex([*schedule.events, *schedule.unscheduled], {schedule.key: schedule.title})
    # 5 events and 2 entries without a time: the poster and oral of one paper are one
    # entry, so are the two unplaced halves of another; the keynote is no paper.
    assert (bib.entries, bib.skipped) == (4, 1)
    entries = parsed(bib).entries
    assert list(entries) == ["roy2031calibrated", "lima2031sparse", "martin2031tiny", "sousa2031reading"]
    sparse = entries["lima2031sparse"]
    assert sparse.type == "inproceedings"
    assert dict(sparse.fields) == {
        "title": "Sparse \\& Robust Attention for Long Documents",
        "booktitle": "{NeurIPS} 2031",
        "year": "2031",
        "url": "https://openreview.net/forum?id=fictional101",
    }
    assert [str(p) for p in sparse.persons["author"]] == ["Lima, Ana", "Chen, Bo", "Okafor, Chidi"]
    # The unplaced oral carries a placeholder forum address: the poster's link is the paper's.
    assert entries["sousa2031reading"].fields["url"] == "https://openreview.net/forum?id=fictional501"
    assert "Keynote" not in bib.text


def test_nasty_titles_and_names_read_back_as_published() -> None:
    events = [paper(f"e{i}", title, NASTY_NAMES, paper_key=f"p{i}") for i, title in enumerate(NASTY_TITLES)]
    bib = to_bibtex(events, {"vs-neurips-2031": "NeurIPS 2031"})
    data = parsed(bib)
    assert len(data.entries) == len(NASTY_TITLES)
    for title, entry in zip(NASTY_TITLES, data.entries.values(), strict=True):
        assert as_printed(entry.fields["title"]) == title
        names = entry.persons["author"]
        assert [as_printed(" ".join(p.first_names + p.middle_names)) for p in names] == [
            "Ömer Faruk", "Élodie", "Ludwig", "", "Anderson and", ""]
        # "Ömer" is no particle (BibTeX looks at the first ASCII letter; braced, it cannot).
        assert [as_printed(" ".join(p.prelast_names + p.last_names)) for p in names] == [
            "Özdemir", "Brûlé", "van Beethoven", "Smith, Jr.", "Sons", "王伟"]
    assert bib.data.decode("utf-8") == bib.text  # UTF-8 as written, no LaTeX accents
    assert "Ünïcode Überall" in bib.text


def test_math_stays_math_and_capitals_are_protected() -> None:
    assert title_text("$\\alpha$-Divergences for BERT on ImageNet with Bayesian GANs", Markup.TEXT) == (
        "{$\\alpha$}-Divergences for {BERT} on {ImageNet} with Bayesian {GANs}")
    # Money is not math: "$5 and $10" stays two dollar amounts.
    assert title_text("From $5 to $10", Markup.TEXT) == "From \\$5 to \\$10"
    # A protected word starting with a command needs two braces (one would be an "accent" to BibTeX).
    assert title_text("_TOKEN", Markup.TEXT) == "{{\\_TOKEN}}"
    # A session page's LaTeX is kept; what it already braced is not braced again.
    assert title_text("76.8\\% on {BERT} with $\\ell_1$ and CNNs", Markup.LATEX) == (
        "76.8\\% on {BERT} with {$\\ell_1$} and {CNNs}")
    # LaTeX whose braces do not balance would break the entry: written as the window shows it.
    assert title_text("Broken {LaTeX", Markup.LATEX) == "Broken {LaTeX}"
    assert name_text("Anderson and Sons") == "Anderson {and} Sons"


def test_url_prefers_the_paper_page_then_the_pdf_then_the_event_page() -> None:
    pdf = Link("https://example.org/p.pdf", "PDF")
    page = Link("https://openreview.net/forum?id=x", "OpenReview")
    slides = Link("https://example.org/slides", "Slides")
    events = [
        paper("a", "Alpha", ["A B"], links=(slides, pdf, page), url="https://site/a"),
        paper("b", "Beta", ["A B"], links=(slides, pdf), url="https://site/b"),
        paper("c", "Gamma", ["A B"], links=(slides,), url="https://site/c{x} y"),
        paper("d", "Delta", ["A B"]),
    ]
    entries = parsed(to_bibtex(events, {})).entries
    assert [e.fields.get("url") for e in entries.values()] == [
        page.url, pdf.url, "https://site/c%7Bx%7D%20y", None]


def test_keys_are_stable_and_distinct() -> None:
    one = paper("e1", "Same Title", ["Ana Lima"], paper_key="p1")
    two = paper("e2", "The Same Title", ["Ana Lima"], paper_key="p2")
    other = paper("e3", "50 Ways to Learn", ["Jürgen Müller"], paper_key="p3")
    titles = {"vs-neurips-2031": "NeurIPS 2031"}
    forward = to_bibtex([one, two, other], titles)
    backward = to_bibtex([other, two, one], titles)
    # Two papers with one base key are told apart by a tag from their own ids (SHA-1 of "p1", "p2").
    assert forward.keys == ("lima2031same-b78f", "lima2031same-c5fd", "muller2031ways")
    # The same papers get the same keys in any order (the order of the entries follows the input).
    assert backward.keys == ("muller2031ways", "lima2031same-c5fd", "lima2031same-b78f")
    assert set(parsed(forward).entries) == set(forward.keys)  # keys BibTeX's parser takes as they are


def test_a_key_does_not_change_with_what_else_is_starred() -> None:
    # A \cite in a finished paper must keep pointing at the same paper: once "lima2031samea"
    # was one paper, and after the other was unstarred it was "lima2031same", then another's "a".
    titles = {"vs-neurips-2031": "NeurIPS 2031"}
    one = paper("e1", "Same Title", ["Ana Lima"], paper_key="p1")
    two = paper("e2", "The Same Title", ["Ana Lima"], paper_key="p2")
    other = paper("e3", "50 Ways to Learn", ["Jürgen Müller"], paper_key="p3")
    library = [one, two, other]
    everything = dict(zip(to_bibtex(library, titles, known=library).keys, ("p1", "p2", "p3"), strict=True))
    for starred in ([one], [two], [two, other], [other], [one, two, other]):
        keys = parsed(to_bibtex(starred, titles, known=library)).entries
        assert {key: everything[key] for key in keys} == {key: p for key, p in everything.items()
                                                          if p in {e.paper for e in starred}}
    # A paper whose key no other paper of the library shares keeps its plain key.
    assert "muller2031ways" in everything


def test_no_paper_is_skipped_and_counted_and_the_year_comes_from_the_talks() -> None:
    talk = paper("t", "A FOSDEM talk", ["Ana Lima"], kind=Kind.TALK)
    coffee = paper("b", "Coffee", [], kind=Kind.BREAK)
    oral = paper("o", "An Oral", ["Bo Chen"], kind=Kind.ORAL, start=datetime(2020, 12, 10, 18, tzinfo=timezone.utc))
    unplaced = Unscheduled(id="u", kind=Kind.POSTER, title="Later", authors=("Eve Martin",), paper="pu",
                           schedule="vs-neurips-2031")
    bib = to_bibtex([talk, coffee, oral, unplaced], {"vs-neurips-2031": "Orals & Spotlights"})
    assert (bib.entries, bib.skipped) == (2, 2)
    entries = parsed(bib).entries
    assert entries["chen2020oral"].fields["booktitle"] == "Orals \\& Spotlights"
    assert entries["chen2020oral"].fields["year"] == "2020"  # no year in the title: the talk's
    assert entries["martin2020later"].fields["year"] == "2020"  # the same schedule's year


def test_the_bundled_session_page_exports_its_papers(seed_path: Path) -> None:
    schedule = load(seed_path)
    bib = to_bibtex(schedule.events, {schedule.key: schedule.title})
    talks = [e for e in schedule.events if e.kind.is_talk and e.authors]
    assert bib.entries == len(talks) and bib.skipped == len(schedule.events) - len(talks)
    assert len(parsed(bib).entries) == len(talks)


# -- BibTeX and biber themselves, where the machine has them --------------------------

# A style that prints what BibTeX made of each entry: the title, the title as a style
# that lower-cases titles prints it, and each name split into first|von|last|jr.
DUMP_BST = r"""
ENTRY { title author booktitle year url } {} {}
INTEGERS { n i }
FUNCTION {line} { write$ newline$ }
FUNCTION {inproceedings}
{ "@KEY " cite$ * line
  "@TITLE " title * line
  "@SENTENCE " title "t" change.case$ * line
  author num.names$ 'n :=
  #1 'i :=
  { i n #1 + < }
  { "@NAME " author i "{ff}|{vv}|{ll}|{jj}" format.name$ * line
    i #1 + 'i := }
  while$
}
FUNCTION {default.type} { inproceedings }
READ
ITERATE {call.type$}
"""


def _bbl_lines(text: str) -> list[str]:
    """The .bbl's lines, BibTeX's own line breaks (after 79 characters) joined again."""
    lines: list[str] = []
    for raw in text.splitlines():
        if raw.startswith("@"):
            lines.append(raw)
        elif raw.strip() and lines:
            lines[-1] += " " + raw.strip()
    return lines


@pytest.mark.skipif(shutil.which("bibtex") is None, reason="BibTeX is not installed")
def test_bibtex_reads_the_names_and_keeps_protected_capitals(tmp_path: Path) -> None:
    events = [paper("e1", "BERT and $\\alpha$-Nets for ImageNet", NASTY_NAMES, paper_key="p1"),
              paper("e2", NASTY_TITLES[0], ["Ana Lima"], paper_key="p2")]
    (tmp_path / "papers.bib").write_bytes(to_bibtex(events, {}).data)
    (tmp_path / "dump.bst").write_text(DUMP_BST)
    (tmp_path / "job.aux").write_text("\\citation{*}\n\\bibdata{papers}\n\\bibstyle{dump}\n")
    env = {**os.environ, "BIBINPUTS": str(tmp_path), "BSTINPUTS": str(tmp_path)}
    run = subprocess.run(["bibtex", "job"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stdout + run.stderr  # 1: warnings, 2: errors
    lines = _bbl_lines((tmp_path / "job.bbl").read_text("utf-8"))
    assert "@SENTENCE {BERT} and {$\\alpha$}-nets for {ImageNet}" in lines
    assert [line for line in lines if line.startswith("@NAME")][:6] == [
        "@NAME {Ömer}~Faruk||Özdemir|", "@NAME {Élodie}||Brûlé|", "@NAME Ludwig|van|Beethoven|",
        "@NAME ||{Smith, Jr.}|", "@NAME Anderson~{and}||Sons|", "@NAME ||王伟|",
    ]
    assert "@TITLE 50\\% of {$\\alpha$} \\& \\textbraceleft{}braces\\textbraceright{}\\_x" in lines


@pytest.mark.skipif(shutil.which("biber") is None, reason="biber is not installed")
def test_biber_reads_every_entry(tmp_path: Path) -> None:
    events = [paper(f"e{i}", title, NASTY_NAMES, paper_key=f"p{i}",
                    links=(Link("https://openreview.net/forum?id=a%20b", "OpenReview"),))
              for i, title in enumerate(NASTY_TITLES)]
    source = tmp_path / "papers.bib"
    source.write_bytes(to_bibtex(events, {"vs-neurips-2031": "NeurIPS 2031"}).data)
    out = tmp_path / "checked.bib"
    run = subprocess.run(["biber", "--tool", "--nolog", f"--output-file={out}", str(source)],
                         cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    problems = [line for line in (run.stdout + run.stderr).splitlines() if line.startswith(("WARN", "ERROR"))]
    assert problems == []
    written = out.read_text("utf-8")
    assert written.count("@INPROCEEDINGS") == len(NASTY_TITLES)
    assert "AUTHOR = {Özdemir, {Ömer} Faruk and Brûlé, {Élodie} and van Beethoven, Ludwig" in written
    assert "URL = {https://openreview.net/forum?id=a%20b}" in written


LATEX_TITLES = ["Learning snake_case identifiers with x^2 growth", "Fast $\\alpha_1$-divergence at 76.8\\% for R\\&D~teams"]


def test_a_latex_title_escapes_what_latex_reads_only_in_math() -> None:
    # A session page's title shows "snake_case" and "x^2" as written; bare, LaTeX stops at
    # them with "Missing $ inserted". Its math keeps them, and ~ prints the space shown.
    assert title_text(LATEX_TITLES[0], Markup.LATEX) == (
        "Learning snake\\_case identifiers with x\\textasciicircum{}2 growth")
    assert title_text(LATEX_TITLES[1], Markup.LATEX) == (
        "Fast {$\\alpha_1$}-divergence at 76.8\\% for {R\\&D~teams}")
    assert title_text("Already \\_escaped", Markup.LATEX) == "Already \\_escaped"


def _has_latex() -> bool:
    """pdflatex, BibTeX and pdftotext, and Latin Modern: in T1 encoding \\_ is a glyph that
    pdftotext reads back as "_" (in OT1 it is drawn as a rule, read as a space)."""
    if not all(shutil.which(tool) for tool in ("pdflatex", "bibtex", "pdftotext", "kpsewhich")):
        return False
    found = subprocess.run(["kpsewhich", "lmodern.sty"], capture_output=True, text=True, timeout=60, check=False)
    return bool(found.stdout.strip())


@pytest.mark.skipif(not _has_latex(), reason="pdflatex, BibTeX, pdftotext or Latin Modern is not installed")
def test_latex_prints_a_latex_title_as_the_window_shows_it(tmp_path: Path) -> None:
    events = [paper(f"e{i}", title, ["Ana Lima"], paper_key=f"p{i}", markup=Markup.LATEX)
              for i, title in enumerate(LATEX_TITLES)]
    (tmp_path / "papers.bib").write_bytes(to_bibtex(events, {}).data)
    (tmp_path / "doc.tex").write_text("\\documentclass{article}\\usepackage[T1]{fontenc}\\usepackage{lmodern}"
                                      "\\begin{document}\\nocite{*}\\bibliographystyle{unsrt}\\bibliography{papers}\\end{document}\n")
    latex = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"]
    for command in (latex, ["bibtex", "doc"], latex):
        run = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=120)
        assert run.returncode == 0, run.stdout[-3000:]
    printed = subprocess.run(["pdftotext", "doc.pdf", "-"], cwd=tmp_path, capture_output=True, text=True,
                             timeout=60, check=True).stdout
    printed = " ".join(printed.replace("\u02c6", "^").split())  # pdftotext reads \textasciicircum as ˆ
    assert "Learning snake_case identifiers with x^2 growth" in printed
    assert "76.8% for R&D teams" in printed


def test_exported_keys_stay_when_another_paper_is_unstarred(tmp_path: Path) -> None:
    events = (paper("e1", "Deep learning", ["Wei Zhang"], paper_key="p1"),
              paper("e2", "Deep learning again", ["Wei Zhang"], paper_key="p2"),
              paper("e3", "Deep nets", ["Wei Zhang"], paper_key="p3"))
    with Library(tmp_path / "library.sqlite3") as library:
        library.import_schedule(Schedule(key="vs-neurips-2031", title="NeurIPS 2031", format="test", events=events))
        library.star(["e1", "e2", "e3"])
        before = {key: entry.fields["title"] for key, entry in
                  parse_string(export_papers(library).data.decode(), "bibtex").entries.items()}
        library.unstar(["e1"])
        after = {key: entry.fields["title"] for key, entry in
                 parse_string(export_papers(library).data.decode(), "bibtex").entries.items()}
    assert len(before) == 3 and len(after) == 2
    assert after == {key: title for key, title in before.items() if title != "Deep learning"}
