"""Poster boards: the order an attendee walks a poster hall in.

Feeds publish a poster's place as text ("#2504", "B12", "Hall C #17", "" when none).
Sorted as text, "#100" comes before "#99"; an attendee walks by number. board_order
sorts by the text's letters and each run of digits as a number, so "#99" < "#100" and
"A2" < "A10" < "B1"; posters without a board come last, by title.
"""

from __future__ import annotations

import re

_RUNS = re.compile(r"(\d+)")


def board_order(position: str) -> tuple[bool, tuple[tuple[int, str], ...]]:
    """A sort key for a board text: no board last, else letters and numbers as an attendee reads them."""
    text = position.strip().lstrip("#").strip()
    if not text:
        return (True, ())
    parts = _RUNS.split(text.casefold())
    # split puts the digit runs at odd indexes. Numbers become (1, zero-padded digits) and
    # letters (0, letters): every element is (int, str), so any two keys compare, whatever
    # mix of letters and numbers two feeds write.
    return (False, tuple((1, part.zfill(12)) if i % 2 else (0, part) for i, part in enumerate(parts) if part))
