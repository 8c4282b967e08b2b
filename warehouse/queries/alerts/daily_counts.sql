-- Incidents per day (incident date, else the day first seen) over the $days days ending $today, for one
-- subscriber's filters; every day present (zero when none). Parameters: $communes, $types, $min_severity, $today, $days, $tz (core.dates.BRUSSELS).
WITH days AS (
    SELECT unnest(generate_series($today::DATE - ($days - 1) * INTERVAL 1 DAY, $today::DATE, INTERVAL 1 DAY))::DATE AS day
),
mine AS (
    SELECT coalesce(date, (first_seen AT TIME ZONE $tz)::DATE) AS day
    FROM incidents
    WHERE status = 'active'
      AND (len($communes::TEXT[]) = 0 OR list_contains($communes::TEXT[], commune))
      AND (len($types::TEXT[]) = 0 OR list_contains($types::TEXT[], type))
      AND incident_severity(killed, injured) >= $min_severity
)
SELECT d.day, count(m.day) AS incidents
FROM days d LEFT JOIN mine m USING (day)
GROUP BY d.day
ORDER BY d.day
