"""The core schema and formats: Articles JSONL reading/validation and atomic JSONL writing."""

from __future__ import annotations

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
