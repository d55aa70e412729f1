from datetime import datetime, timedelta, timezone

from planner.domain.model import Event, Kind
from planner.domain.queries import conflicts, fold

TZ = timezone(timedelta(hours=-8))


def _event(eid: str, start_min: int, end_min: int, **kw: object) -> Event:
    base = datetime(2020, 12, 10, 18, 0, tzinfo=TZ)
    fields: dict[str, object] = dict(
        id=eid, kind=Kind.ORAL, number=None, title=f"Talk {eid}", authors=("Jürgen Müller",),
        abstract="About ÉCOLE", start=base + timedelta(minutes=start_min),
        end=base + timedelta(minutes=end_min), session="S",
    )
    fields.update(kw)
    return Event(**fields)  # type: ignore[arg-type]


def test_fold_strips_accents_and_case() -> None:
    assert fold("Jürgen ÉCOLE") == "jurgen ecole"


def test_touching_events_do_not_conflict() -> None:
    assert conflicts([_event("a", 0, 10), _event("b", 10, 20)]) == []


def test_overlapping_pairs_each_reported_once_with_minutes() -> None:
    found = conflicts([_event("a", 0, 30), _event("b", 10, 20), _event("c", 25, 40)])
    pairs = {(c.a.id, c.b.id): c.overlap_minutes for c in found}
    assert pairs == {("a", "b"): 10, ("a", "c"): 5}


def test_conflicts_compare_instants_across_offsets() -> None:
    a = _event("a", 0, 30)
    utc_start = a.start.astimezone(timezone.utc) + timedelta(minutes=15)
    b = _event("b", 0, 0, start=utc_start, end=utc_start + timedelta(minutes=30))
    assert [(c.a.id, c.b.id, c.overlap_minutes) for c in conflicts([b, a])] == [("a", "b", 15)]


def test_event_requires_aware_times() -> None:
    import pytest

    with pytest.raises(ValueError):
        _event("a", 0, 10, start=datetime(2020, 1, 1))
