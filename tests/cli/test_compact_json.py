"""planner.cli.compact writes exactly what json.dumps(data, ensure_ascii=False) gives."""

from __future__ import annotations

import io
import json

import pytest

from planner.cli import compact
from planner.cli.compact import write_compact


def _written(data: object) -> str:
    out = io.StringIO()
    write_compact(data, out)
    return out.getvalue()


EVENT = {
    "id": "e1", "title": "Über \"quotes\" \\ and\ttabs\n", "authors": ["Søren", "李"], "number": None,
    "all_day": False, "score": 0.25, "emoji": "🎉", "control": "\x00\x1f\u2028", "links": [],
}


@pytest.mark.parametrize("count", [0, 1, compact._SLICE - 1, compact._SLICE, compact._SLICE + 1, 3 * compact._SLICE + 7])
def test_a_document_of_any_length_is_written_as_json_dumps_writes_it(count: int) -> None:
    events = [dict(EVENT, id=f"e{i}", number=i, title=EVENT["title"] if i % 7 else "ascii only") for i in range(count)]
    document = {"sessions": [{"title": "Söhne", "chairs": []}], "events": events, "empty": {}, "nested": {"a": events}}
    assert _written(document) == json.dumps(document, ensure_ascii=False)


@pytest.mark.parametrize("data", [
    {}, [], "text", 3, None, True, {1: "int key"}, ("a", "tuple"), [[1, 2]] * 120, {"k": ("x",) * 60},
])
def test_anything_else_too(data: object) -> None:
    assert _written(data) == json.dumps(data, ensure_ascii=False)
