"""The entry points, and the one place that chooses between command line and window.

``planner`` and ``python -m planner`` run main(), ``planner-gui`` gui_main(). The command
line (planner.cli) is given the window as a function to call, so planner.cli never
imports Qt or planner.ui, and planner.ui never imports planner.cli.
"""

from __future__ import annotations

import atexit
import gc
import os
import sys
from collections.abc import Sequence

from planner import dataclass_code
from planner.cache_folder import cache_dir
from planner.text import latex_pieces


def main(argv: Sequence[str] | None = None) -> int:
    load_command_line()
    from planner.cli import main as cli_main  # lazy: loaded by the line above

    return cli_main(argv, window=open_window, render_pdf=render_pdf)


def load_command_line() -> None:
    """Load the command line's modules as every start does, first (the window's come later)."""
    if "planner.cli" in sys.modules:
        return
    # Before the first dataclass: their methods come compiled from the last run, and what
    # this run compiles is kept at its exit (planner.dataclass_code: 10 ms of a start).
    # The same for LaTeX converted to text (planner.text.latex_pieces: 12 ms of a start on
    # a schedule written in LaTeX).
    dataclass_code.use_cache()
    latex_pieces.use_file(os.path.join(cache_dir(), latex_pieces.FILE_NAME))
    atexit.register(dataclass_code.save)
    atexit.register(latex_pieces.save)
    # No cyclic garbage collection while the command line's modules load: they make objects
    # that live until exit, and a collection would only scan them (see planner.ui.app).
    # Frozen once loaded, no later collection scans them either: turned back on with them
    # unfrozen, the collector went through them all at once (0.8 ms of a start, gc.callbacks).
    gc.disable()
    try:
        import planner.cli  # noqa: F401  (lazy: 20 ms the display probe does not need)
    finally:
        gc.freeze()
        gc.enable()


def render_pdf(html: str) -> bytes:
    """Printable HTML as a PDF, through Qt's writer (loaded only for a PDF export)."""
    from planner.ui.widgets.printing import html_to_pdf  # lazy: Qt, only for a PDF export

    return html_to_pdf(html)


def gui_main() -> int:
    """The ``planner-gui`` launcher: the window on the library, as ``planner`` alone."""
    return main([])


def open_window(db: str | None, files: list[str]) -> int:
    """Open the window on the library ``db`` with ``files`` added, or say in one line why not."""
    reason = _no_display_reason()
    if reason:
        print(f"planner: cannot open the window: {reason}", file=sys.stderr)
        return 1
    try:
        from planner.ui.app import run  # lazy: Qt (93 ms), never for the command line
    except ImportError as exc:
        print(f"planner: cannot open the window: Qt is not usable here ({exc})", file=sys.stderr)
        return 1
    return run(db=db, files=files)


def _no_display_reason() -> str:
    """Qt aborts the process when it cannot reach a display; say it in one line instead."""
    if not sys.platform.startswith("linux"):
        return ""
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform.startswith(("offscreen", "minimal", "vnc", "eglfs", "linuxfb")):
        return ""
    if os.environ.get("WAYLAND_DISPLAY"):
        return ""
    display = os.environ.get("DISPLAY", "")
    if display:
        # A set but dead DISPLAY (a closed ssh -X session, a stopped Xvfb) aborts Qt too.
        if platform in ("", "xcb") and not _x11_answers(display):
            return f"cannot connect to the X display {display!r}"
        missing = _missing_xcb_packages() if platform in ("", "xcb") else []
        if missing:
            return f"Qt's X11 support needs {', '.join(missing)} (Debian/Ubuntu: apt-get install {' '.join(missing)})"
        return ""
    return "no display found (DISPLAY and WAYLAND_DISPLAY are unset)"


# The libraries Qt's xcb platform plugin links (ldd of libqxcb.so and libQt6XcbQpa),
# beyond libxcb and libX11 themselves, with the Debian/Ubuntu package of each. A bare
# Debian with Xvfb lacks several (icccm and keysyms were missing here), and Qt then
# aborts with a message that names only libxcb-cursor0.
XCB_LIBRARIES = (
    ("libxcb-cursor.so.0", "libxcb-cursor0"), ("libxcb-icccm.so.4", "libxcb-icccm4"),
    ("libxcb-image.so.0", "libxcb-image0"), ("libxcb-keysyms.so.1", "libxcb-keysyms1"),
    ("libxcb-randr.so.0", "libxcb-randr0"), ("libxcb-render-util.so.0", "libxcb-render-util0"),
    ("libxcb-shape.so.0", "libxcb-shape0"), ("libxcb-xkb.so.1", "libxcb-xkb1"),
    ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"), ("libX11-xcb.so.1", "libx11-xcb1"),
)


def _missing_xcb_packages() -> list[str]:
    """The packages of the libraries above that the dynamic loader cannot find.

    Loaded the way Qt will load them (dlopen by soname, microseconds each), rather than
    asked of ldconfig, which takes a process per name.
    """
    import ctypes  # lazy: 2 ms, only when the window starts

    missing = []
    for soname, package in XCB_LIBRARIES:
        try:
            ctypes.CDLL(soname)
        except OSError:
            missing.append(package)
    return missing


def _x11_answers(display: str) -> bool:
    """Whether an X server accepts connections at ``display`` ("[host]:N[.screen]")."""
    import socket  # lazy: 4 ms, only when the window starts

    host, _, rest = display.rpartition(":")
    number = rest.split(".")[0]
    if not number.isdigit():
        return True  # a form we do not parse: let Qt try
    if not number.isascii():
        return False  # "²" or "١": digits to Python (int() refused "²"), never to X
    if host and host != "unix":
        try:
            socket.create_connection((host, 6000 + int(number)), timeout=2).close()
            return True
        except OSError:
            return False
    for path in (f"\0/tmp/.X11-unix/X{number}", f"/tmp/.X11-unix/X{number}"):  # abstract, then file
        with socket.socket(socket.AF_UNIX) as sock:
            sock.settimeout(2)
            try:
                sock.connect(path)
                return True
            except OSError:
                continue
    return False
