"""Lexicon files are validated on load (file:line errors), and editing any data file changes EXTRACTOR_VERSION."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import extract
from extract.lexicon import LANGUAGES, LEXICON_DIR, label_patterns, load_lexicon, words_regex


def test_the_project_lexicons_load() -> None:
    for lang in ("fr", "nl", "en", "de"):
        entries = load_lexicon(lang)
        assert any(e["label"] == "TRIGGER" for e in entries)


@pytest.mark.parametrize("entry, message", [
    ({"label": "TRIGGERS", "pattern": "x", "lang": "fr"}, r"fr\.jsonl:2: unknown label 'TRIGGERS'"),
    ({"label": "TRIGGER", "pattern": "x", "lang": "fr"}, r"fr\.jsonl:2: label TRIGGER needs key 'type'"),
    ({"label": "TRIGGER", "pattern": "x", "lang": "fr", "type": "gunfight"}, r"fr\.jsonl:2: 'type' must be one of"),
    ({"label": "WEAPON", "pattern": "x", "lang": "fr", "weapon": "sword"}, r"fr\.jsonl:2: 'weapon' must be one of"),
    ({"label": "KILL", "pattern": "tué(", "lang": "fr"}, r"fr\.jsonl:2: pattern 'tué\(' is not a valid regular"),
    ({"label": "KILL", "pattern": "tué", "lang": "nl"}, r"fr\.jsonl:2: 'lang' must be 'fr'"),
    ({"label": "KILL", "pattern": "tué", "lang": "fr", "kind": "x"}, r"fr\.jsonl:2: unknown key\(s\) \['kind'\]"),
    ({"label": "NEG", "pattern": "match", "lang": "fr", "kind": "football"}, r"fr\.jsonl:2: 'kind' must be one of"),
    ({"label": "CONTEXT", "pattern": "gang", "lang": "fr", "context": "gangs"}, r"fr\.jsonl:2: 'context' must be one of"),
    ({"label": "KILL", "lang": "fr"}, r"fr\.jsonl:2: missing key 'pattern'"),
])
def test_a_bad_line_is_named(tmp_path: Path, entry: dict, message: str) -> None:
    path = tmp_path / "fr.jsonl"
    good = {"label": "KILL", "pattern": "tuée?", "lang": "fr"}
    path.write_text(json.dumps(good) + "\n" + json.dumps(entry) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        load_lexicon("fr", path)


def test_editing_a_data_file_changes_the_extractor_version(tmp_path: Path) -> None:
    copy = tmp_path / "lexicons"
    shutil.copytree(LEXICON_DIR, copy)
    before = extract.data_fingerprint(((copy, "*"),))
    assert extract.data_fingerprint(((copy, "*"),)) == before  # stable
    with (copy / "nl.jsonl").open("a", encoding="utf-8") as fh:
        fh.write(json.dumps({"label": "KILL", "pattern": "doodgeschoten", "lang": "nl"}) + "\n")
    assert extract.data_fingerprint(((copy, "*"),)) != before
    assert extract.EXTRACTOR_VERSION.startswith(extract.RULES_VERSION + "+")


def test_a_new_word_label_is_validated(tmp_path: Path) -> None:
    path = tmp_path / "fr.jsonl"
    path.write_text(json.dumps({"label": "NEAR", "pattern": "près (de", "lang": "fr"}) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"fr\.jsonl:1: pattern 'près \(de' is not a valid regular"):
        load_lexicon("fr", path)
    path.write_text(json.dumps({"label": "SINCE", "pattern": "depuis", "lang": "fr", "kind": "x"}) + "\n",
                    encoding="utf-8")
    with pytest.raises(ValueError, match=r"fr\.jsonl:1: unknown key\(s\) \['kind'\]"):
        load_lexicon("fr", path)


@pytest.mark.parametrize("label", ["SHOTS", "RECAP", "ARREST", "NEAR", "MASK_BEFORE", "MASK_AFTER", "ANOTHER", "AND",
                                   "SUBSET", "DEAD", "SINCE"])
def test_every_language_has_the_words_the_rules_ask_for(label: str) -> None:
    for lang in LANGUAGES:
        assert label_patterns(label, lang), f"{lang}.jsonl has no {label} entry"


def test_words_regex_builds_from_one_language_or_all() -> None:
    join = words_regex(r"\b(?:{AND})\b", "fr")
    assert join.search("un mort et deux blessés") and not join.search("three dead and two injured")
    assert words_regex(r"\b(?:{AND})\b", None).search("three dead and two injured")  # every language's words
    assert words_regex(r"^[\s'’s-]*(?:{MASK_AFTER})", "nl").match(" hoofdstedelijk gewest")
    streets = words_regex(r"[A-Z][\w-]*{STREET_AFTER}", None, 0)
    assert streets.search("in de Brabantstraat") and not streets.search("in de brabantstraat")


def test_a_label_without_words_matches_nothing() -> None:
    assert label_patterns("ADJECTIVE_ENDING", "fr") == ()
    assert not words_regex(r"x{ADJECTIVE_ENDING}", "fr").search("xse xer x")
    with pytest.raises(KeyError):
        label_patterns("STREETS", "fr")
