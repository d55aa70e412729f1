"""Pieces of LaTeX converted in earlier runs, kept so that a start need not load pylatexenc.

planner.text.readable converts a title's or an abstract's LaTeX piece by piece (``$\\ell_1$``,
``\\%``, ``\\textit{...}``), and the same pieces recur across a conference and from one
run to the next. Converting the first one loads pylatexenc and builds its macro tables:
12 ms, which a start on a NeurIPS-sized schedule paid for the handful of pieces on its
first cards (benchmarks/RESULTS.md). This keeps every piece converted, with its text, in
a file in the user's cache folder; a later run finds them there and loads pylatexenc only
for a piece it has never seen.

The file is for one converter: its first entry names pylatexenc's version and the options
readable gives it, and a file naming another is ignored (and replaced), so an upgrade of
pylatexenc, or a change of the options, converts everything anew. Nothing is read or
written until :func:`use_file` names the file (the entry points do; a test or a library
user that does not keeps everything in memory), and the file is read only when the first
piece of LaTeX is wanted: a start with none never opens it.
"""

from __future__ import annotations

from collections.abc import Callable

from planner.cache_folder import keep, kept

FILE_NAME = "latex-pieces.marshal"
# A file past this many pieces keeps the newest: enough for the largest conferences in the
# corpus many times over (the 50,000-event benchmark schedule has 3,000-odd distinct pieces).
MOST_KEPT = 50_000

_path = ""
_identity = ""
_pieces: dict[str, str] | None = None
_new = 0


def use_file(path: str) -> None:
    """Keep the pieces in ``path`` (read when the first piece is wanted, written by save)."""
    global _path, _pieces
    _path, _pieces = path, None


def known(identity: Callable[[], str]) -> dict[str, str]:
    """Every piece converted so far (piece -> text), read from the file on the first call.

    ``identity()`` names the converter; pieces a file holds for another are not used. The
    dict is the live cache: add to it through :func:`remember`.
    """
    global _pieces, _identity
    if _pieces is None:
        _identity = identity()
        _pieces = _read(_path, _identity) if _path else {}
    return _pieces


def remember(piece: str, text: str) -> None:
    """Keep a piece just converted, in memory and, at the next save, in the file."""
    global _new
    if _pieces is not None:
        _pieces[piece] = text
        _new += 1


def save() -> bool:
    """Write the file if this run converted pieces it did not hold; True if written."""
    global _new
    if not _new or not _path or _pieces is None:
        return False
    pieces = _pieces if len(_pieces) <= MOST_KEPT else dict(list(_pieces.items())[-MOST_KEPT:])
    if not keep(_path, (_identity, pieces)):
        return False  # pylatexenc converts them again next time
    _new = 0
    return True


def _read(path: str, identity: str) -> dict[str, str]:
    found = kept(path)
    if not isinstance(found, tuple) or len(found) != 2:
        return {}
    named, pieces = found
    if named != identity or not isinstance(pieces, dict):
        return {}
    if not all(type(piece) is str and type(text) is str for piece, text in pieces.items()):
        return {}
    return pieces
