"""What the command line promises its callers: exit statuses, and the two things only Qt
can do that planner.entry hands in (so this package never imports Qt or planner.ui)."""

from __future__ import annotations

from collections.abc import Callable

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2

# Open the window (library path, files to add); render printable HTML as a PDF.
Window = Callable[[str | None, list[str]], int]
PdfRenderer = Callable[[str], bytes]
