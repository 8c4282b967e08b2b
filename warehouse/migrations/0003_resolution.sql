-- Incident resolution: member counts (to spot incidents whose mentions were re-extracted away) and the
-- reference tables the analyst views need (the 19 communes; published yearly shooting counts), filled from seeds.

-- Number of mentions attached at the last resolution; differs from the live count after a re-extraction.
ALTER TABLE incidents ADD COLUMN mentions_count INTEGER DEFAULT 0;

CREATE TABLE communes (
    commune     TEXT PRIMARY KEY,   -- French canonical name (as in incidents.commune)
    commune_nl  TEXT NOT NULL,
    postcode    INTEGER NOT NULL
);
-- Rows: the seed from the gazetteer (warehouse/seeds.py), kept in sync on every read-write connection.

-- Shootings in the Brussels judicial district as counted by the Brussels prosecutor's office.
CREATE TABLE reference_shooting_counts (
    year        INTEGER PRIMARY KEY,
    shootings   INTEGER NOT NULL,
    source      TEXT NOT NULL
);
-- Rows: the seed warehouse/seeds/reference_shooting_counts.csv (add a year there, no migration needed).
