-- One row per real-world incident still standing: merged (into another id) and retracted incidents left out.
CREATE OR REPLACE VIEW active_incidents AS
SELECT
    incident_id, type, date, commune, police_zone, place, killed, injured, weapon,
    sources_count, first_seen, last_updated, confidence, provenance
FROM incidents
WHERE status = 'active';
