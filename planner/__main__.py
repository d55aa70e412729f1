"""``python -m planner`` runs the command line (and through it, the window)."""

import sys

from planner.entry import main

sys.exit(main())
