"""The window: the only package that imports PySide6."""

from planner.ui.source_search import spare_source_searches

# First, before any window module loads: PySide6's import hook would otherwise read the
# source of each of them (planner.ui.source_search says why and what it saves).
spare_source_searches()
