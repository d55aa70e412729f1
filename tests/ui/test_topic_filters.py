"""Filters by topic and by institution, for the academic feeds (issue 19, Papers)."""

from __future__ import annotations

from pathlib import Path

from planner.ui.main_window import MainWindow

FEED = Path(__file__).resolve().parent.parent / "formats" / "data" / "virtualsite" / "neurips-2031-orals-posters.json"


def _passing_titles(window: MainWindow) -> set[str]:
    ids = window.narrowing.ids_for_day()
    assert ids is not None
    return {window.days.event(i).title for i in ids}  # type: ignore[union-attr]


def _choose(box, text: str) -> None:  # type: ignore[no-untyped-def]
    index = next(i for i in range(box.count()) if box.itemText(i).strip().startswith(text))
    box.setCurrentIndex(index)


def test_a_topic_and_an_institution_narrow_the_day(window: MainWindow) -> None:
    bar = window.filter_bar
    assert not bar.topic_action.isVisible()  # the bundled session has no topics
    assert window.import_files([str(FEED)])
    assert bar.topic_action.isVisible() and bar.institution_action.isVisible()
    topics = [bar.topic_box.itemText(i) for i in range(bar.topic_box.count())]
    assert topics == ["All topics", "Theory — all (2)", "    Learning Theory (2)", "Deep Learning — all (1)",
                      "    Theory (1)"]
    calibrated = next(e for e in window.library.events() if e.title == "Calibrated Forecasts under Drift")
    window.select_event(calibrated.id)  # Tue 09 Dec: two posters
    assert window.narrowing.ids_for_day() is None  # nothing chosen: nothing narrowed
    _choose(bar.topic_box, "Theory — all")
    assert _passing_titles(window) == {"Sparse & Robust Attention for Long Documents"}
    assert window.model.matching_count() == 1
    _choose(bar.topic_box, "All topics")
    _choose(bar.institution_box, "Université de Montréal")
    assert _passing_titles(window) == {"Calibrated Forecasts under Drift"}
    # With a search too: both must hold.
    window.search.setText("attention")
    window.finder.settle()
    assert _passing_titles(window) == set()
    window.search.clear()
    # Typing a name that is no institution filters nothing rather than everything.
    bar.institution_box.setEditText("Nowhere Institute")
    assert window.narrowing.ids_for_day() is None


def test_another_schedule_hides_the_boxes_and_an_update_keeps_them_honest(window: MainWindow) -> None:
    bar = window.filter_bar
    assert window.import_files([str(FEED)])
    _choose(bar.topic_box, "Deep Learning — all")
    window.reload(next(s.key for s in window.library.schedules() if s.key != window.schedule_key))
    assert not bar.topic_action.isVisible() and not bar.institution_action.isVisible()
    assert bar.filters().topic == "" and bar.filters().institution == ""
