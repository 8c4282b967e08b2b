"""The core schema and formats: Articles JSONL reading/validation and atomic JSONL writing."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from core import dates, jsonl, schema
from core.errors import UserError


def write(tmp_path, lines: list[str]):
    p = tmp_path / "articles.jsonl"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return p


GOOD = {"id": "x1", "url": "https://e.example.org/1", "outlet": "e.example.org", "language": "fr",
        "published": "2026-03-05", "title": "T", "text": "Texte.", "extra": "ignored"}


def test_reads_articles_and_drops_extra_keys(tmp_path):
    p = write(tmp_path, [json.dumps(GOOD), "", json.dumps(dict(GOOD, id="x2", published=None))])
    arts = schema.read_articles(p)
    assert [a["id"] for a in arts] == ["x1", "x2"]
    assert set(arts[0]) == set(schema.ARTICLE_FIELDS)


@pytest.mark.parametrize("line, message", [
    ("{not json", r"articles.jsonl:2: malformed JSON"),
    ("[1, 2]", r"articles.jsonl:2: expected a JSON object"),
    (json.dumps({"id": "y"}), r"articles.jsonl:2: article lacks required key"),
    (json.dumps(dict(GOOD, published="yesterday")), r"articles.jsonl:2: 'published' must be"),
    (json.dumps(GOOD), r"articles.jsonl:2: duplicate article id"),
])
def test_bad_lines_are_reported_with_their_line_number(tmp_path, line, message):
    p = write(tmp_path, [json.dumps(GOOD), line])
    with pytest.raises(UserError, match=message):
        schema.read_articles(p)


def test_missing_file_and_directory_are_user_errors(tmp_path):
    with pytest.raises(UserError, match="no such file"):
        schema.read_articles(tmp_path / "nope.jsonl")
    with pytest.raises(UserError, match="is a directory"):
        schema.read_articles(tmp_path)


def test_published_forms():
    assert dates.parse_published(None) == (None, None)
    ts, day = dates.parse_published("2026-03-05T23:30:00+01:00")
    assert ts.utcoffset().total_seconds() == 3600 and str(day) == "2026-03-05"
    assert dates.parse_published("2026-03-05")[1].isoformat() == "2026-03-05"


def test_write_jsonl_is_atomic_and_round_trips(tmp_path):
    out = tmp_path / "sub" / "p.jsonl"
    rows = [{"id": "a", "in_scope": True, "incidents": [{"type": "shooting", "commune": "Ixelles"}]}]
    assert jsonl.write_jsonl(out, rows) == 1
    assert [json.loads(l) for l in out.read_text(encoding="utf-8").splitlines()] == rows
    assert not (tmp_path / "sub" / "p.jsonl.tmp").exists()


def test_article_ids_are_stable_and_distinct():
    assert schema.article_id("https://a.example.org/x") == schema.article_id("https://a.example.org/x")
    assert schema.article_id("https://a.example.org/x") != schema.article_id("https://a.example.org/y")


NOW = dt.datetime(2026, 11, 29, 12, 0, tzinfo=dt.timezone.utc)


@pytest.mark.parametrize("change, reason", [
    ({"published": "0001-01-01T00:00:00+00:00"}, "published out of range"),
    ({"published": "0001-01-01T00:00:00"}, "published out of range"),
    ({"published": "9999-12-31"}, "published out of range"),
    ({"published": "9999-12-31T23:59:59+00:00"}, "published out of range"),
    ({"published": "1989-12-31"}, "published out of range"),
    ({"published": "2026-12-02"}, "published out of range"),
    ({"published": 20261116}, "bad published"),
    ({"published": ["2026-11-16"]}, "bad published"),
    ({"id": {"x": 1}}, "bad id"), ({"id": 7}, "bad id"), ({"id": ""}, "bad id"),
    ({"title": 5}, "bad title"), ({"language": ["fr"]}, "bad language"), ({"url": 5}, "bad url"),
    ({"outlet": {"a": 1}}, "bad outlet"), ({"text": None}, "bad text"),
    ({"title": "x\ud800y"}, "invalid unicode"), ({"text": "\udfff"}, "invalid unicode"),
])
def test_every_field_is_checked(change, reason):
    with pytest.raises(schema.BadArticle) as exc:
        schema.validate_article(dict(GOOD, **change), "f:3", latest=NOW + schema.PUBLISHED_AHEAD)
    assert exc.value.reason == reason and str(exc.value).startswith("f:3: ")


@pytest.mark.parametrize("published", ["1990-01-01", "2026-12-01", "2026-12-01T10:00:00+01:00", None, ""])
def test_published_within_range_is_kept(published):
    assert schema.validate_article(dict(GOOD, published=published), "f:1", latest=NOW + schema.PUBLISHED_AHEAD)["published"] == published


def test_one_bad_line_is_skipped_with_its_line_number_and_reason(tmp_path):
    p = tmp_path / "articles.jsonl"
    lines = [json.dumps(GOOD).encode(), b'{"id": "bad-utf8", "text": "\xff\xfe"}',
             ('{"id": "deep", "text": "x", "title": ' + "[" * 100_000 + "]" * 100_000 + "}").encode(),
             json.dumps(dict(GOOD, id="surrogate", text="a\ud800b")).encode(),
             json.dumps(dict(GOOD, id="old", published="0001-01-01")).encode(),
             b"{oops", json.dumps(GOOD).encode(), json.dumps(dict(GOOD, id="x2")).encode()]
    p.write_bytes(b"\n".join(lines) + b"\n")
    skipped = []
    arts = schema.read_articles(p, on_skip=lambda n, reason, msg: skipped.append((n, reason, msg)))
    assert [a["id"] for a in arts] == ["x1", "x2"]
    assert [(n, reason) for n, reason, _ in skipped] == [
        (2, "unreadable line"), (3, "unreadable line"), (4, "invalid unicode"), (5, "published out of range"),
        (6, "unreadable line"), (7, "duplicate id")]
    assert "not valid UTF-8" in skipped[0][2] and "nested too deep" in skipped[1][2]
    with pytest.raises(UserError, match="articles.jsonl:2: not valid UTF-8"):
        schema.read_articles(p)


@pytest.mark.parametrize("raw", ["abc", "-1", "nan", "inf"])
def test_bad_lock_wait_is_a_user_error(monkeypatch, raw):
    from core.settings import lock_wait_seconds
    monkeypatch.setenv("INCIDENTS_LOCK_WAIT_SECONDS", raw)
    with pytest.raises(UserError, match="INCIDENTS_LOCK_WAIT_SECONDS"):
        lock_wait_seconds()
