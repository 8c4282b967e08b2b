-- Flow bookkeeping: backfill chunks finished (a resumed backfill skips them).

CREATE TABLE backfill_chunks (
    sources_key  TEXT NOT NULL,          -- sha256 of the sources registry the chunk was crawled with
    chunk_start  DATE NOT NULL,
    chunk_end    DATE NOT NULL,          -- inclusive
    run_id       TEXT,                   -- the backfill run that finished it
    counts       JSON,
    finished_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (sources_key, chunk_start, chunk_end)
);
