"""Plan my day in the window (issue 20): the day's path in My agenda with its walks and the
talks left out, Accept, re-planning after stars, the walk, the zone and the schedule change,
Plan B in the detail pane, and the free stretches with suggestions.

The schedule is tests/ui/plan_fest.py's: read its table first.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QSettings, Qt

import planner.ui.plan_view as plan_view_module
from planner.domain.marks import Tier
from planner.store import Library
from planner.ui.main_window import MainWindow
from planner.ui.plan_view import PlanView
from planner.ui.widgets.models import Roles
from planner.ui.widgets.plan_list import KIND, Row

from .helpers import current_id
from .plan_fest import STARS, write_fest

SHIFT = Qt.KeyboardModifier.ShiftModifier
ACCESSIBLE = Qt.ItemDataRole.AccessibleTextRole


@pytest.fixture
def fest(window: MainWindow, tmp_path: Path) -> dict[str, str]:
    """The window on Plan Fest's Saturday, its talks starred as plan_fest.STARS; ids by title."""
    assert window.import_files([str(write_fest(tmp_path))])
    ids = {e.title: e.id for e in window.days.all()}
    for title, tier in STARS.items():
        window.stars.set_tier(ids[title], tier, window.days)
    window.show_day(window.day_list[0])
    return ids


def plan(window: MainWindow) -> PlanView:
    return window.my_agenda.plan


def rows(window: MainWindow) -> list[tuple[Row, str]]:
    return [(r.kind, r.text) for r in plan(window).panel.model.rows()]


def path(window: MainWindow) -> list[str]:
    """The planned talks' ids, in the order the plan view lists them."""
    return [r.event_id for r in plan(window).panel.model.rows() if r.kind is Row.TALK]


