-- Incidents per day (by incident date), every day from the first to the last dated incident, zeros included.
CREATE OR REPLACE VIEW daily_counts AS
WITH bounds AS (
    SELECT min(date) AS first_day, max(date) AS last_day FROM active_incidents
),
days AS (
    SELECT CAST(d AS DATE) AS day FROM bounds, generate_series(first_day, last_day, INTERVAL 1 DAY) AS t(d)
)
SELECT
    days.day                                             AS date,
    count(i.incident_id)                                 AS incidents,
    count(i.incident_id) FILTER (WHERE i.type = 'shooting') AS shootings,
    count(i.incident_id) FILTER (WHERE i.type = 'stabbing') AS stabbings,
    CAST(coalesce(sum(i.killed), 0) AS BIGINT)                         AS killed,
    CAST(coalesce(sum(i.injured), 0) AS BIGINT)                         AS injured
FROM days
LEFT JOIN active_incidents i ON i.date = days.day
GROUP BY days.day
ORDER BY days.day;
