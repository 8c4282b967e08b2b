-- Outlet health: every outlet's crawl per run, from the crawl's per-outlet counts (crawlers/tally.py), which the
-- crawl stage writes beside its crawl file and the load records (warehouse/crawl_files.py). The view
-- `outlet_health` reads it.

CREATE TABLE outlet_runs (
    run_id            TEXT NOT NULL,          -- the flow run (runs.run_id)
    outlet            TEXT NOT NULL,
    started_at        TIMESTAMPTZ NOT NULL,   -- the run's start
    mode              TEXT NOT NULL,          -- feeds (nightly) | sitemaps (backfill)
    requests          INTEGER NOT NULL,       -- feeds, sitemaps and pages requested
    failures          INTEGER NOT NULL,       -- requests that failed (HTTP errors, timeouts, DNS, oversized ...)
    robots_refused    INTEGER NOT NULL,       -- requests robots.txt did not allow
    http_statuses     JSON,                   -- {"200": n, "403": m, ...} of the answers
    skipped           JSON,                   -- {reason: n}: every skip and error by reason
    feeds_read        INTEGER NOT NULL,       -- feeds and sitemaps read
    entries_seen      INTEGER NOT NULL,       -- entries they listed
    articles_new      INTEGER NOT NULL,
    articles_updated  INTEGER NOT NULL,
    parsed_ok         INTEGER NOT NULL,       -- pages parsed into an article
    parse_failed      INTEGER NOT NULL,       -- pages where parsing found no article
    capped            INTEGER NOT NULL,       -- entries beyond the per-run cap (left for the next run)
    seconds           DOUBLE,                 -- from the crawl's start to the outlet's last answer
    PRIMARY KEY (run_id, outlet)
);

-- The last outlet state the operator was emailed about ($INCIDENTS_OPERATOR_EMAIL, alerts/operator.py): an email
-- goes out only when an outlet's state in `outlet_health` differs from this (an outlet not listed was `ok`).
CREATE TABLE outlet_alerts (
    outlet       TEXT PRIMARY KEY,
    state        TEXT NOT NULL,
    notified_at  TIMESTAMPTZ NOT NULL
);
