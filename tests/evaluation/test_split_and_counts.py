"""The incident-disjoint halves, distinct-incident counts per type, and the merges/splits `incidents eval -v` lists."""

from __future__ import annotations

from evaluation.score import score
from evaluation.split import HALVES, groups, half


def _art(aid: str, *keys_types: tuple[str, str]) -> dict:
    return {"id": aid, "in_scope": bool(keys_types), "language": "fr",
            "incidents": [{"incident_key": k, "type": t, "date": "2026-01-0" + k[-1], "commune": "Anderlecht",
                           "killed": 0, "injured": 1} for k, t in keys_types]}


def test_halves_are_incident_disjoint_stable_and_complete() -> None:
    gold = [_art(f"a{i:02d}", (f"k{i % 7}", "shooting")) for i in range(40)] + [_art(f"n{i}") for i in range(10)]
    a, b = half(gold, "A"), half(gold, "B")
    assert sorted(x["id"] for x in a + b) == sorted(x["id"] for x in gold)
    keys = lambda h: {i["incident_key"] for x in h for i in x["incidents"]}  # noqa: E731
    assert not keys(a) & keys(b)
    assert [x["id"] for x in half(list(reversed(gold)), "A")] == [x["id"] for x in reversed(a)]  # order-free
    assert len(groups(gold)) == 7 + 10 and set(HALVES) == {"A", "B"}


def test_distinct_counts_per_type_and_merges_and_splits() -> None:
    gold = [_art("x1", ("k1", "shooting")), _art("x2", ("k1", "shooting")), _art("x3", ("k2", "stabbing")),
            _art("x4", ("k3", "stabbing"))]
    pred = [{"id": "x1", "in_scope": True, "incidents": [dict(gold[0]["incidents"][0], incident_id="P1")]},
            {"id": "x2", "in_scope": True, "incidents": [dict(gold[1]["incidents"][0], incident_id="P2")]},
            {"id": "x3", "in_scope": True, "incidents": [dict(gold[2]["incidents"][0], incident_id="P3")]},
            {"id": "x4", "in_scope": True, "incidents": [dict(gold[3]["incidents"][0], incident_id="P3")]}]
    report = score(gold, pred, with_errors=True)
    assert report["distinct_incidents"]["gold"] == 3 and report["distinct_incidents"]["predicted"] == 3
    assert report["distinct_incidents"]["by_type"] == {"shooting": {"gold": 1, "predicted": 2},
                                                       "stabbing": {"gold": 2, "predicted": 1}}
    res = report["resolution"]
    assert res["splits"] == [{"incident_key": "k1", "predicted": {"P1": ["x1"], "P2": ["x2"]}}]
    assert res["merges"] == [{"incident_id": "P3", "gold": {"k2": ["x3"], "k3": ["x4"]}}]
