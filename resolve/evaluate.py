"""Measure deduplication on gold annotations: gold incidents become mentions (optionally degraded with noise),
the resolver clusters them, and the clusters are compared with the gold `incident_key`s.

Pairwise scores follow the reference scorer: over all pairs of mentions, a true positive is a pair in the same
gold incident and the same predicted incident.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from dataclasses import dataclass
from typing import Any

from resolve.resolver import resolve
from warehouse.db import connect
from warehouse.load import store_extractions, upsert_articles

GOLD_EXTRACTOR = "gold-annotations"


@dataclass(frozen=True)
class Noise:
    """Probabilities of degrading each gold incident the way an imperfect extractor would."""

    drop_place: float = 0.0
    shift_date: float = 0.0      # move the date one day earlier or later
    null_commune: float = 0.0
    seed: int = 0


def gold_predictions(gold: list[dict[str, Any]], noise: Noise = Noise()) -> list[dict[str, Any]]:
    """Predictions (one per article) made of the gold incidents, degraded by `noise`."""
    rng = random.Random(noise.seed)
    out = []
    for art in gold:
        incidents = []
        for inc in art.get("incidents") or []:
            inc = dict(inc)
            if inc.get("place") and rng.random() < noise.drop_place:
                inc["place"] = None
            if inc.get("date") and rng.random() < noise.shift_date:
                day = dt.date.fromisoformat(inc["date"]) + dt.timedelta(days=rng.choice((-1, 1)))
                inc["date"] = day.isoformat()
            if inc.get("commune") and rng.random() < noise.null_commune:
                inc["commune"] = None
            incidents.append(inc)
        out.append({"id": art["id"], "in_scope": bool(incidents), "incidents": incidents})
    return out


def pairwise(labels: list[tuple[str | None, str | None]]) -> dict[str, float | int]:
    """Pairwise precision/recall/F1 of (gold key, predicted id) labels of the same mentions."""
    tp = fp = fn = 0
    for (g1, p1), (g2, p2) in itertools.combinations(labels, 2):
        same_gold = g1 is not None and g1 == g2
        same_pred = p1 is not None and p1 == p2
        tp += same_gold and same_pred
        fp += same_pred and not same_gold
        fn += same_gold and not same_pred
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "tp": tp, "fp": fp, "fn": fn}


def dedup_on_gold(gold: list[dict[str, Any]], noise: Noise = Noise(), window_days: int = 2) -> dict[str, Any]:
    """Resolve gold-as-mentions in an in-memory warehouse; pairwise scores and incident counts."""
    con = connect(":memory:")
    try:
        upsert_articles(con, gold, fetched_at=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))
        store_extractions(con, gold_predictions(gold, noise), GOLD_EXTRACTOR)
        resolve(con, window_days=window_days)
        predicted = dict(con.execute("SELECT mention_id, incident_id FROM mentions").fetchall())
        active = con.execute("SELECT count(*) FROM incidents WHERE status = 'active'").fetchall()[0][0]
    finally:
        con.close()
    labels = []
    for art in gold:
        for ordinal, inc in enumerate(art.get("incidents") or []):
            labels.append((inc.get("incident_key"), predicted.get(f"{art['id']}:{ordinal}")))
    gold_keys = {g for g, _ in labels if g is not None}
    return {"mentions": len(labels), "gold_incidents": len(gold_keys), "predicted_incidents": active,
            "pairwise": pairwise(labels)}
