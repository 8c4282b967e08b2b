-- Incident resolution: member counts (to spot incidents whose mentions were re-extracted away) and the
-- reference tables the analyst views need (the 19 communes; published yearly shooting counts).

-- Number of mentions attached at the last resolution; differs from the live count after a re-extraction.
ALTER TABLE incidents ADD COLUMN mentions_count INTEGER DEFAULT 0;

CREATE TABLE communes (
    commune     TEXT PRIMARY KEY,   -- French canonical name (as in incidents.commune)
    commune_nl  TEXT NOT NULL,
    postcode    INTEGER NOT NULL
);
INSERT INTO communes VALUES
    ('Anderlecht', 'Anderlecht', 1070),
    ('Auderghem', 'Oudergem', 1160),
    ('Berchem-Sainte-Agathe', 'Sint-Agatha-Berchem', 1082),
    ('Bruxelles', 'Brussel', 1000),
    ('Etterbeek', 'Etterbeek', 1040),
    ('Evere', 'Evere', 1140),
    ('Forest', 'Vorst', 1190),
    ('Ganshoren', 'Ganshoren', 1083),
    ('Ixelles', 'Elsene', 1050),
    ('Jette', 'Jette', 1090),
    ('Koekelberg', 'Koekelberg', 1081),
    ('Molenbeek-Saint-Jean', 'Sint-Jans-Molenbeek', 1080),
    ('Saint-Gilles', 'Sint-Gillis', 1060),
    ('Saint-Josse-ten-Noode', 'Sint-Joost-ten-Node', 1210),
    ('Schaerbeek', 'Schaarbeek', 1030),
    ('Uccle', 'Ukkel', 1180),
    ('Watermael-Boitsfort', 'Watermaal-Bosvoorde', 1170),
    ('Woluwe-Saint-Lambert', 'Sint-Lambrechts-Woluwe', 1200),
    ('Woluwe-Saint-Pierre', 'Sint-Pieters-Woluwe', 1150);

-- Shootings in the Brussels judicial district as counted by the Brussels prosecutor's office.
CREATE TABLE reference_shooting_counts (
    year        INTEGER PRIMARY KEY,
    shootings   INTEGER NOT NULL,
    source      TEXT NOT NULL
);
INSERT INTO reference_shooting_counts VALUES
    (2022, 56, 'Brussels public prosecutor''s office'),
    (2023, 62, 'Brussels public prosecutor''s office'),
    (2024, 89, 'Brussels public prosecutor''s office');
