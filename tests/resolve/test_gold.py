"""Deduplication on the shared development set, with gold incidents as mentions (clean and degraded)."""

from __future__ import annotations

import json

from evaluation.dedup import Noise, dedup_on_gold, pairwise


def _gold(shared_dir):
    with open(shared_dir / "eval" / "dev.jsonl", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def test_pairwise_counts():
    labels = [("k1", "A"), ("k1", "A"), ("k1", "B"), ("k2", "B")]
    assert pairwise(labels) == {"precision": 0.5, "recall": 0.3333, "f1": 0.4, "tp": 1, "fp": 1, "fn": 2}


def test_clean_gold_mentions(shared_dir):
    result = dedup_on_gold(_gold(shared_dir))
    assert result["pairwise"]["f1"] >= 0.95
    assert abs(result["predicted_incidents"] - result["gold_incidents"]) <= 0.05 * result["gold_incidents"]


def test_noisy_gold_mentions(shared_dir):
    gold = _gold(shared_dir)
    f1 = [dedup_on_gold(gold, Noise(drop_place=0.2, shift_date=0.2, null_commune=0.2, seed=s))["pairwise"]["f1"]
          for s in range(3)]
    assert min(f1) >= 0.9, f1
