-- Source articles of the given incidents (one row per incident and article), oldest publication first.
-- Reads the analyst view `incident_sources`. Parameters: $incident_ids.
SELECT DISTINCT incident_id, outlet, url, title, language, published, article_first_seen
FROM incident_sources
WHERE list_contains($incident_ids::TEXT[], incident_id)
ORDER BY incident_id, published NULLS LAST, article_first_seen, url
