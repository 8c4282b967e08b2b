-- The stored mentions of a batch of articles (registered as batch_ids), with the incident each is attached to
-- (followed through merges): what store_extractions compares a new extraction with.
SELECT m.article_id, m.ordinal, m.mention_id, coalesce(g.into_id, m.incident_id) AS incident_id,
       m.type, m.date, m.commune, m.place, m.killed, m.injured, m.weapon, m.confidence, m.evidence, m.details
FROM mentions m
JOIN batch_ids b USING (article_id)
LEFT JOIN incident_merges g ON g.merged_id = m.incident_id
