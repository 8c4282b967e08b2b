-- The public site's incident pages: every report behind an active incident (the view `incident_sources`), with
-- the sentences it was read from (mentions.evidence) and how many earlier texts its article had (revisions).
SELECT
    s.incident_id, s.mention_id, s.outlet, s.language, s.url, s.title, s.published, s.article_first_seen,
    s.type, s.date, s.commune, s.place, s.killed, s.injured, s.weapon,
    CAST(m.evidence AS VARCHAR)                          AS evidence,
    (SELECT count(*) FROM article_revisions r WHERE r.article_id = s.article_id) AS revisions
FROM incident_sources s
JOIN mentions m USING (mention_id)
WHERE s.incident_status = 'active'
ORDER BY s.incident_id, s.published NULLS LAST, s.article_first_seen, s.mention_id
