"""Star tiers on the command line (issue 20): `planner star [--maybe] ID...`, and "tier" in the
event objects of `list --json`, `now --json` and `parse --json`."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.domain.marks import Tier
from planner.store import Library
from tests.cli.test_cli import ORAL1, ORAL2, SPOT12, Planner
from tests.conftest import SEED


@pytest.fixture
def fast(tmp_path: Path) -> Planner:
    return Planner(tmp_path, in_process=True)


def tiers(planner: Planner) -> dict[str, Tier]:
    with Library(planner.db) as lib:
        return lib.tiers()


def by_id(planner: Planner, *args: str) -> dict[str, dict]:  # type: ignore[type-arg]
    return {e["id"]: e for e in planner.json("list", *args)["events"]}


def test_star_maybe_and_back_to_must_see(fast: Planner) -> None:
    assert fast.ok("star", "--maybe", ORAL1, ORAL2).strip() == "starred 2 events as maybe"
    assert tiers(fast) == {ORAL1: Tier.MAYBE, ORAL2: Tier.MAYBE}
    assert fast.ok("star", ORAL1).strip() == "starred 1 event as must-see"  # a maybe made must-see
    assert tiers(fast) == {ORAL1: Tier.MUST, ORAL2: Tier.MAYBE}
    result = fast("star", "--maybe", "no-such-id")
    assert result.returncode == 1 and tiers(fast) == {ORAL1: Tier.MUST, ORAL2: Tier.MAYBE}


def test_list_json_says_each_event_s_tier_and_starred_stays_true_for_both(fast: Planner) -> None:
    fast.ok("star", ORAL1)
    fast.ok("star", "--maybe", ORAL2)
    events = by_id(fast)
    assert (events[ORAL1]["starred"], events[ORAL1]["tier"]) == (True, "must")
    assert (events[ORAL2]["starred"], events[ORAL2]["tier"]) == (True, "maybe")
    assert (events[SPOT12]["starred"], events[SPOT12]["tier"]) == (False, None)
    assert set(by_id(fast, "--starred")) == {ORAL1, ORAL2}  # --starred lists both tiers
    now = fast.json("now", "--at", "2020-12-10T18:16:00-08:00")
    assert {e["id"]: e["tier"] for e in now["now"]} == {ORAL2: "maybe"}


def test_parse_json_has_a_null_tier(fast: Planner) -> None:
    events = fast.json("parse", str(SEED))["events"]
    assert events and all(e["tier"] is None and "starred" not in e for e in events)


def test_the_plain_list_tells_must_see_from_maybe(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    """`planner list` marks a must-see "*" and a maybe "?" (the one to drop first)."""
    from planner.cli import main  # the command line, as the user runs it
    from planner.domain.marks import Tier
    from planner.store.open import open_library

    db = tmp_path / "lib.sqlite3"
    with open_library(db) as library:
        first, second, third = [e.id for e in library.events()][:3]
        library.star([first])
        library.star([second], tier=Tier.MAYBE)
    capsys.readouterr()
    assert main(["--db", str(db), "list"]) == 0
    lines = {line.split()[0]: line for line in capsys.readouterr().out.splitlines() if line.strip()}
    assert lines[first].startswith(f"{first}  * ")
    assert lines[second].startswith(f"{second}  ? ")
    assert lines[third].startswith(f"{third}    ")
