"""Idempotent, transactional loads into the warehouse: articles (upsert by URL), extractions and mentions."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from dataclasses import asdict, dataclass
from typing import Any, Iterable, Iterator

import duckdb
import pyarrow as pa

from core.errors import UserError
from core.dates import BRUSSELS, parse_published, to_utc
from core.schema import STORABLE_LATEST, content_hash, validate_article
from warehouse.db import query_sql, transaction

_ARTICLE_SCHEMA = pa.schema([
    ("article_id", pa.string()), ("url", pa.string()), ("outlet", pa.string()), ("language", pa.string()),
    ("published_at", pa.timestamp("us", tz="UTC")), ("published_date", pa.date32()), ("title", pa.string()),
    ("text", pa.string()), ("content_hash", pa.string()), ("modified_at", pa.timestamp("us", tz="UTC")),
    ("fetched_at", pa.timestamp("us", tz="UTC")),
])


@dataclass
class UpsertStats:
    new: int = 0
    updated: int = 0
    unchanged: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def _parse_ts(value: Any) -> dt.datetime | None:
    if not value:
        return None
    if isinstance(value, dt.datetime):
        return to_utc(value)
    try:
        return to_utc(dt.datetime.fromisoformat(str(value).replace("Z", "+00:00")))
    except ValueError:
        return None


def article_url(art: dict[str, Any]) -> str:
    """The key an article is stored under: its URL (an article without one gets a URN from its id)."""
    return art.get("url") or f"urn:article:{art['id']}"


def one_per_url(articles: Iterable[dict[str, Any]]) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """(the first article of each URL, {id of a later article with the same URL: id of the one kept}).

    Two feeds can list one article: it is stored, extracted and resolved once."""
    kept: dict[str, dict[str, Any]] = {}
    same_as: dict[str, str] = {}
    for art in articles:
        first = kept.setdefault(article_url(art), art)
        if first is not art:
            same_as[str(art["id"])] = str(first["id"])
    return list(kept.values()), same_as


def _article_row(art: dict[str, Any], fetched_at: dt.datetime) -> dict[str, Any]:
    # callers validate on reading; nothing unchecked is stored (the upper bound here is fixed, not now + 2 days)
    validate_article(art, f"article {art.get('id')!r}", latest=STORABLE_LATEST)
    url = article_url(art)
    published_at, published_date = parse_published(art.get("published"))
    if published_at is not None:
        published_at = to_utc(published_at)
        published_date = published_at.astimezone(BRUSSELS).date()
    return {
        "article_id": str(art["id"]), "url": url, "outlet": art.get("outlet") or "unknown",
        "language": art.get("language"), "published_at": published_at, "published_date": published_date,
        "title": art.get("title"), "text": art.get("text") or "", "content_hash": content_hash(art),
        "modified_at": _parse_ts(art.get("modified")), "fetched_at": to_utc(_parse_ts(art.get("fetched_at")) or fetched_at),
    }


@contextlib.contextmanager
def _registered(con: duckdb.DuckDBPyConnection, **tables: pa.Table) -> Iterator[None]:
    """Arrow tables visible to the connection's SQL under these names for the block. DuckDB refuses to
    (un)register while a result is unfinished (a `fetchone()` of the caller's or ours): finish it first."""
    con.complete()
    for name, table in tables.items():
        con.register(name, table)
    try:
        yield
    finally:
        con.complete()
        for name in tables:
            con.unregister(name)


def upsert_articles(con: duckdb.DuckDBPyConnection, articles: Iterable[dict[str, Any]],
                    fetched_at: dt.datetime | None = None) -> UpsertStats:
    """Insert new articles, update changed ones (the old text goes to article_revisions), in one transaction.

    Keyed by URL: loading the same file twice changes nothing but `fetched_at`. Raw articles are never deleted.
    """
    fetched_at = to_utc(fetched_at or dt.datetime.now(dt.timezone.utc))
    rows: dict[str, dict[str, Any]] = {}
    for art in articles:
        row = _article_row(art, fetched_at)
        rows[row["url"]] = row  # the last version of a URL in the batch wins
    stats = UpsertStats()
    if not rows:
        return stats
    table = pa.Table.from_pylist(list(rows.values()), schema=_ARTICLE_SCHEMA)
    with transaction(con), _registered(con, incoming_articles=table):
        clash = con.execute(
            "SELECT i.article_id, i.url, a.url FROM incoming_articles i JOIN articles a USING (article_id) "
            "WHERE a.url <> i.url LIMIT 1").fetchone()
        if clash:
            raise UserError(f"article id {clash[0]!r} is already stored for {clash[2]} and cannot be reused "
                            f"for {clash[1]}; give each article its own id")
        stats.new, stats.updated, stats.unchanged = con.execute(
            "SELECT count(*) FILTER (WHERE a.url IS NULL),"
            " count(*) FILTER (WHERE a.content_hash <> i.content_hash),"
            " count(*) FILTER (WHERE a.content_hash = i.content_hash)"
            " FROM incoming_articles i LEFT JOIN articles a ON a.url = i.url").fetchone()
        con.execute(
            "INSERT INTO article_revisions "
            "SELECT a.article_id, a.content_hash, a.title, a.text, a.modified_at, a.fetched_at, i.fetched_at "
            "FROM articles a JOIN incoming_articles i ON a.url = i.url AND a.content_hash <> i.content_hash "
            "ON CONFLICT DO NOTHING")
        con.execute(
            "UPDATE articles a SET title = i.title, text = i.text, content_hash = i.content_hash,"
            " language = coalesce(i.language, a.language), outlet = i.outlet,"
            " published_at = coalesce(i.published_at, a.published_at),"
            " published_date = coalesce(i.published_date, a.published_date),"
            " modified_at = coalesce(i.modified_at, a.modified_at), fetched_at = i.fetched_at "
            "FROM incoming_articles i WHERE a.url = i.url AND a.content_hash <> i.content_hash")
        con.execute(
            "UPDATE articles a SET fetched_at = greatest(a.fetched_at, i.fetched_at) "
            "FROM incoming_articles i WHERE a.url = i.url AND a.content_hash = i.content_hash")
        con.execute(
            "INSERT INTO articles SELECT i.article_id, i.url, i.outlet, i.language, i.published_at,"
            " i.published_date, i.title, i.text, i.content_hash, i.modified_at, i.fetched_at, i.fetched_at "
            "FROM incoming_articles i WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.url = i.url)")
    return stats


def article_dict(row: tuple) -> dict[str, Any]:
    """An `articles` row (article_id, url, outlet, language, published_at, published_date, title, text,
    content_hash) as an Articles-JSONL object (+ `content_hash`)."""
    article_id, url, outlet, language, published_at, published_date, title, text, chash = row
    if published_at is not None:
        published = published_at.astimezone(BRUSSELS).isoformat()
    else:
        published = published_date.isoformat() if published_date else None
    return {"id": article_id, "url": url, "outlet": outlet, "language": language, "published": published,
            "title": title or "", "text": text, "content_hash": chash}


ARTICLE_COLUMNS = "a.article_id, a.url, a.outlet, a.language, a.published_at, a.published_date, a.title, a.text, a.content_hash"


def articles_needing_extraction(con: duckdb.DuckDBPyConnection, extractor_version: str,
                                limit: int | None = None) -> list[dict[str, Any]]:
    """Articles never extracted, extracted by another extractor version, or changed since extraction."""
    sql = (f"SELECT {ARTICLE_COLUMNS} FROM articles a LEFT JOIN extractions e USING (article_id) "
           "WHERE e.article_id IS NULL OR e.extractor_version <> ? OR e.content_hash <> a.content_hash "
           "ORDER BY a.first_seen, a.article_id")
    params: list[Any] = [extractor_version]
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return [article_dict(r) for r in con.execute(sql, params).fetchall()]


def _stored_facts(row: tuple) -> tuple:
    """A stored mention's facts (type .. details), comparable with `_mention_facts`."""
    type_, date, commune, place, killed, injured, weapon, confidence, evidence, details = row
    return (type_, str(date) if date is not None else None, commune, place, killed, injured, weapon, confidence,
            json.loads(evidence) if evidence else [], json.loads(details) if details else {})


def _mention_facts(inc: dict[str, Any]) -> tuple:
    """What an extraction says of one incident, comparable with a stored mention row (`_stored_facts`)."""
    date = inc.get("date")
    return (inc["type"], str(date) if date is not None else None, inc.get("commune"), inc.get("place"),
            inc.get("killed"), inc.get("injured"), inc.get("weapon"), inc.get("confidence"),
            inc.get("evidence") or [], inc.get("details") or {})


def _priors(own: str | None, article_priors: list[str]) -> list[str] | None:
    """A re-extracted mention's prior incidents: its ordinal's former incident first, then the article's others."""
    return ([own] if own else []) + [p for p in article_priors if p != own] or None


_EXTRACTION_SCHEMA = pa.schema([
    ("article_id", pa.string()), ("extractor_version", pa.string()), ("content_hash", pa.string()),
    ("in_scope", pa.bool_()), ("error", pa.string()), ("extracted_at", pa.timestamp("us", tz="UTC")),
])
_MENTION_SCHEMA = pa.schema([
    ("mention_id", pa.string()), ("article_id", pa.string()), ("ordinal", pa.int32()),
    ("extractor_version", pa.string()), ("type", pa.string()), ("date", pa.string()), ("commune", pa.string()),
    ("place", pa.string()), ("killed", pa.int32()), ("injured", pa.int32()), ("weapon", pa.string()),
    ("confidence", pa.float64()), ("evidence", pa.string()), ("details", pa.string()),
    ("created_at", pa.timestamp("us", tz="UTC")), ("prior_incident_ids", pa.list_(pa.string())),
])


def store_extractions(con: duckdb.DuckDBPyConnection, predictions: Iterable[dict[str, Any]],
                      extractor_version: str, hashes: dict[str, str] | None = None,
                      now: dt.datetime | None = None) -> int:
    """Record each article's extraction and replace its mentions (unresolved until the resolver runs).

    A mention identical to the stored one of the same article and ordinal (same facts, evidence and details)
    is kept as it is, with its incident: storing the same extraction again changes no incident (only the
    extractor version is updated). A changed or new mention replaces the stored one, unresolved, carrying the
    article's previous incidents as `prior_incident_ids`.

    `hashes` maps article id -> the content hash that was extracted (defaults to the stored one). One
    prediction per article (of several, the last counts). Returns the number of mentions written (kept or
    replaced). Written in bulk (a few statements over Arrow tables, whatever the batch size), in one
    transaction: a crash leaves the previous extraction intact.
    """
    now = now or dt.datetime.now(dt.timezone.utc)
    latest = {str(pred["id"]): pred for pred in predictions}
    if not latest:
        return 0
    batch_ids = pa.table({"article_id": pa.array(list(latest), pa.string())})
    with transaction(con), _registered(con, batch_ids=batch_ids):
        hashes = dict(hashes or {})
        if any(aid not in hashes for aid in latest):
            known = dict(con.execute("SELECT article_id, content_hash FROM articles JOIN batch_ids USING (article_id)"
                                     ).fetchall())
            for aid in latest:
                if aid not in hashes:
                    if aid not in known:
                        raise UserError(f"prediction for unknown article {aid!r}: load the article first")
                    hashes[aid] = known[aid]
        stored: dict[str, dict[int, tuple]] = {}
        mention_ids: dict[str, dict[int, str]] = {}
        was: dict[str, dict[int, str]] = {}
        rows = con.execute(query_sql("load", "stored_mentions")).fetchall()
        for aid, ordinal, mention_id, incident_id, *facts in rows:
            stored.setdefault(aid, {})[ordinal] = _stored_facts(tuple(facts))
            mention_ids.setdefault(aid, {})[ordinal] = mention_id
            if incident_id is not None:
                was.setdefault(aid, {})[ordinal] = incident_id
        extractions, dropped, new, written = [], [], [], 0
        for aid, pred in latest.items():
            incidents = [] if pred.get("error") else (pred.get("incidents") or [])
            extractions.append({"article_id": aid, "extractor_version": extractor_version, "content_hash": hashes[aid],
                                "in_scope": bool(pred.get("in_scope")) and not pred.get("error"),
                                "error": pred.get("error"), "extracted_at": now})
            written += len(incidents)
            old = stored.get(aid, {})
            keep = {ordinal for ordinal, inc in enumerate(incidents) if old.get(ordinal) == _mention_facts(inc)}
            dropped += [mention_ids[aid][ordinal] for ordinal in old if ordinal not in keep]
            # the incidents this article was attached to (kept as a hint so re-extraction keeps incident ids),
            # for each mention the one its ordinal had first
            article_was = was.get(aid, {})
            article_priors = sorted(set(article_was.values()))
            new += [{"mention_id": f"{aid}:{ordinal}", "article_id": aid, "ordinal": ordinal,
                     "extractor_version": extractor_version, "type": inc["type"],
                     "date": None if inc.get("date") is None else str(inc["date"]), "commune": inc.get("commune"),
                     "place": inc.get("place"), "killed": inc.get("killed"), "injured": inc.get("injured"),
                     "weapon": inc.get("weapon"), "confidence": inc.get("confidence"),
                     "evidence": json.dumps(inc.get("evidence") or [], ensure_ascii=False),
                     "details": json.dumps(inc.get("details") or {}, ensure_ascii=False), "created_at": now,
                     "prior_incident_ids": _priors(article_was.get(ordinal), article_priors)}
                    for ordinal, inc in enumerate(incidents) if ordinal not in keep]
        with _registered(con, new_extractions=pa.Table.from_pylist(extractions, schema=_EXTRACTION_SCHEMA),
                         dropped_mentions=pa.table({"mention_id": pa.array(dropped, pa.string())}),
                         new_mentions=pa.Table.from_pylist(new, schema=_MENTION_SCHEMA)):
            con.execute("INSERT OR REPLACE INTO extractions SELECT * FROM new_extractions")
            con.execute("DELETE FROM mentions WHERE mention_id IN (SELECT mention_id FROM dropped_mentions)")
            con.execute("UPDATE mentions SET extractor_version = ? "
                        "WHERE article_id IN (SELECT article_id FROM batch_ids)", [extractor_version])
            con.execute(query_sql("load", "insert_mentions"))
    return written
