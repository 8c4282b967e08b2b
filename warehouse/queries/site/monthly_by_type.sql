-- The public site's trend charts: active incidents per month (incident date) and type over the $months months
-- ending with $today's month, every month present (a month without incidents has one row with type NULL).
-- $commune NULL = the whole region (incidents of unknown commune included). Parameters: $today, $months, $commune.
WITH months AS (
    SELECT CAST(m AS DATE) AS month
    FROM generate_series(date_trunc('month', $today::DATE) - ($months - 1) * INTERVAL 1 MONTH,
                         date_trunc('month', $today::DATE), INTERVAL 1 MONTH) AS t(m)
)
SELECT months.month, i.type, count(i.incident_id) AS incidents
FROM months
LEFT JOIN active_incidents i
    ON CAST(date_trunc('month', i.date) AS DATE) = months.month
   AND ($commune::TEXT IS NULL OR i.commune = $commune::TEXT)
GROUP BY ALL
ORDER BY months.month, i.type
