-- Incidents of the last 30 days (by incident date, else by when first seen), newest first, with their outlets.
CREATE OR REPLACE VIEW recent_incidents AS
SELECT
    i.incident_id, i.type, i.date, i.commune, i.police_zone, i.place, i.killed, i.injured, i.weapon,
    i.sources_count, i.first_seen, i.last_updated, i.confidence,
    (SELECT list(DISTINCT s.outlet ORDER BY s.outlet) FROM incident_sources s WHERE s.incident_id = i.incident_id)
                                                         AS outlets
FROM active_incidents i
WHERE coalesce(i.date, CAST(i.first_seen AS DATE)) >= current_date - INTERVAL 30 DAY
ORDER BY coalesce(i.date, CAST(i.first_seen AS DATE)) DESC, i.incident_id;
