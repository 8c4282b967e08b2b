-- The public site's home: active incidents per type from 1 January to $today (incident date), beside last year over
-- the same span, and in all (as `incidents stats` counts them). Types with no incident have no row.
-- Parameters: $today.
SELECT
    type,
    count(*) FILTER (WHERE date BETWEEN date_trunc('year', $today::DATE) AND $today::DATE)            AS this_year,
    count(*) FILTER (WHERE date BETWEEN date_trunc('year', $today::DATE) - INTERVAL 1 YEAR
                                    AND $today::DATE - INTERVAL 1 YEAR)                             AS last_year,
    count(*)                                                                                          AS all_time
FROM active_incidents
GROUP BY type
