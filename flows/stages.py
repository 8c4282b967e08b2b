"""The pipeline's stages as plain functions over the warehouse; flows and the CLI call these."""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterable

import duckdb

from warehouse.db import connect, write_connection
from warehouse.load import UpsertStats, articles_needing_extraction, store_extractions, upsert_articles

log = logging.getLogger(__name__)


@dataclass
class ExtractStats:
    articles: int = 0
    in_scope: int = 0
    mentions: int = 0
    errors: int = 0
    error_ids: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def resolve_mentions(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Run the incident resolver over unresolved mentions (see resolve/)."""
    from resolve.resolver import resolve

    stats = resolve(con)
    return stats.as_dict()


def load_articles(db: Path, articles: Iterable[dict[str, Any]]) -> UpsertStats:
    """Upsert crawled articles into the warehouse (short write connection)."""
    with write_connection(db) as con:
        return upsert_articles(con, articles)


def extract_pending(db: Path, n_process: int = 1, limit: int | None = None) -> ExtractStats:
    """Extract every article that needs it (new, changed, or extracted by an older extractor version).

    The write connection is held only to read the work list and to store results, not during extraction.
    """
    from extract import EXTRACTOR_VERSION
    from extract.api import extract_articles

    with write_connection(db) as con:
        pending = articles_needing_extraction(con, EXTRACTOR_VERSION, limit=limit)
    stats = ExtractStats(articles=len(pending))
    if not pending:
        return stats
    predictions = list(extract_articles(pending, n_process=n_process))
    for p in predictions:
        if p.get("error"):
            stats.errors += 1
            stats.error_ids.append(p["id"])
            log.warning("extraction failed for %s: %s", p["id"], p["error"])
        stats.in_scope += bool(p.get("in_scope"))
    hashes = {a["id"]: a["content_hash"] for a in pending}
    with write_connection(db) as con:
        stats.mentions = store_extractions(con, predictions, EXTRACTOR_VERSION, hashes=hashes)
    return stats


def resolve_pending(db: Path) -> dict[str, Any]:
    """Resolve unresolved mentions into incidents in one write transaction."""
    with write_connection(db) as con:
        return resolve_mentions(con)


def assign_incident_ids(articles: list[dict[str, Any]], predictions: list[dict[str, Any]],
                        db_path: Path | None) -> list[dict[str, Any]]:
    """Store articles and predictions (in `db_path`, or an in-memory warehouse), resolve them, and return the
    predictions with each incident's `incident_id` set."""
    from extract import EXTRACTOR_VERSION

    con = connect(db_path) if db_path is not None else connect(":memory:")
    try:
        upsert_articles(con, articles)
        store_extractions(con, predictions, EXTRACTOR_VERSION)
        resolve_mentions(con)
        ids = dict(((aid, ordinal), iid) for aid, ordinal, iid in
                   con.execute("SELECT article_id, ordinal, incident_id FROM mentions").fetchall())
    finally:
        con.close()
    out = []
    for pred in predictions:
        pred = dict(pred)
        incidents = [] if pred.get("error") else (pred.get("incidents") or [])
        pred["incidents"] = [{"incident_id": ids[(str(pred["id"]), i)], **{k: v for k, v in inc.items() if k != "incident_id"}}
                             for i, inc in enumerate(incidents)]
        out.append(pred)
    return out
