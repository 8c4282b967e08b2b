-- Header counts for one subscriber's filters: incidents first seen in this period and the previous one, and
-- shootings this year to date vs the same span of last year (by incident date, commune filter only).
-- Parameters: $communes, $types, $min_severity, $start, $previous_start, $end, $today.
WITH mine AS (
    SELECT * FROM incidents
    WHERE status = 'active'
      AND (len($communes::TEXT[]) = 0 OR list_contains($communes::TEXT[], commune))
)
SELECT
    count(*) FILTER (WHERE first_seen > $start AND first_seen <= $end AND (len($types::TEXT[]) = 0 OR list_contains($types::TEXT[], type)) AND incident_severity(killed, injured) >= $min_severity) AS this_period,
    count(*) FILTER (WHERE first_seen > $previous_start AND first_seen <= $start AND (len($types::TEXT[]) = 0 OR list_contains($types::TEXT[], type)) AND incident_severity(killed, injured) >= $min_severity) AS previous_period,
    count(*) FILTER (WHERE type = 'shooting' AND date BETWEEN date_trunc('year', $today::DATE) AND $today::DATE) AS shootings_this_year,
    count(*) FILTER (WHERE type = 'shooting' AND date BETWEEN date_trunc('year', $today::DATE) - INTERVAL 1 YEAR AND $today::DATE - INTERVAL 1 YEAR) AS shootings_last_year
FROM mine
