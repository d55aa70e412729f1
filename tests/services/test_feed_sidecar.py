"""A conference feed's abstracts file, given with the feed or found beside its link (issue 19).

Newer NeurIPS/ICML/ICLR years publish abstracts only in {conf}-{year}-abstracts.json. It is
read when it sits beside the file (planner.formats.virtualsite), when it is given in the
same batch from anywhere else, and when a feed is added from a link whose folder has it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from planner.domain.errors import ScheduleError
from planner.services import adding

DATA = Path(__file__).resolve().parent.parent / "formats" / "data" / "virtualsite"
FEED = DATA / "neurips-2031-orals-posters.json"
SIDECAR = DATA / "neurips-2031-abstracts.json"
SPARSE_ABSTRACT = "We make attention sparse and robust, with $O(n \\log n)$ cost."


def _abstracts(schedule: object) -> dict[str, str]:
    """Abstracts by title, of the posters and the other talks (a paper's oral has its own)."""
    return {e.title: e.abstract for e in schedule.events if e.kind.value != "oral"}  # type: ignore[attr-defined]


def test_a_sidecar_given_from_elsewhere_is_read_with_its_feed(tmp_path: Path) -> None:
    (tmp_path / "feeds").mkdir()
    (tmp_path / "downloads").mkdir()
    feed = Path(shutil.copy(FEED, tmp_path / "feeds"))
    sidecar = Path(shutil.copy(SIDECAR, tmp_path / "downloads"))
    alone = adding.read_all([str(feed)])
    assert _abstracts(alone[0])["Sparse & Robust Attention for Long Documents"] == ""
    together = adding.read_all([str(feed), str(sidecar)])
    assert len(together) == 1  # the sidecar is no schedule of its own
    assert _abstracts(together[0])["Sparse & Robust Attention for Long Documents"] == SPARSE_ABSTRACT
    # Its own abstract wins over the sidecar's.
    assert _abstracts(together[0])["Calibrated Forecasts under Drift"] == "We calibrate forecasts when the data drift."
    # Named otherwise, one sidecar with one feed still pairs.
    renamed = Path(shutil.copy(SIDECAR, tmp_path / "downloads" / "abstracts (1).json"))
    assert _abstracts(adding.read_all([str(renamed), str(feed)])[0])[
        "Sparse & Robust Attention for Long Documents"] == SPARSE_ABSTRACT


def test_a_sidecar_alone_is_refused_with_a_reason(tmp_path: Path) -> None:
    sidecar = Path(shutil.copy(SIDECAR, tmp_path))
    with pytest.raises(ScheduleError, match="abstracts of a conference feed"):
        adding.read_all([str(sidecar)])