def plan_with_keys(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.timeline.setFocus()
    qtbot.keyClick(window.timeline, Qt.Key.Key_P, SHIFT)


def test_shift_p_shows_the_path_with_walks_and_the_talks_left_out_with_the_winner(
        qtbot, window: MainWindow, fest: dict[str, str]) -> None:
    plan_with_keys(qtbot, window)
    assert window.agenda.stack.currentWidget() is plan(window).panel
    assert path(window) == [fest["Alpha"], fest["Delta"]]
    shown = rows(window)
    assert shown[0] == (Row.TALK, "09:00–10:00  Talk: Alpha\n    H.1301")
    assert (Row.WALK, "    ↓ walk 5 min to H.1302") in shown  # one building: one walk
    assert shown.index((Row.HEADING, "Left out (2)")) > shown.index((Row.TALK, "12:00–12:30  Talk: Delta\n    H.1302"))
    assert (Row.DROPPED, "09:30  ☆ maybe · Talk: Bravo\n    clashes with Talk: Alpha") in shown
    assert (Row.DROPPED, "10:08  ☆ maybe · Talk: Charlie\n    clashes with Talk: Alpha") in shown
    heading = plan(window).panel.heading.text()
    assert "PLAN FOR SAT 01 FEB" in heading and "not accepted yet" in heading
    talk = plan(window).panel.model.index(0, 0)
    assert talk.data(ACCESSIBLE) == "09:00 to 10:00, Talk: Alpha, in H.1301, must-see, in the plan"
    assert talk.data(KIND) is Row.TALK and talk.data(Roles.EVENT_ID) == fest["Alpha"]
    window.grab()  # paint the plan: a delegate that raises fails here


def test_the_button_in_my_agenda_plans_too_and_close_goes_back(qtbot, window: MainWindow,
                                                               fest: dict[str, str]) -> None:
    qtbot.mouseClick(window.agenda.plan_button, Qt.MouseButton.LeftButton)
    assert path(window) == [fest["Alpha"], fest["Delta"]]
    assert not window.agenda.unstar_button.isVisible()
    qtbot.mouseClick(plan(window).panel.close_button, Qt.MouseButton.LeftButton)
    assert window.agenda.stack.currentWidget() is window.agenda.tree
    assert window.agenda.plan_button.isVisible() and plan(window).result is None


def test_a_day_with_nothing_starred_says_so(qtbot, window: MainWindow) -> None:
    plan_with_keys(qtbot, window)
    assert window.agenda.page is None
    day = window.current_day
    assert day is not None
    assert window.statusBar().currentMessage() == (
        f"Nothing on {day:%a %d %b} is starred: star talks (S), then plan the day")


def test_accept_stores_the_plan_and_marks_the_cards_planned(qtbot, window: MainWindow, library: Library,
                                                            fest: dict[str, str]) -> None:
    plan_with_keys(qtbot, window)
    qtbot.mouseClick(plan(window).panel.accept_button, Qt.MouseButton.LeftButton)
    assert library.planned_ids() == {fest["Alpha"], fest["Delta"]}
    assert library.tiers()[fest["Bravo"]] is Tier.MAYBE  # the plan unstars nothing
    assert "✓ accepted" in plan(window).panel.heading.text()
    assert not plan(window).panel.accept_button.isEnabled()
    alpha = window.model.index_of(fest["Alpha"])
    assert alpha.data(Roles.PLANNED) is True and alpha.data(ACCESSIBLE).endswith("starred, must-see, planned")
    assert window.model.index_of(fest["Bravo"]).data(Roles.PLANNED) is False
    assert plan(window).panel.model.index(0, 0).data(ACCESSIBLE).endswith("must-see, planned")
    window.timeline.grab()  # the planned cards painted


def test_a_star_or_tier_change_plans_again(qtbot, window: MainWindow, fest: dict[str, str]) -> None:
    plan_with_keys(qtbot, window)
    with qtbot.waitSignal(plan(window).planned):
        window.stars.set_tier(fest["Charlie"], Tier.MUST, window.days)
    with qtbot.waitSignal(plan(window).planned):
        window.stars.set_tier(fest["Alpha"], Tier.MAYBE, window.days)
    # Charlie (must-see now) and Delta are worth 6; Alpha, a maybe, and Delta 4.
    assert path(window) == [fest["Charlie"], fest["Delta"]]
    assert (Row.DROPPED, "09:00  ☆ maybe · Talk: Alpha\n    clashes with Talk: Charlie") in rows(window)
    window.set_star(fest["Charlie"], False)
    assert path(window) == [fest["Alpha"], fest["Delta"]]
    # No longer starred, it is no talk left out: one to fill the free time with.
    assert [r.kind for r in plan(window).panel.model.rows() if r.event_id == fest["Charlie"]] == [Row.SUGGESTION]


def test_the_walking_time_is_a_setting_that_changes_the_plan(qtbot, window: MainWindow, fest: dict[str, str],
                                                             settings: QSettings, open_window, library: Library) -> None:  # type: ignore[no-untyped-def]
    plan_with_keys(qtbot, window)
    with qtbot.waitSignal(plan(window).planned):
        plan(window).panel.walk.setValue(3)
    assert settings.value("walkMinutes", type=int) == 3
    # 8 minutes from Alpha to Charlie are enough for 6 between buildings.
    assert path(window) == [fest["Alpha"], fest["Charlie"], fest["Delta"]]
    assert (Row.WALK, "    ↓ walk 6 min to K.3.401, other building") in rows(window)
    assert (Row.WALK, "    ↓ walk 6 min to H.1302, other building") in rows(window)
    window.close()
    again = open_window(library, settings, None)
    assert plan(again).walk == 3 and plan(again).panel.walk.value() == 3


def test_times_follow_the_display_zone_and_another_schedule_closes_the_plan(
        qtbot, window: MainWindow, fest: dict[str, str]) -> None:
    plan_with_keys(qtbot, window)
    with qtbot.waitSignal(plan(window).planned):
        window.set_display_zone("America/New_York")
    assert rows(window)[0] == (Row.TALK, "03:00–04:00  Talk: Alpha\n    H.1301")
    assert any(text.startswith("free 04:00–06:00") for kind, text in rows(window) if kind is Row.GAP)
    other = next(s.key for s in window.library.schedules() if s.key != window.schedule_key)
    window.shown.choose(other)
    assert plan(window).result is None and window.agenda.page is None


def test_a_schedule_update_plans_the_day_again(qtbot, window: MainWindow, fest: dict[str, str],
                                               tmp_path: Path) -> None:
    plan_with_keys(qtbot, window)
    moved = write_fest(tmp_path).read_text(encoding="utf-8").replace(
        "<date>2025-02-01T12:00:00+01:00</date><start>12:00</start><duration>00:30</duration><room>H.1302</room>"
        "<title>Delta</title>",
        "<date>2025-02-01T09:15:00+01:00</date><start>09:15</start><duration>00:30</duration><room>H.1302</room>"
        "<title>Delta</title>")
    assert moved != write_fest(tmp_path).read_text(encoding="utf-8")
    (tmp_path / "update").mkdir()
    updated = tmp_path / "update" / "plan-fest.xml"
    updated.write_text(moved, encoding="utf-8")
    with qtbot.waitSignal(plan(window).planned):
        assert window.import_files([str(updated)])
    # Delta (09:15-09:45) now clashes with Alpha, both must-see; Delta leaves time for Charlie.
    assert path(window) == [fest["Delta"], fest["Charlie"]]
    assert (Row.DROPPED, "09:00  Talk: Alpha\n    clashes with Talk: Delta and Talk: Charlie") in rows(window)


def test_plan_b_lists_what_runs_alongside_nearest_first_and_b_swaps_it_in(
        qtbot, window: MainWindow, library: Library, fest: dict[str, str]) -> None:
    plan_with_keys(qtbot, window)
    window.select_event(fest["Delta"])
    plan_b = plan(window).plan_b
    assert plan_b.isVisible()
    assert plan_b.ids() == [fest["India"], fest["Golf"], fest["Hotel"]]
    assert [plan_b.list.item(i).text().split(" · ", 1)[0] for i in range(3)] == [
        "Same room", "Same building", "Other building"]
    plan_b.list.setCurrentRow(1)
    window.timeline.setFocus()
    with qtbot.waitSignal(plan(window).planned):
        qtbot.keyClick(window.timeline, Qt.Key.Key_B)
    assert path(window) == [fest["Alpha"], fest["Golf"]]
    assert (Row.DROPPED, "12:00  Talk: Delta\n    clashes with Talk: Golf") in rows(window)
    assert "Plan B: around Talk: Golf" in plan(window).panel.heading.text()
    assert current_id(window) == fest["Golf"]  # shown, with its own Plan B
    assert fest["Delta"] in plan_b.ids()
    assert library.planned_ids() == set()  # not accepted until Accept
    # A star change keeps the Plan B.
    window.set_star(fest["Bravo"], False)
    assert path(window) == [fest["Alpha"], fest["Golf"]]
    qtbot.mouseClick(plan(window).panel.accept_button, Qt.MouseButton.LeftButton)
    assert library.planned_ids() == {fest["Alpha"], fest["Golf"]}


def test_b_on_a_talk_left_out_plans_the_day_around_it(qtbot, window: MainWindow, fest: dict[str, str]) -> None:
    window.select_event(fest["Bravo"])
    window.timeline.setFocus()
    qtbot.keyClick(window.timeline, Qt.Key.Key_B)  # no plan yet: made around Bravo
    assert fest["Bravo"] in path(window) and fest["Alpha"] not in path(window)


def test_free_stretches_suggest_talks_like_the_starred_ones_and_a_suggestion_selects(
        qtbot, window: MainWindow, fest: dict[str, str]) -> None:
    plan_with_keys(qtbot, window)
    model = plan(window).panel.model
    kinds = [r.kind for r in model.rows()]
    gap = kinds.index(Row.GAP)
    assert model.rows()[gap].text == "free 10:00–12:00 (2 h): you could see"
    offered = [r.event_id for r in model.rows()[gap + 1:gap + 4]]
    assert kinds[gap + 1:gap + 4] == [Row.SUGGESTION] * 3 and kinds[gap + 4] is not Row.SUGGESTION
    # The three that fit, most like the starred ones (both about the borrow checker, then
    # the earliest of those like nothing starred), listed in time order, as a timetable.
    assert offered == [fest["Lima"], fest["Juliet"], fest["Kilo"]]  # 10:15, 10:30, 11:00
    plan(window).panel.list.setCurrentIndex(model.index_of(fest["Kilo"]))
    assert current_id(window) == fest["Kilo"]


def test_a_big_schedule_is_planned_on_a_worker(qtbot, window: MainWindow, fest: dict[str, str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(plan_view_module, "PLAN_SYNC_LIMIT", 0)
    with qtbot.waitSignal(plan(window).planned, timeout=10_000):
        plan(window).plan_day()
    assert path(window) == [fest["Alpha"], fest["Delta"]]


def test_the_plan_model_keeps_the_contract(qtbot, qtmodeltester, window: MainWindow, fest: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    plan(window).plan_day()
    model = plan(window).panel.model
    qtmodeltester.check(model)
    assert model.data(QModelIndex()) is None and model.rowCount(model.index(0, 0)) == 0
    talk = model.index_of(fest["Alpha"])
    assert "09:00–10:00 in H.1301" in talk.data(Qt.ItemDataRole.ToolTipRole)
    walk = next(model.index(i, 0) for i, r in enumerate(model.rows()) if r.kind is Row.WALK)
    assert not walk.flags() & Qt.ItemFlag.ItemIsSelectable  # no talk to show


def test_the_day_planned_is_the_day_on_screen_in_the_display_zone(
        qtbot, window: MainWindow, fest: dict[str, str]) -> None:
    """Read in Kiritimati (UTC+14), Brussels' Saturday noon talks fall on Sunday: Plan My Day
    on the Sunday tab plans what that tab shows (Delta with Echo), not the conference's Sunday."""
    window.set_display_zone("Pacific/Kiritimati")
    sunday = window.days.day_of(window.days.event(fest["Delta"]))
    assert sunday == window.days.day_of(window.days.event(fest["Echo"]))
    window.show_day(sunday)
    plan_with_keys(qtbot, window)
    qtbot.waitUntil(lambda: bool(path(window)), timeout=5000)
    assert set(path(window)) == {fest["Delta"], fest["Echo"]}


def test_an_accepted_plans_talk_has_its_plan_b_with_the_plan_closed_and_swap_in_opens_the_plan(
        qtbot, window: MainWindow, library: Library, fest: dict[str, str]) -> None:
    plan_with_keys(qtbot, window)
    qtbot.mouseClick(plan(window).panel.accept_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(plan(window).panel.close_button, Qt.MouseButton.LeftButton)
    assert plan(window).result is None and window.agenda.page is None
    window.select_event(fest["Delta"])
    plan_b = plan(window).plan_b
    assert plan_b.isVisible()
    assert plan_b.ids() == [fest["India"], fest["Golf"], fest["Hotel"]]  # nearest rooms first
    window.select_event(fest["Bravo"])  # starred, in no accepted plan: no Plan B
    assert not plan_b.isVisible()
    window.select_event(fest["Delta"])
    plan_b.list.setCurrentRow(1)
    with qtbot.waitSignal(plan(window).planned):
        qtbot.mouseClick(plan_b.swap_button, Qt.MouseButton.LeftButton)
    assert window.agenda.stack.currentWidget() is plan(window).panel
    assert path(window) == [fest["Alpha"], fest["Golf"]]
    assert "Plan B: around Talk: Golf" in plan(window).panel.heading.text()
    assert library.planned_ids() == {fest["Alpha"], fest["Delta"]}  # not accepted until Accept


def test_b_on_an_accepted_plans_talk_with_the_plan_closed_swaps_in_the_first_alternative(
        qtbot, window: MainWindow, library: Library, fest: dict[str, str]) -> None:
    plan(window).plan_day()
    plan(window).accept()
    plan(window).close()
    window.select_event(fest["Delta"])
    window.timeline.setFocus()
    with qtbot.waitSignal(plan(window).planned):
        qtbot.keyClick(window.timeline, Qt.Key.Key_B)
    assert path(window) == [fest["Alpha"], fest["India"]]
    assert current_id(window) == fest["India"]


def test_my_agenda_rows_of_an_accepted_plan_say_planned_and_show_a_check(
        qtbot, qtmodeltester, window: MainWindow, fest: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    plan(window).plan_day()
    plan(window).accept()
    plan(window).close()
    model = window.agenda.model
    alpha, bravo = model.index_of(fest["Alpha"]), model.index_of(fest["Bravo"])
    assert alpha.data(ACCESSIBLE).startswith("09:00 Talk: Alpha, must-see, planned, ⚠ clashes with")
    assert alpha.data(Qt.ItemDataRole.DisplayRole).startswith("09:00 ✓  Talk: Alpha\n")
    assert alpha.data(Roles.PLANNED) is True and bravo.data(Roles.PLANNED) is False
    assert "planned" not in bravo.data(ACCESSIBLE) and "✓" not in bravo.data(Qt.ItemDataRole.DisplayRole)
    qtmodeltester.check(model)
    window.agenda.grab()
    # Planned no more (the day's plan cleared): only that row changes, and says so.
    with qtbot.waitSignal(model.dataChanged) as changed:
        model.set_planned({fest["Delta"]})
    assert changed.args[0] == alpha
    assert alpha.data(ACCESSIBLE).startswith("09:00 Talk: Alpha, must-see, ⚠")


NIGHT_FEST = """<?xml version="1.0" encoding="UTF-8"?><schedule><conference><title>Night Fest</title>
<acronym>nightfest</acronym><time_zone_name>Europe/Brussels</time_zone_name></conference>
<day index="1" date="2025-02-01"><room name="H.1301">
<event guid="00000000-0000-4000-8000-000000000101" id="101"><date>2025-02-01T20:00:00+01:00</date>
<start>20:00</start><duration>01:00</duration><room>H.1301</room><title>Evening</title><type>talk</type></event>
<event guid="00000000-0000-4000-8000-000000000102" id="102"><date>2025-02-02T03:00:00+01:00</date>
<start>03:00</start><duration>07:00</duration><room>H.1301</room><title>Night workshop</title><type>workshop</type></event>
</room></day>
<day index="2" date="2025-02-02"><room name="K.3.401">
<event guid="00000000-0000-4000-8000-000000000103" id="103"><date>2025-02-02T08:00:00+01:00</date>
<start>08:00</start><duration>00:30</duration><room>K.3.401</room><title>Dawn</title><type>talk</type></event>
</room><room name="H.1301">
<event guid="00000000-0000-4000-8000-000000000104" id="104"><date>2025-02-02T10:00:00+01:00</date>
<start>10:00</start><duration>00:30</duration><room>H.1301</room><title>Morning</title><type>talk</type></event>
</room></day></schedule>"""


def test_the_morning_after_a_night_workshop_is_planned_around_it(
        qtbot, window: MainWindow, library: Library, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Saturday's plan attends the night workshop (03:00-10:00 Sunday morning): Sunday's plan
    starts with it, says where it comes from, and leaves out the 08:00 talk it clashes
    with, where it used to plan that talk as well. Accepting Sunday plans Sunday's talks."""
    xml = tmp_path / "night.xml"
    xml.write_text(NIGHT_FEST, encoding="utf-8")
    assert window.import_files([str(xml)])
    ids = {e.title: e.id for e in window.days.all()}
    for title in ("Night workshop", "Dawn", "Morning"):
        window.stars.set_tier(ids[title], Tier.MUST, window.days)
    saturday, sunday = window.day_list
    window.show_day(sunday)
    plan_with_keys(qtbot, window)
    qtbot.waitUntil(lambda: ids["Morning"] in path(window), timeout=5000)
    assert path(window) == [ids["Night workshop"], ids["Morning"]]
    shown = rows(window)
    assert shown[0] == (Row.TALK, "03:00–10:00  Workshop: Night workshop (from Sat 01 Feb's plan)\n    H.1301")
    assert (Row.DROPPED, "08:00  Talk: Dawn\n    clashes with Workshop: Night workshop") in shown
    said = plan(window).panel.model.index(0, 0).data(ACCESSIBLE)
    assert "from Sat 01 Feb's plan" in said
    plan(window).panel.accept_button.click()
    qtbot.waitUntil(lambda: library.planned_ids() == {ids["Morning"]}, timeout=5000)  # Saturday's is Saturday's
    window.grab()  # paint the plan: a delegate that raises fails here


def test_a_session_s_posters_are_planned_board_by_board_and_say_their_board(
        qtbot, window: MainWindow, tmp_path: Path) -> None:
    """The plan is where to go: a poster's row names its board, in walking order."""
    from tests.ui.poster_feed import write_poster_feed

    assert window.import_files([str(write_poster_feed(tmp_path))])
    block = window.model.blocks()[0]  # Poster Session 1, boards #95 to #106, written last first
    posters = {e.poster_position: e.id for e in window.days.all() if e.id in block.members}
    for board in ("#100", "#95", "#99"):
        window.set_star(posters[board], True)
    plan_with_keys(qtbot, window)
    qtbot.waitUntil(lambda: bool(path(window)))
    assert path(window) == [posters["#95"], posters["#99"], posters["#100"]]
    talks = [text for kind, text in rows(window) if kind is Row.TALK]
    assert talks[0].endswith("\n    Exhibit Hall C,D,E · board #95")
    first = plan(window).panel.model.index(0, 0)
    assert "in Exhibit Hall C,D,E · board #95" in first.data(ACCESSIBLE)
