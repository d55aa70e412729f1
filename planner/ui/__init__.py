"""The window: the only package that imports PySide6."""

from planner.ui.quick_enums import build_qt_enums_quickly

# First, before PySide6 loads: it builds a Python enum class for each Qt enum it meets,
# and planner.ui.quick_enums builds them in half the time.
build_qt_enums_quickly()

from planner.ui.source_search import spare_source_searches  # noqa: E402  (after the line above)

# Then, before any window module loads: PySide6's import hook would otherwise read the
# source of each of them (planner.ui.source_search says why and what it saves).
spare_source_searches()
