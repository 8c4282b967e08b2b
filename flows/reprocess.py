"""The reprocess flow: re-run extraction and resolution over stored articles (nothing is re-crawled).

Run it after the extractor version changes: `extract_pending` picks every article extracted by another version,
re-extraction replaces that article's mentions, and the resolver updates incidents in place (ids are stable).
It also retries articles whose extraction failed (the nightly run records such failures and does not retry them).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from prefect import flow

from core.settings import default_db_path
from flows import tasks
from flows.runner import Stage, execute
from warehouse.db import write_connection
from warehouse.runs import utcnow

FLOW_NAME = "reprocess"


def forget_failed_extractions(db: Path) -> dict[str, Any]:
    """Drop the extraction records that hold an error, so those articles are extracted again."""
    with write_connection(db) as con:
        n = con.execute("SELECT count(*) FROM extractions WHERE error IS NOT NULL").fetchone()[0]
        con.execute("DELETE FROM extractions WHERE error IS NOT NULL")
    return {"failed_extractions_retried": n}


@flow(name=FLOW_NAME, description=__doc__.splitlines()[0], log_prints=True)
def reprocess_flow(db: str | None = None, n_process: int = 1, retry_errors: bool = True) -> dict[str, Any]:
    """Extract what the current extractor has not seen (and, with retry_errors, what failed), resolve, refresh
    views. No crawl, no digest."""
    db_path = Path(db) if db else default_db_path()
    started = utcnow()
    retry = [Stage("retry-errors", lambda: forget_failed_extractions(db_path))] if retry_errors else []
    return execute(db_path, FLOW_NAME, started_at=started, stages=retry + [
        Stage("extract", lambda: tasks.extract_task(db_path, n_process)),
        Stage("resolve", lambda: tasks.resolve_task(db_path, started)),
        Stage("views", lambda: tasks.views_task(db_path)),
    ])
