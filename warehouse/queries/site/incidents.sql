-- The public site's incident lists and pages: every active incident with its facts, which report supplied each
-- fact (provenance) and its outlets, newest first (by incident date, else the day first seen).
SELECT
    i.incident_id, i.type, i.date, i.commune, i.place, i.killed, i.injured, i.weapon, i.sources_count,
    i.first_seen, i.last_updated, i.confidence, CAST(i.provenance AS VARCHAR) AS provenance, i.context,
    (SELECT list(DISTINCT s.outlet ORDER BY s.outlet) FROM incident_sources s WHERE s.incident_id = i.incident_id)
                                                         AS outlets
FROM active_incidents i
ORDER BY coalesce(i.date, CAST(i.first_seen AS DATE)) DESC, i.incident_id
