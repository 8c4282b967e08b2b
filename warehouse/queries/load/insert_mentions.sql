-- New and changed mentions of a batch (registered as new_mentions), unresolved.
INSERT INTO mentions (mention_id, article_id, ordinal, extractor_version, type, date, commune, place, killed, injured,
                      weapon, confidence, evidence, details, incident_id, created_at, prior_incident_ids)
SELECT mention_id, article_id, ordinal, extractor_version, type, CAST(date AS DATE), commune, place, killed, injured,
       weapon, confidence, evidence, details, NULL, created_at, prior_incident_ids
FROM new_mentions
