-- Which articles reported which incident: one row per mention, with its article and what it said.
CREATE OR REPLACE VIEW incident_sources AS
SELECT
    m.incident_id,
    i.status                                             AS incident_status,
    m.mention_id,
    m.article_id,
    a.url,
    a.outlet,
    a.language,
    coalesce(a.published_at, CAST(a.published_date AS TIMESTAMPTZ)) AS published,
    a.first_seen                                         AS article_first_seen,
    a.title,
    m.type, m.date, m.commune, m.place, m.killed, m.injured, m.weapon, m.confidence
FROM mentions m
JOIN incidents i USING (incident_id)
LEFT JOIN articles a USING (article_id);
