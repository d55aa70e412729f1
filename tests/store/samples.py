"""What the store tests share: a small session page with accents and mixed case, and a
library holding the bundled session (the ``library`` fixture; import ``bundled``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from planner.store import Library
from planner.store.open import open_library

MINI = """## Mini session
### Session chairs
Élodie Müller
### Schedule
2021-06-01T09:00:00+02:00 - 2021-06-01T09:30:00+02:00
##### 1 - Oral: Über Gradienten
Élodie MÜLLER, Søren Ørsted

Stochastic optimisation in café settings.
2021-06-01T09:30:00+02:00 - 2021-06-01T10:00:00+02:00
##### 2 - Oral: Robust planning
Ada Lovelace

Schedules and calendars.
"""


@pytest.fixture(name="library")
def bundled(db_path: Path) -> Iterator[Library]:
    """A library holding the bundled session."""
    lib = open_library(db_path)
    yield lib
    if lib.is_open:
        lib.close()


def first_ids(library: Library, n: int) -> list[str]:
    """The ids of the library's first ``n`` events, by start."""
    return [e.id for e in library.events()][:n]
