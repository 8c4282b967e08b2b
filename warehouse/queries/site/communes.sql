-- The public site's map and commune pages: the 19 communes with their active incidents in the $days days ending
-- $today (by incident date, else the day first seen, as `recent_incidents`) and in all.
-- Parameters: $today, $days.
SELECT
    c.commune,
    count(i.incident_id) FILTER (WHERE coalesce(i.date, CAST(i.first_seen AS DATE))
                                 BETWEEN $today::DATE - ($days - 1) * INTERVAL 1 DAY AND $today::DATE) AS recent,
    count(i.incident_id)                                                                                AS total,
    count(i.incident_id) FILTER (WHERE i.type = 'shooting')                                             AS shootings,
    CAST(coalesce(sum(i.killed), 0) AS BIGINT)                                                          AS killed,
    CAST(coalesce(sum(i.injured), 0) AS BIGINT)                                                         AS injured
FROM communes c
LEFT JOIN active_incidents i ON i.commune = c.commune
GROUP BY c.commune
ORDER BY c.commune
