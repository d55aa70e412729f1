"""Scale and speed measurements for Planner (issue 6); not part of the test suite.

Run ``python -m benchmarks`` from the project root. Inputs are generated into a cache
directory; every measurement runs several times and the runner prints medians (and
p95 where the targets ask for it) with the machine's Python and Qt versions.
benchmarks/startup/ holds the start-up profilers (phases, compare, instructions), run
by hand; benchmarks/RESULTS.md has the figures.
"""
