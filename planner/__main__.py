"""``python -m planner`` runs the command line (and through it, the window)."""

import sys

from planner.cli import main

sys.exit(main())
