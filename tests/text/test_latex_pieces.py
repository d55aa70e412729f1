"""LaTeX converted in one run is taken from planner.text.latex_pieces' file in the next."""

from __future__ import annotations

import json
import marshal
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from planner.domain.model import Markup
from planner.text import latex_pieces, readable

ROOT = Path(__file__).resolve().parents[2]
TITLE = r"Sparse $\ell_1$ recovery at 76.8\% of \textit{the} cost -- and $\alpha$-stable laws"


@pytest.fixture
def piece_file(tmp_path: Path) -> Iterator[Path]:
    """The module as a new run finds it, keeping its pieces in a file under tmp_path."""
    path = tmp_path / "cache" / latex_pieces.FILE_NAME
    latex_pieces.use_file(str(path))
    yield path
    latex_pieces.use_file("")  # back to memory only, for the tests after this one


def _next_run(path: Path) -> None:
    latex_pieces.use_file(str(path))  # forgets what this process converted, as a new process


def test_a_second_run_converts_nothing_and_shows_the_same(piece_file: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    first = readable.readable(TITLE, Markup.LATEX)
    assert first == "Sparse ℓ_1 recovery at 76.8% of the cost – and α-stable laws"
    assert latex_pieces.save() and piece_file.exists()
    assert not latex_pieces.save()  # nothing new since: nothing written

    _next_run(piece_file)

    def no_pylatexenc() -> None:
        raise AssertionError("pylatexenc was asked for a piece the file holds")

    monkeypatch.setattr(readable, "_converter", no_pylatexenc)
    assert readable.readable(TITLE, Markup.LATEX) == first


def test_a_piece_never_seen_is_converted_and_added(piece_file: Path) -> None:
    readable.readable(r"$\beta$", Markup.LATEX)
    latex_pieces.save()
    _next_run(piece_file)
    assert readable.readable(r"$\beta$ and $\gamma$", Markup.LATEX) == "β and γ"
    assert latex_pieces.save()
    _next_run(piece_file)
    assert {r"$\beta$", r"$\gamma$"} <= set(latex_pieces.known(readable._converter_identity))


def test_pieces_of_another_converter_are_not_used(piece_file: Path) -> None:
    readable.readable(r"$\alpha$", Markup.LATEX)
    latex_pieces.save()
    identity, pieces = marshal.loads(piece_file.read_bytes())
    assert identity.startswith("pylatexenc ") and "math_mode" in identity
    # Another pylatexenc (or other options) wrote it, and its α was different.
    piece_file.write_bytes(marshal.dumps(("pylatexenc 0.1; []", {r"$\alpha$": "WRONG"})))
    _next_run(piece_file)
    assert readable.readable(r"$\alpha$", Markup.LATEX) == "α"


@pytest.mark.parametrize("content", [b"", b"not marshal", marshal.dumps(("x", "y")), marshal.dumps([1, 2, 3])])
def test_a_file_that_cannot_be_used_is_ignored_and_replaced(piece_file: Path, content: bytes) -> None:
    piece_file.parent.mkdir(parents=True, exist_ok=True)
    piece_file.write_bytes(content)
    assert readable.readable(r"$\delta$", Markup.LATEX) == "δ"
    assert latex_pieces.save()
    _next_run(piece_file)
    assert latex_pieces.known(readable._converter_identity) == {r"$\delta$": "δ"}


def test_a_file_whose_pieces_are_not_text_is_ignored(piece_file: Path) -> None:
    readable.readable(r"$\alpha$", Markup.LATEX)
    latex_pieces.save()
    identity, _ = marshal.loads(piece_file.read_bytes())
    piece_file.write_bytes(marshal.dumps((identity, {r"$\alpha$": 7})))
    _next_run(piece_file)
    assert latex_pieces.known(readable._converter_identity) == {}


def test_the_file_keeps_the_newest_pieces_past_its_limit(piece_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(latex_pieces, "MOST_KEPT", 2)
    for letter in ("alpha", "beta", "gamma"):
        readable.readable(f"$\\{letter}$", Markup.LATEX)
    latex_pieces.save()
    _next_run(piece_file)
    assert list(latex_pieces.known(readable._converter_identity)) == [r"$\beta$", r"$\gamma$"]


def test_without_a_file_nothing_is_written(tmp_path: Path) -> None:
    latex_pieces.use_file("")
    assert readable.readable(r"$\epsilon$", Markup.LATEX) == "ϵ"
    assert not latex_pieces.save()
    assert not any(tmp_path.iterdir())


def test_a_start_on_known_latex_does_not_load_pylatexenc(tmp_path: Path) -> None:
    # Two processes started as the command line starts: the first converts and keeps the
    # pieces at its exit, the second finds them and loads no more than pylatexenc's version.
    probe = textwrap.dedent(f"""
        import json, sys
        from planner.entry import load_command_line
        load_command_line()
        from planner.domain.model import Markup
        from planner.text.readable import readable
        text = readable({TITLE!r}, Markup.LATEX)
        print(json.dumps([text, sorted(name for name in sys.modules if name.startswith("pylatexenc"))]))
    """)
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path), "PYTHONPATH": str(ROOT)}
    runs = []
    for _ in range(2):
        done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, cwd=ROOT,
                              timeout=120, check=False)
        assert done.returncode == 0, done.stderr[-3000:]
        runs.append(json.loads(done.stdout.splitlines()[-1]))
    (first_text, first_modules), (second_text, second_modules) = runs
    assert "pylatexenc.latex2text" in first_modules  # the recording works
    assert second_text == first_text
    assert second_modules == ["pylatexenc", "pylatexenc.version"]
