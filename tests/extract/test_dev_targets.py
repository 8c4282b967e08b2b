"""The issue's accuracy targets on ../shared/eval/dev.jsonl, scored exactly as `incidents eval` does
(project gazetteer, extraction, then resolution for incident ids). Skips where ../shared is absent."""

from __future__ import annotations

from typing import Any

import pytest

TARGETS = {"in_scope": 0.95, "incidents": 0.90, "date_pm1": 0.95, "commune": 0.92, "killed": 0.90,
           "injured": 0.90, "weapon": 0.85, "dedup_pairwise": 0.90}


@pytest.fixture(scope="module")
def report(shared_dir, score_gold) -> dict[str, Any]:
    return score_gold(shared_dir / "eval" / "dev.jsonl")


@pytest.mark.parametrize("metric", ["in_scope", "incidents", "dedup_pairwise"])
def test_f1_targets(report, metric):
    assert report[metric]["f1"] >= TARGETS[metric], report[metric]


@pytest.mark.parametrize("field", ["date_pm1", "commune", "killed", "injured", "weapon"])
def test_field_targets(report, field):
    assert report["fields"][field] >= TARGETS[field], report["fields"]


def test_distinct_incidents_within_five_percent_of_gold(report):
    counts = report["distinct_incidents"]
    assert abs(counts["predicted"] - counts["gold"]) <= 0.05 * counts["gold"], counts
