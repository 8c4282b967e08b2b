-- Incidents per month and commune: all 19 communes for every month from the first to the last incident month,
-- zeros included. Incidents whose commune is unknown ("Brussels" only) are not in any commune row.
CREATE OR REPLACE VIEW monthly_counts_by_commune AS
WITH bounds AS (
    SELECT date_trunc('month', min(date)) AS first_month, date_trunc('month', max(date)) AS last_month
    FROM active_incidents
),
months AS (
    SELECT CAST(m AS DATE) AS month FROM bounds, generate_series(first_month, last_month, INTERVAL 1 MONTH) AS t(m)
)
SELECT
    months.month,
    c.commune,
    c.commune_nl,
    count(i.incident_id)                                 AS incidents,
    count(i.incident_id) FILTER (WHERE i.type = 'shooting') AS shootings,
    CAST(coalesce(sum(i.killed), 0) AS BIGINT)                         AS killed,
    CAST(coalesce(sum(i.injured), 0) AS BIGINT)                         AS injured
FROM months
CROSS JOIN communes c
LEFT JOIN active_incidents i
    ON i.commune = c.commune AND CAST(date_trunc('month', i.date) AS DATE) = months.month
GROUP BY months.month, c.commune, c.commune_nl
ORDER BY months.month, c.commune;
