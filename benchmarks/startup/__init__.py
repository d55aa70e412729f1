"""Start-up profilers, run by hand (``python -m benchmarks`` times the start; these explain it).

- ``python -m benchmarks.startup.compare REVISION``: cold starts of two revisions, interleaved.
- ``python -m benchmarks.startup.instructions``: cold starts counted in CPU instructions (valgrind).
- ``python -m benchmarks.startup.phases DB ...``: where a cold start goes, phase by phase.

All start the window through benchmarks/launch.py, the child the suite's cold-start
measurement uses too.
"""
