-- The public site's incident pages: incident ids merged into others (two reports first taken for two incidents),
-- each with the active incident it now belongs to, following chains of merges.
WITH RECURSIVE walk(merged_id, into_id) AS (
    SELECT merged_id, into_id FROM incident_merges
    UNION
    SELECT w.merged_id, n.into_id FROM walk w JOIN incident_merges n ON n.merged_id = w.into_id
)
SELECT m.merged_id, m.into_id, m.merged_at, m.reason, w.into_id AS survivor
FROM incident_merges m
JOIN walk w ON w.merged_id = m.merged_id AND w.into_id NOT IN (SELECT merged_id FROM incident_merges)
JOIN active_incidents a ON a.incident_id = w.into_id
ORDER BY m.merged_at, m.merged_id
