"""The reprocess flow: re-run extraction and resolution over stored articles (nothing is re-crawled).

Run it after the extractor version changes: `extract_pending` picks every article extracted by another version,
re-extraction replaces that article's mentions, and the resolver updates incidents in place (ids are stable).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from prefect import flow

from flows import stages
from flows.runner import Stage, execute
from flows.runs import utcnow
from incidents.config import default_db_path

FLOW_NAME = "reprocess"


@flow(name=FLOW_NAME, description=__doc__.splitlines()[0], log_prints=True)
def reprocess_flow(db: str | None = None, n_process: int = 1) -> dict[str, Any]:
    """Extract what the current extractor has not seen, resolve, refresh views. No crawl, no digest."""
    db_path = Path(db) if db else default_db_path()
    started = utcnow()
    return execute(db_path, FLOW_NAME, started_at=started, stages=[
        Stage("extract", lambda: stages.extract_task(db_path, n_process)),
        Stage("resolve", lambda: stages.resolve_task(db_path, started)),
        Stage("views", lambda: stages.views_task(db_path)),
    ])
