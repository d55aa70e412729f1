"""The command line: the contract users and later features script against.

Only the window sub-commands import Qt (and only then); everything else runs without a
display. Exit status: 0 success, 1 bad input or data (one line on stderr), 2 usage.
The parser is in parser.py, the commands and their dispatch table in commands.py, what
they print in output.py.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path

from planner.cli.contract import EXIT_DATA, EXIT_OK, EXIT_USAGE, PdfRenderer, Window
from planner.cli.parser import Failure, check_names, parse
from planner.domain.errors import ScheduleError
from planner.store import NotALibrary, StoreError, default_db_path, is_damage, request_full_check

__all__ = ["EXIT_DATA", "EXIT_OK", "EXIT_USAGE", "PdfRenderer", "Window", "main"]


def main(argv: Sequence[str] | None = None, *, window: Window | None = None,
         render_pdf: PdfRenderer | None = None) -> int:
    """Run one command; ``window`` and ``render_pdf`` are what planner.entry passes."""
    args = parse(list(sys.argv[1:] if argv is None else argv))
    try:
        if args.command in (None, "open") and window is not None:
            # The window, straight away: every start of it would otherwise load the
            # commands and their output (about 6 ms) to use none of them.
            check_names(args)
            return window(getattr(args, "db", None), getattr(args, "files", []))
        from planner.cli.commands import run  # lazy: see above

        return run(args, window, render_pdf)
    except NotALibrary as exc:
        print(f"planner: {exc}; give another --db", file=sys.stderr)
        return EXIT_DATA
    except (ScheduleError, StoreError, Failure) as exc:
        print(f"planner: {exc}", file=sys.stderr)
        return EXIT_DATA
    except sqlite3.DatabaseError as exc:
        path = Path(args.db) if getattr(args, "db", None) else default_db_path()
        if not is_damage(exc):
            # Read-only, locked past the busy timeout, out of disk: a problem of the moment,
            # told in a line (the Library's own writes say it better, as StoreError).
            print(f"planner: cannot use the library {path}: {exc}; nothing was changed", file=sys.stderr)
            return EXIT_DATA
        # Found while reading, in pages the check at open does not read in a big library.
        request_full_check(path)
        print(f"planner: the library {path} is damaged ({exc}); the next command checks it "
              "and sets it aside (kept, never deleted), starting a new library", file=sys.stderr)
        return EXIT_DATA
    except BrokenPipeError:  # `planner list | head`: stop quietly, like other tools
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"planner: {where}{exc.strerror or exc}", file=sys.stderr)
        return EXIT_DATA
