-- One subscriber's digest items: new incidents (never received, matching the filters, first seen by the pipeline
-- after the subscriber's baseline) and updates (received earlier in an older version; shown whatever the filters,
-- so a corrected commune or a new death reaches who received the first version).
-- An incident merged into another counts as received under the survivor's id.
-- Parameters: $subscriber_id, $since, $now, $communes, $types, $min_severity; $restrict (only $only_ids: re-send
-- an interrupted delivery) and $exclude_ids (incidents waiting in an interrupted delivery).
WITH RECURSIVE merged_into(merged_id, into_id) AS (
    SELECT merged_id, into_id FROM incident_merges
    UNION
    SELECT m.merged_id, n.into_id FROM merged_into m JOIN incident_merges n ON n.merged_id = m.into_id
),
survivor AS (
    SELECT merged_id, into_id FROM merged_into WHERE into_id NOT IN (SELECT merged_id FROM incident_merges)
),
received AS (
    SELECT coalesce(s.into_id, d.incident_id) AS incident_id,
           max(d.version) AS version,
           arg_max(d.facts, d.version) AS facts
    FROM delivered_incidents d LEFT JOIN survivor s ON s.merged_id = d.incident_id
    WHERE d.subscriber_id = $subscriber_id
    GROUP BY 1
)
SELECT i.incident_id, i.type, i.date, i.commune, i.place, i.killed, i.injured, i.weapon,
       i.first_seen, i.last_updated, r.version IS NOT NULL AS is_update, r.facts AS received_facts
FROM incidents i LEFT JOIN received r USING (incident_id)
WHERE i.status = 'active'
  AND i.first_seen <= $now
  AND (NOT $restrict OR list_contains($only_ids::TEXT[], i.incident_id))
  AND NOT list_contains($exclude_ids::TEXT[], i.incident_id)
  AND (
        (r.version IS NOT NULL AND i.last_updated > r.version)
     OR (r.version IS NULL AND i.first_seen > $since
         AND (len($communes::TEXT[]) = 0 OR list_contains($communes::TEXT[], i.commune))
         AND (len($types::TEXT[]) = 0 OR list_contains($types::TEXT[], i.type))
         AND incident_severity(i.killed, i.injured) >= $min_severity)
  )
ORDER BY i.commune NULLS LAST, i.date DESC NULLS LAST, i.first_seen, i.incident_id
