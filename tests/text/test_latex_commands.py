"""LaTeX commands whose text pylatexenc's own rules lost, and pieces it cannot read.

Its text rules drop every command they do not list, arguments and all ("Averaging
(\\texttt{FedAvg})" was "Averaging ()"), and one \\href made it raise, which left a
whole title or abstract raw. Planner's rules (planner.text.readable) keep the words.
"""

from __future__ import annotations

import marshal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from planner.domain.model import Markup
from planner.text import latex_pieces, readable
from planner.text.readable import readable as plain
from planner.text.readable import readable_html


@pytest.mark.parametrize("command", ["texttt", "textsf", "textup", "textmd", "textnormal", "mbox", "hbox", "fbox",
                                     "textrm", "textsc", "underline", "ourOwnMacro"])
def test_a_text_command_keeps_its_text(command: str) -> None:
    raw = f"Federated Averaging (\\{command}{{FedAvg}}) runs SGD"
    assert plain(raw, Markup.LATEX) == "Federated Averaging (FedAvg) runs SGD"
    assert "FedAvg" in readable_html(raw, Markup.LATEX)


def test_a_title_keeps_its_word() -> None:
    assert plain(r"On the Convergence of \texttt{FedAvg} on Non-IID Data", Markup.LATEX) == (
        "On the Convergence of FedAvg on Non-IID Data")
    assert readable_html(r"Averaging (\texttt{FedAvg})", Markup.LATEX) == "<p>Averaging (<code>FedAvg</code>)</p>"


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        (r"For example, RESCAL~\citep{nickel2011three}, one of", "For example, RESCAL [nickel2011three], one of"),
        (r"by \cite{zhai2019a} has", "by [zhai2019a] has"),
        (r"Recently, \citet{liu18breaking} proposed", "Recently, [liu18breaking] proposed"),
        (r"(ODE-Nets; \citealp{Chen2018NeuralOD})", "(ODE-Nets; [Chen2018NeuralOD])"),
        (r"as in \citep{a, b}.", "as in [a, b]."),
        (r"as in \citep[see][p.~5]{a}.", "as in [see a, p. 5]."),
        (r"see Figure~\ref{fig:arch} and \eqref{eq:loss}", "see Figure [fig:arch] and (eq:loss)"),
    ],
)
def test_citations_and_references_show_their_keys(raw: str, shown: str) -> None:
    assert plain(raw, Markup.LATEX) == shown
    assert readable_html(raw, Markup.LATEX) == f"<p>{shown}</p>"


def test_an_authors_own_command_is_shown_by_its_name() -> None:
    raw = r"results on the GLUE, RACE, and \squad benchmarks"
    assert plain(raw, Markup.LATEX) == "results on the GLUE, RACE, and squad benchmarks"
    assert readable_html(raw, Markup.LATEX) == "<p>results on the GLUE, RACE, and squad benchmarks</p>"


def test_commands_that_print_nothing_still_print_nothing() -> None:
    raw = r"\centering A\label{sec:a} {\small small} \color{red}text and $\mathds{1}$ \ours{} is"
    assert plain(raw, Markup.LATEX).strip() == "A small text and 1 ours is"


HREF = r"We reach 76.8\% with $\alpha$-divergence; code is at \href{https://github.com/x/y}{our repository}."


def test_href_shows_its_text_and_address() -> None:
    shown = "We reach 76.8% with α-divergence; code is at our repository (https://github.com/x/y)."
    assert plain(HREF, Markup.LATEX) == shown
    assert readable_html(HREF, Markup.LATEX) == (
        "<p>We reach 76.8% with <i>α</i>-divergence; code is at our repository (https://github.com/x/y).</p>")
    assert plain(r"\href{https://a.org/x\%20y}{https://a.org/x\%20y}", Markup.LATEX) == "https://a.org/x%20y"


class _Failing:
    """pylatexenc's converter, except that it raises on \\broken, as it raised on \\href."""

    def __init__(self, real: Any) -> None:
        self.real = real

    def latex_to_text(self, piece: str, **options: Any) -> str:
        if "broken" in piece:
            raise IndexError("list index out of range")
        return self.real.latex_to_text(piece, **options)

    def nodelist_to_text(self, nodes: Any) -> str:
        if any(getattr(node, "macroname", "") == "broken" for node in nodes):
            raise IndexError("list index out of range")
        return self.real.nodelist_to_text(nodes)


def test_a_piece_that_fails_falls_back_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    failing = _Failing(readable._converter())
    monkeypatch.setattr(readable, "_converter", lambda: failing)
    raw = r"76.8\% with $\alpha$ and \broken{here} and \emph{more}"
    assert plain(raw, Markup.LATEX) == "76.8% with α and here and more"
    assert readable_html(raw, Markup.LATEX) == "<p>76.8% with <i>α</i> and here and <i>more</i></p>"


@pytest.fixture
def piece_file(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / latex_pieces.FILE_NAME
    latex_pieces.use_file(str(path))
    yield path
    latex_pieces.use_file("")


def test_pieces_converted_by_the_old_rules_are_converted_anew(piece_file: Path) -> None:
    # What a run before these rules kept: its identity named pylatexenc and the options only.
    from pylatexenc.version import version_str  # the version installed, so only the rules differ

    old = f"pylatexenc {version_str}; {sorted(readable._CONVERTER_OPTIONS.items())}"
    piece_file.write_bytes(marshal.dumps((old, {r"\texttt{FedAvg}": ""})))
    latex_pieces.use_file(str(piece_file))
    assert plain(r"Averaging (\texttt{FedAvg})", Markup.LATEX) == "Averaging (FedAvg)"


def test_the_identity_names_the_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    before = readable._converter_identity()
    monkeypatch.setattr(readable, "_RULES_REVISION", readable._RULES_REVISION + 1)
    assert readable._converter_identity() != before
    monkeypatch.undo()
    monkeypatch.setattr(readable, "_SILENT_ALONE", readable._SILENT_ALONE | {"squad"})
    assert readable._converter_identity() != before
