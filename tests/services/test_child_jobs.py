"""Work done in a child process answers as the same work done here, and says why it failed.

Why it runs in a child at all (a thread starved the window's reads for the length of a
build) is measured by ``python -m benchmarks.busy_reads``, not timed here.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from planner.domain import similar as similar_module
from planner.domain.similar import SimilarityIndex
from planner.services import child_jobs
from planner.services.child_jobs import (
    ChildInputError,
    ChildJobError,
    ChildJobStopped,
    add_files,
    ranked_suggestions,
    similarity_index,
    store_download,
)
from planner.services.suggesting import suggestions
from planner.store import Library
from planner.store.open import open_library


@pytest.fixture()
def library(tmp_path: Path) -> Library:
    opened = open_library(tmp_path / "library.sqlite3")  # the bundled session, as on first run
    yield opened
    opened.close()


def key_of(library: Library) -> str:
    return library.schedules()[0].key


def test_the_index_built_in_a_child_answers_as_one_built_here(library: Library) -> None:
    events = library.events(schedule_key=key_of(library))
    here = SimilarityIndex(events)
    there = similarity_index(library.path, key_of(library))
    assert len(there) == len(here) > 10
    for event in events:
        assert there.similar(event.id, limit=50) == here.similar(event.id, limit=50)


def test_it_is_built_in_another_process(library: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    # Building here is made to fail: an index still comes back, so it was built elsewhere.
    def nowhere(self: SimilarityIndex, events: object = ()) -> None:
        raise AssertionError("built in the window's process")

    key = key_of(library)
    monkeypatch.setattr(similar_module.SimilarityIndex, "__init__", nowhere)
    assert len(similarity_index(library.path, key)) > 10


def test_suggestions_ranked_in_a_child_are_those_ranked_here(library: Library) -> None:
    key = key_of(library)
    events = library.events(schedule_key=key)
    talks = [e for e in events if e.kind.is_talk]
    library.star(e.id for e in talks[:3])
    expected = [(s.event.id, s.score, s.like) for s in suggestions(library, schedule_key=key, limit=6)]
    assert len(expected) == 6

    index, found = ranked_suggestions(library.path, key, 6, None)
    assert found == expected
    assert index.similar(talks[0].id) == SimilarityIndex(events).similar(talks[0].id)
    # Given the index, the child ranks with it and sends none back.
    given = SimilarityIndex(events)
    again, found_again = ranked_suggestions(library.path, key, 6, given)
    assert again is given and found_again == expected


def test_a_failing_child_says_why_in_one_line(library: Library, tmp_path: Path) -> None:
    missing = tmp_path / "elsewhere" / "library.sqlite3"
    with pytest.raises(ChildJobError, match=f"similarity-index failed: no library at {missing}$"):
        similarity_index(missing, "x")
    assert not missing.parent.exists()  # and it made nothing there
    library.close()
    Path(library.path).write_bytes(b"this is not a database" * 100)
    # A library the store refuses: its own words, as the window shows them for one opened here.
    with pytest.raises(ChildInputError) as refused:
        similarity_index(library.path, "x")
    assert str(refused.value) == f"{library.path} is not a Planner library (it is not an SQLite database); " \
        "it was left untouched"


def test_a_child_that_cannot_start_says_so(library: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "executable", str(Path(library.path).parent / "no-such-python"))
    with pytest.raises(ChildJobError, match="could not run similarity-index"):
        similarity_index(library.path, key_of(library))


def test_an_unknown_job_is_a_usage_error(library: Library) -> None:
    with pytest.raises(ChildJobError, match="usage: python -m planner.services.child_jobs"):
        child_jobs.run("no-such-job", library.path, key_of(library))


# -- adding files ----------------------------------------------------------------------------

XML = """<?xml version="1.0" encoding="utf-8"?>
<schedule><conference><title>Tiny Con</title><time_zone_name>Europe/Berlin</time_zone_name></conference>
<day index="1" date="2026-03-07"><room name="Hall A">
<event guid="e1" id="1"><date>2026-03-07T10:00:00+01:00</date><start>10:00</start><duration>00:30</duration>
<room>Hall A</room><title>Opening &amp; welcome</title><type>talk</type><persons><person>Ada</person></persons></event>
</room></day></schedule>
"""


def test_files_added_in_a_child_are_in_the_library_with_what_the_import_did(library: Library, tmp_path: Path) -> None:
    path = tmp_path / "tiny.xml"
    path.write_text(XML, encoding="utf-8")
    before = {s.key for s in library.schedules()}
    (summary,) = add_files(library.path, [str(path)])
    assert summary.created and summary.total == 1 and summary.title == "Tiny Con"
    assert {s.key for s in library.schedules()} - before == {summary.key}
    (event,) = library.events(schedule_key=summary.key)
    assert event.title == "Opening & welcome" and event.start.isoformat() == "2026-03-07T10:00:00+01:00"
    (again,) = add_files(library.path, [str(path)])  # the same file again: an update of nothing
    assert not again.created and (again.new, again.changed, again.removed) == ([], [], [])


def test_a_file_that_does_not_parse_adds_nothing_and_says_where(library: Library, tmp_path: Path) -> None:
    good, bad = tmp_path / "tiny.xml", tmp_path / "broken.xml"
    good.write_text(XML, encoding="utf-8")
    bad.write_text(XML.replace("</schedule>", ""), encoding="utf-8")
    before = [s.key for s in library.schedules()]
    with pytest.raises(ChildInputError) as refused:
        add_files(library.path, [str(good), str(bad)])
    assert str(bad) in str(refused.value) and "line" in str(refused.value)
    assert "Traceback" not in str(refused.value)
    assert [s.key for s in library.schedules()] == before  # the good file waited for the bad one


# -- storing a download, asked first -----------------------------------------------------------


def downloaded(body: bytes) -> object:
    from planner.net.fetch import Download

    return Download(url="https://example.org/track99.txt", final_url="https://example.org/track99.txt",
                    not_modified=False, body=body, etag='"v1"')


def test_a_download_parsed_in_a_child_is_stored_only_after_the_go(library: Library) -> None:
    from tests.conftest import SEED

    body = SEED.read_bytes().replace(b"Track 34: Deep Learning", b"Track 99: Web Tests")
    before = [s.key for s in library.schedules()]
    asked: list[str] = []

    def no() -> bool:
        asked.append("no")
        assert [s.key for s in library.schedules()] == before  # parsed, nothing stored yet
        return False

    with pytest.raises(ChildJobStopped):
        store_download(library.path, downloaded(body), None, None, started=lambda p: None, may_store=no)
    assert asked == ["no"] and [s.key for s in library.schedules()] == before

    result = store_download(library.path, downloaded(body), None, None, started=lambda p: None, may_store=lambda: True)
    assert result.title.endswith("Track 99: Web Tests") and result.summary is not None and result.summary.created
    assert library.origin(result.key).etag == '"v1"'  # type: ignore[union-attr]


def test_a_child_killed_before_it_asks_stores_nothing(library: Library) -> None:
    from tests.conftest import SEED

    before = [s.key for s in library.schedules()]

    def kill(process: subprocess.Popen[bytes]) -> None:
        process.kill()

    with pytest.raises(ChildJobStopped):
        store_download(library.path, downloaded(SEED.read_bytes().replace(b"Track 34", b"Track 98")), None, None,
                       started=kill, may_store=lambda: True)
    assert [s.key for s in library.schedules()] == before
