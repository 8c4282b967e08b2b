"""Floors on the real articles of ../shared/eval/real-dev.jsonl (issue 12), scored exactly as `incidents eval` does:
extraction on the project gazetteer, then resolution for incident ids. The floors are what the extractor reaches
now, a little below, so that a change that loses ground on real news fails here. Skips where ../shared is absent."""

from __future__ import annotations

from typing import Any

import pytest

# dedup_pairwise is scored over the reports matched to gold: rule 61 finds three more reports of round-ups, two of
# them without a date nor a place, which the resolver rightly keeps apart: 6 more true pairs, 0.897 -> 0.873
FLOORS = {"in_scope": 0.96, "incidents": 0.895, "date_pm1": 0.955, "commune": 0.97, "killed": 0.875,
          "injured": 0.83, "weapon": 0.965, "dedup_pairwise": 0.865}
MAX_OVERCOUNT = 0.11  # distinct incidents predicted at most this much above the real number (rules-1.8: 103 for 96, +7 %)


@pytest.fixture(scope="module")
def report(shared_dir, score_gold) -> dict[str, Any]:
    return score_gold(shared_dir / "eval" / "real-dev.jsonl")


@pytest.mark.parametrize("metric", ["in_scope", "incidents", "dedup_pairwise"])
def test_f1_floors(report, metric):
    assert report[metric]["f1"] >= FLOORS[metric], report[metric]


@pytest.mark.parametrize("field", ["date_pm1", "commune", "killed", "injured", "weapon"])
def test_field_floors(report, field):
    assert report["fields"][field] >= FLOORS[field], report["fields"]


def test_distinct_incidents_not_far_above_the_real_number(report):
    counts = report["distinct_incidents"]
    assert counts["predicted"] <= (1 + MAX_OVERCOUNT) * counts["gold"], counts
