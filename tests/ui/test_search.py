"""Search and filters: typing dims the cards that do not match (title, author, abstract;
case- and accent-insensitive), Esc clears, kind filters and "starred only" combine."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from planner.ui.main_window import MainWindow
from planner.ui.widgets.models import Roles

from .helpers import event, write_tiny


def matching(window: MainWindow) -> set[str]:
    """Headings of the cards that pass search and filters, read through the model role."""
    model = window.model
    return {model.index(r, 0).data(Roles.EVENT).heading
            for r in range(model.rowCount()) if model.index(r, 0).data(Roles.MATCHES)}


def type_in_search(qtbot, window: MainWindow, text: str) -> list[int]:  # type: ignore[no-untyped-def]
    """Type ``text`` key by key; returns the matching count after each key."""
    counts: list[int] = []
    window.search.textChanged.connect(lambda _: counts.append(window.model.matching_count()))
    window.focus_search()
    qtbot.keyClicks(window.search, text)
    return counts


def test_nothing_is_dimmed_without_a_search(window: MainWindow) -> None:
    assert window.model.matching_count() == 15
    assert len(matching(window)) == 14  # two Q&As share the heading "Q&A"
    assert "match" not in window.count_label.text()


def test_typing_narrows_the_matching_cards_as_you_type(qtbot, window: MainWindow) -> None:
    counts = type_in_search(qtbot, window, "normalization layers")
    assert len(counts) == len("normalization layers")  # updated on every key
    assert counts[0] < 15  # "n" already narrows (prefix search)
    assert all(a >= b for a, b in zip(counts, counts[1:], strict=False))
    assert matching(window) == {"Oral 1"}
    assert window.model.matching_count() == 1
    assert window.model.rowCount() == 15  # dimmed, not removed
    assert "1 of 15 on this day match · " in window.count_label.text()


def test_the_count_is_of_the_whole_day_when_rooms_without_a_match_fold_away(
        qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # 38C3's "rust": "1 of 10 on this day match" on a day of 320, the 10 being the talks of
    # the one room left on screen.
    from .plan_fest import write_fest

    assert window.import_files([str(write_fest(tmp_path))])
    day = len(window.rooms.day)
    type_in_search(qtbot, window, "Alpha")
    assert window.model.matching_count() == 1 and window.model.rowCount() < day  # rooms folded
    assert f"1 of {day} on this day match · " in window.count_label.text()


def test_search_is_case_insensitive_and_covers_authors_and_abstracts(qtbot, window: MainWindow) -> None:
    type_in_search(qtbot, window, "KARAKIDA")  # an author of Oral 2
    assert matching(window) == {"Oral 2"}
    window.search.clear()
    type_in_search(qtbot, window, "adder neural")  # in Spotlight 6's title and abstract
    assert matching(window) == {"Spotlight 6"}
    window.search.clear()
    type_in_search(qtbot, window, "Marcenko-Pastur")  # only in Oral 3's abstract
    assert matching(window) == {"Oral 3"}


def test_search_is_accent_insensitive(qtbot, window: MainWindow, tmp_path: Path) -> None:
    assert window.import_files([str(write_tiny(tmp_path))])
    type_in_search(qtbot, window, "muller")
    assert matching(window) == {"Oral 1"}
    window.search.clear()
    window.search.insert("MÜLLER jürgen")  # QTest types ASCII only: paste-like input
    assert matching(window) == {"Oral 1"}
    window.step_day(1)
    window.search.clear()
    type_in_search(qtbot, window, "elodie brule")
    assert matching(window) == {"Oral 3"}


def test_a_search_that_matches_nothing_dims_everything(qtbot, window: MainWindow) -> None:
    type_in_search(qtbot, window, "zzzqqq")
    assert window.model.matching_count() == 0
    assert matching(window) == set()
    window.grab()


def test_search_syntax_characters_are_plain_text(qtbot, window: MainWindow) -> None:
    for text in ('"', "AND (", "*", "NOT -", "a:b"):
        window.search.setText(text)  # must not raise (FTS syntax) or log warnings
        assert window.model.matching_count() <= 15
    window.search.setText('"Q&A"')
    assert window.model.matching_count() >= 0


def test_esc_clears_the_search(qtbot, window: MainWindow) -> None:
    type_in_search(qtbot, window, "kernel")
    assert window.model.matching_count() < 15
    qtbot.keyClick(window.search, Qt.Key.Key_Escape)
    assert window.search.text() == ""
    assert window.model.matching_count() == 15
    assert "match" not in window.count_label.text()


def test_enter_in_search_selects_the_first_match(qtbot, window: MainWindow) -> None:
    type_in_search(qtbot, window, "collegial")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert window.current_event() == event(window, "Spotlight 8")
    assert window.timeline.hasFocus()


def test_j_and_k_skip_cards_that_do_not_match(qtbot, window: MainWindow) -> None:
    type_in_search(qtbot, window, "kernel")
    expected = [e for e in window.model.events() if e.heading in matching(window)]
    assert len(expected) >= 2
    seen = []
    for _ in expected:
        qtbot.keyClick(window.timeline, Qt.Key.Key_J)
        seen.append(window.current_event())
    assert seen == expected


def test_kind_filters_hide_kinds_and_combine_with_search(qtbot, window: MainWindow) -> None:
    assert set(window.kind_buttons) == {"oral", "spotlight", "other"}
    spotlights = window.kind_buttons["spotlight"]
    qtbot.mouseClick(spotlights, Qt.MouseButton.LeftButton)
    assert not spotlights.isChecked()
    assert not any(h.startswith("Spotlight") for h in matching(window))
    assert {"Oral 1", "Oral 2", "Oral 3"} <= matching(window)

    type_in_search(qtbot, window, "kernel")
    assert matching(window) == {"Oral 2", "Oral 3"}
    qtbot.mouseClick(spotlights, Qt.MouseButton.LeftButton)
    assert matching(window) == {"Oral 2", "Oral 3", "Spotlight 5", "Spotlight 6", "Spotlight 8", "Spotlight 10"}

    qtbot.mouseClick(window.kind_buttons["other"], Qt.MouseButton.LeftButton)
    window.search.clear()
    assert not matching(window) & {"Break", "Q&A", "Other"}
    assert window.model.matching_count() == 11


def test_starred_only_combines_with_search_and_kind_filters(qtbot, window: MainWindow) -> None:
    for heading in ("Oral 1", "Spotlight 6", "Spotlight 12"):
        window.set_star(event(window, heading).id, True)
    qtbot.mouseClick(window.starred_only, Qt.MouseButton.LeftButton)
    assert window.starred_only_action.isChecked()
    assert matching(window) == {"Oral 1", "Spotlight 6", "Spotlight 12"}

    type_in_search(qtbot, window, "kernel")
    assert matching(window) == {"Spotlight 6"}

    window.search.clear()
    qtbot.mouseClick(window.kind_buttons["spotlight"], Qt.MouseButton.LeftButton)
    assert matching(window) == {"Oral 1"}

    # Unstarring under "starred only" takes the card out at once.
    window.set_star(event(window, "Oral 1").id, False)
    assert matching(window) == set()

    qtbot.keyClick(window.timeline, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert not window.starred_only_action.isChecked()
    assert matching(window) == {"Oral 1", "Oral 2", "Oral 3", "Break", "Q&A", "Other"}


def test_the_search_survives_a_day_change(qtbot, window: MainWindow, tmp_path: Path) -> None:
    assert window.import_files([str(write_tiny(tmp_path))])
    type_in_search(qtbot, window, "day two")
    assert matching(window) == set()  # nothing on day one
    window.step_day(1)
    assert window.search.text() == "day two"
    assert "Oral 3" in matching(window)
