-- Source articles of the given incidents (one row per incident and article), oldest publication first.
-- Parameters: $incident_ids.
SELECT DISTINCT m.incident_id, a.outlet, a.url, a.title, a.language, a.published_at, a.first_seen
FROM mentions m JOIN articles a USING (article_id)
WHERE list_contains($incident_ids::TEXT[], m.incident_id)
ORDER BY m.incident_id, a.published_at NULLS LAST, a.first_seen, a.url
