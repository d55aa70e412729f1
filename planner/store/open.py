"""Opening the library the way both the command line and the window do.

On first use the library receives the bundled session, once: an attendee who later
removes it does not see it come back.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from planner.store import Library, default_db_path
from planner.store.recovery import upgrade_pending

_SEEDED = "seeded-bundled-session"


def open_library(db: str | os.PathLike[str] | None = None, *, seed: bool = True, recover: bool = True,
                 before_upgrade: Callable[[], object] | None = None, full_check: bool | None = None) -> Library:
    """Open (creating if needed) the library at ``db``, $PLANNER_DB, or the default path.

    A damaged library is moved aside and a fresh one started (and seeded, as on first
    use); ``library.recovery_notice`` is then the sentence to show the user, once.
    ``before_upgrade`` is called first when a library from an older Planner is about
    to be migrated (the window says so: it can take seconds). ``full_check`` as Library's.
    """
    path = Path(db) if db is not None else default_db_path()
    if before_upgrade is not None and upgrade_pending(path):
        before_upgrade()
    library = Library(path, recover=recover, full_check=full_check)
    if seed and library.get_meta(_SEEDED) is None:
        if not library.schedules():
            from planner.formats import load  # the parsers are needed on first use only
            from planner.shipped import bundled_session  # lazy, as above

            library.import_schedule(load(bundled_session()))
        library.set_meta(_SEEDED, "1")
    return library
