-- Core tables: raw articles (never deleted), extractions, mentions, incidents, runs, subscribers, deliveries.

CREATE TABLE articles (
    article_id      TEXT PRIMARY KEY,
    url             TEXT NOT NULL UNIQUE,
    outlet          TEXT NOT NULL,
    language        TEXT,
    published_at    TIMESTAMPTZ,          -- full timestamp when the source gives one
    published_date  DATE,                 -- calendar day of publication (Europe/Brussels)
    title           TEXT,
    text            TEXT NOT NULL,
    content_hash    TEXT NOT NULL,
    modified_at     TIMESTAMPTZ,          -- dateModified declared by the page or feed
    fetched_at      TIMESTAMPTZ NOT NULL, -- last fetch that changed or confirmed the content
    first_seen      TIMESTAMPTZ NOT NULL  -- ingestion time of the first version
);

-- Earlier versions of articles whose content changed: raw text is never lost.
CREATE TABLE article_revisions (
    article_id      TEXT NOT NULL,
    content_hash    TEXT NOT NULL,
    title           TEXT,
    text            TEXT NOT NULL,
    modified_at     TIMESTAMPTZ,
    fetched_at      TIMESTAMPTZ NOT NULL,
    replaced_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (article_id, content_hash)
);

-- The latest extraction of each article (which version, on which content, with what outcome).
CREATE TABLE extractions (
    article_id        TEXT PRIMARY KEY,
    extractor_version TEXT NOT NULL,
    content_hash      TEXT NOT NULL,
    in_scope          BOOLEAN NOT NULL,
    error             TEXT,
    extracted_at      TIMESTAMPTZ NOT NULL
);

-- One extracted incident mention per (article, ordinal).
CREATE TABLE mentions (
    mention_id        TEXT PRIMARY KEY,   -- article_id || ':' || ordinal
    article_id        TEXT NOT NULL,
    ordinal           INTEGER NOT NULL,
    extractor_version TEXT NOT NULL,
    type              TEXT NOT NULL,
    date              DATE,
    commune           TEXT,
    place             TEXT,
    killed            INTEGER,
    injured           INTEGER,
    weapon            TEXT,
    confidence        DOUBLE,
    evidence          JSON,               -- [{"text", "start", "end"}] offsets into articles.text
    details           JSON,               -- extra extractor facts (victim ages, time of day, ...)
    incident_id       TEXT,               -- NULL until resolved
    created_at        TIMESTAMPTZ NOT NULL
);
CREATE INDEX mentions_article ON mentions (article_id);
CREATE INDEX mentions_incident ON mentions (incident_id);

-- Deduplicated real-world incidents with stable ids.
CREATE TABLE incidents (
    incident_id     TEXT PRIMARY KEY,
    type            TEXT NOT NULL,
    date            DATE,
    commune         TEXT,
    police_zone     TEXT,
    place           TEXT,
    killed          INTEGER,
    injured         INTEGER,
    weapon          TEXT,
    confidence      DOUBLE,
    sources_count   INTEGER NOT NULL DEFAULT 0,
    first_seen      TIMESTAMPTZ NOT NULL,   -- when the pipeline first ingested a report of it
    last_updated    TIMESTAMPTZ NOT NULL,   -- when one of its facts last changed
    status          TEXT NOT NULL DEFAULT 'active',  -- active | merged
    provenance      JSON                     -- field -> mention_id that supplied its value
);
CREATE INDEX incidents_date ON incidents (date);

CREATE TABLE incident_merges (
    merged_id   TEXT PRIMARY KEY,
    into_id     TEXT NOT NULL,
    merged_at   TIMESTAMPTZ NOT NULL,
    reason      TEXT
);

CREATE TABLE runs (
    run_id      TEXT PRIMARY KEY,
    flow        TEXT NOT NULL,
    started_at  TIMESTAMPTZ NOT NULL,
    ended_at    TIMESTAMPTZ,
    status      TEXT NOT NULL,          -- running | completed | failed | skipped
    counts      JSON,
    error       TEXT
);

CREATE TABLE subscribers (
    subscriber_id     TEXT PRIMARY KEY,
    email             TEXT NOT NULL UNIQUE,
    communes          TEXT[],            -- French canonical names; NULL or empty = all
    types             TEXT[],            -- incident types; NULL or empty = all
    min_severity      INTEGER NOT NULL DEFAULT 0,
    language          TEXT NOT NULL DEFAULT 'fr',
    frequency         TEXT NOT NULL DEFAULT 'daily',
    unsubscribe_token TEXT NOT NULL UNIQUE,
    active            BOOLEAN NOT NULL DEFAULT TRUE,
    created_at        TIMESTAMPTZ NOT NULL
);

CREATE TABLE deliveries (
    subscriber_id   TEXT NOT NULL,
    period_key      TEXT NOT NULL,       -- e.g. daily:2026-11-25 or weekly:2026-W48
    period_start    TIMESTAMPTZ NOT NULL,
    period_end      TIMESTAMPTZ NOT NULL,
    status          TEXT NOT NULL,       -- pending | sent | failed | empty
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    message_id      TEXT,
    incident_ids    JSON,
    created_at      TIMESTAMPTZ NOT NULL,
    sent_at         TIMESTAMPTZ,
    PRIMARY KEY (subscriber_id, period_key)
);
