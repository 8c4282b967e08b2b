"""Measure deduplication on gold annotations: gold incidents become mentions (optionally degraded with noise),
the resolver clusters them, and the clusters are compared with the gold `incident_key`s.

Pairwise scores follow the reference scorer: over all pairs of mentions, a true positive is a pair in the same
gold incident and the same predicted incident.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from evaluation.score import pairwise
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
