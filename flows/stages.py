"""The pipeline's stages as plain functions over the warehouse; the flows' tasks and the CLI call these."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable

import extract
from resolve.resolver import resolve
from warehouse.db import connect, write_connection
from warehouse.load import article_url, articles_needing_extraction, store_extractions, upsert_articles
from warehouse.runs import incidents_touched

log = logging.getLogger(__name__)

MAX_ERROR_IDS = 20  # failed article ids kept in the counts (every failure is logged)


@dataclass
class ExtractStats:
    extractor_version: str
    articles: int = 0
    in_scope: int = 0
    mentions: int = 0
    errors: int = 0
    error_ids: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def extract_pending(db: Path, n_process: int = 1, limit: int | None = None) -> ExtractStats:
    """Extract every article that needs it (new, changed, or extracted by an older extractor version).

    The write connection is held only to read the work list and to store results, not during extraction.
    """
    version = extract.EXTRACTOR_VERSION
    with write_connection(db) as con:
        pending = articles_needing_extraction(con, version, limit=limit)
    stats = ExtractStats(extractor_version=version, articles=len(pending))
    if not pending:
        return stats
    from extract.api import extract_articles  # heavy (spaCy): loaded only when there is work

    predictions = list(extract_articles(pending, n_process=n_process))
    for p in predictions:
        if p.get("error"):
            stats.errors += 1
            if len(stats.error_ids) < MAX_ERROR_IDS:
                stats.error_ids.append(p["id"])
            log.warning("extraction failed for %s: %s", p["id"], p["error"])
        stats.in_scope += bool(p.get("in_scope"))
    hashes = {a["id"]: a["content_hash"] for a in pending}
    with write_connection(db) as con:
        stats.mentions = store_extractions(con, predictions, version, hashes=hashes)
    return stats


def resolve_pending(db: Path, since: dt.datetime) -> dict[str, Any]:
    """Resolve unresolved mentions into incidents in one write transaction.

    Returns the resolver's counts (`ResolveStats`: new_incidents, attached, merges, updated_incidents, ...), plus
    `incidents_total` (active incidents) and `per_commune` (active incidents new or updated since `since`)."""
    with write_connection(db) as con:
        stats = resolve(con)
        return {**stats.as_dict(), **incidents_touched(con, since)}


def assign_incident_ids(articles: list[dict[str, Any]], predictions: list[dict[str, Any]],
                        db_path: Path | None) -> list[dict[str, Any]]:
    """Store articles and predictions (in `db_path`, waiting for its write lock like every writer, or in an
    in-memory warehouse), resolve them, and return the predictions with each incident's `incident_id` set.

    Articles must have distinct URLs (`warehouse.load.one_per_url`)."""
    with (write_connection(db_path) if db_path is not None else contextlib.closing(connect(":memory:"))) as con:
        upsert_articles(con, articles)
        # an article whose URL was stored before under another id is that stored article
        stored = dict(con.execute("SELECT url, article_id FROM articles WHERE list_contains(?, url)",
                                  [[article_url(a) for a in articles]]).fetchall())
        as_stored = {str(a["id"]): stored[article_url(a)] for a in articles}
        store_extractions(con, [dict(p, id=as_stored[str(p["id"])]) for p in predictions], extract.EXTRACTOR_VERSION)
        resolve(con)
        ids = dict(((aid, ordinal), iid) for aid, ordinal, iid in
                   con.execute("SELECT article_id, ordinal, incident_id FROM mentions").fetchall())
    return [with_incident_ids(pred, lambda i: ids[(as_stored[str(pred["id"])], i)]) for pred in predictions]


def with_incident_ids(pred: dict[str, Any], incident_id: Callable[[int], str | None]) -> dict[str, Any]:
    """A prediction whose i-th incident has `incident_id(i)` as its id (first key)."""
    pred = dict(pred)
    incidents = [] if pred.get("error") else (pred.get("incidents") or [])
    pred["incidents"] = [{"incident_id": incident_id(i), **{k: v for k, v in inc.items() if k != "incident_id"}}
                         for i, inc in enumerate(incidents)]
    return pred
