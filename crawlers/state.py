"""What the warehouse already holds, read before a crawl (read-only, short connection; never written here)."""

from __future__ import annotations

import logging
from pathlib import Path

from warehouse.db import connect

log = logging.getLogger(__name__)


def known_articles(db: Path | None) -> dict[str, str | None]:
    """{canonical URL: last known modification (modified_at, else fetched_at) as ISO text} of stored articles.

    No database file yet means nothing is known. The connection is read-only and closed before crawling.
    """
    if db is None or str(db) == ":memory:" or not Path(db).exists():
        return {}

    con = connect(db, read_only=True)
    try:
        has_table = con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'articles'").fetchone()[0]
        if not has_table:
            return {}
        rows = con.execute("SELECT url, coalesce(modified_at, fetched_at) FROM articles").fetchall()
    finally:
        con.close()
    known = {url: (ts.isoformat() if ts is not None else None) for url, ts in rows}
    log.info("%d articles already in %s", len(known), db)
    return known
