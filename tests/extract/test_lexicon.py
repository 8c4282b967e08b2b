"""Lexicon files are validated on load (file:line errors), and editing any data file changes EXTRACTOR_VERSION."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import extract
from extract.lexicon import LEXICON_DIR, load_lexicon


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
