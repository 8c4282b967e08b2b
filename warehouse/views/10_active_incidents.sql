-- One row per real-world incident still standing: merged (into another id) and retracted incidents left out.
-- `context`: what the incident happened in, beside its type (robbery, home-jacking, car-jacking, terror, police,
-- domestic, drugs), gathered from its reports: a jeweller shot in a hold-up is a shooting with context ['robbery'],
-- so `list_contains(context, 'robbery')` still counts armed robberies.
CREATE OR REPLACE VIEW active_incidents AS
WITH contexts AS (
    SELECT m.incident_id,
           list_sort(list_distinct(flatten(list(
               coalesce(CAST(json_extract(m.details, '$.context') AS VARCHAR[]), []::VARCHAR[]))))) AS context
    FROM mentions m
    WHERE m.incident_id IS NOT NULL
    GROUP BY m.incident_id
)
SELECT
    i.incident_id, i.type, i.date, i.commune, i.police_zone, i.place, i.killed, i.injured, i.weapon,
    sources_count, first_seen, last_updated, confidence, provenance,
    coalesce(c.context, []::VARCHAR[]) AS context
FROM incidents i
LEFT JOIN contexts c USING (incident_id)
WHERE i.status = 'active';
