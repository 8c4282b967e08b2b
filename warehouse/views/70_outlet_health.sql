-- Outlet health, one row per outlet of the latest nightly crawl (feeds mode), worst first. `state`:
--   failing         every request of the latest run failed (HTTP errors, timeouts, robots.txt refusals)
--   parse_degraded  under 80 % of the pages fetched in the latest run parsed into an article (markup changed?)
--   silent          no new article for 2 runs in a row or more (a feed that emptied or stopped moving)
--   ok              none of the above
-- Rates per day compare the last 7 days with the median day of the last 28 (days with a run), counted up to
-- the latest run.
CREATE OR REPLACE VIEW outlet_health AS
WITH nightly AS (
    SELECT *,
           requests > 0 AND failures + robots_refused >= requests AS all_failed,
           row_number() OVER (PARTITION BY outlet ORDER BY started_at DESC) AS age
    FROM outlet_runs
    WHERE mode = 'feeds'
),
reference AS (
    SELECT max(started_at) AS latest_at, arg_max(run_id, started_at) AS latest_run FROM nightly
),
streak AS (
    SELECT outlet, coalesce(min(age) FILTER (WHERE articles_new > 0), max(age) + 1) - 1 AS runs_without_new
    FROM nightly GROUP BY outlet
),
success AS (
    SELECT outlet, max(started_at) AS last_success FROM nightly WHERE NOT all_failed GROUP BY outlet
),
daily AS (
    SELECT outlet, CAST(started_at AS DATE) AS day, sum(articles_new) AS articles
    FROM nightly, reference
    WHERE started_at > latest_at - INTERVAL 28 DAY
    GROUP BY outlet, day
),
rates AS (
    SELECT outlet,
           coalesce(sum(articles) FILTER (WHERE day > CAST(latest_at AS DATE) - 7), 0) / 7.0 AS per_day_7d,
           median(articles) AS median_day_28d
    FROM daily, reference
    GROUP BY outlet
)
SELECT
    l.outlet,
    CASE WHEN l.all_failed THEN 'failing'
         WHEN l.parsed_ok + l.parse_failed > 0 AND l.parsed_ok < 0.8 * (l.parsed_ok + l.parse_failed) THEN 'parse_degraded'
         WHEN s.runs_without_new >= 2 THEN 'silent'
         ELSE 'ok' END                                                   AS state,
    l.started_at                                                        AS last_run_at,
    su.last_success,
    s.runs_without_new,
    l.requests,
    l.failures,
    l.robots_refused,
    l.http_statuses,
    l.feeds_read,
    l.entries_seen,
    l.articles_new,
    l.parsed_ok,
    l.parse_failed,
    round(l.parsed_ok / nullif(l.parsed_ok + l.parse_failed, 0), 3)    AS parse_rate,
    round(r.per_day_7d, 2)                                              AS articles_per_day_7d,
    r.median_day_28d                                                    AS median_articles_per_day_28d
FROM nightly l
JOIN reference ON l.run_id = reference.latest_run
JOIN streak s USING (outlet)
LEFT JOIN success su USING (outlet)
LEFT JOIN rates r USING (outlet)
WHERE l.age = 1
ORDER BY list_position(['failing', 'parse_degraded', 'silent', 'ok'], state), outlet;
