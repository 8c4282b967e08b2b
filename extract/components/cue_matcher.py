"""`incidents_cue_matcher`: marks incident cues (triggers, weapons, casualty words, negatives...) as spans.

Each lexicon entry (extract/data/lexicons/<lang>.jsonl) is `{"label", "pattern", ...}` where `pattern` is a
case-insensitive regular expression matched on whole words of the text. Matches become spans in
`doc.spans[spans_key]` with `label_` = the entry's label and `kb_id_` = its detail:
TRIGGER "<type>/<strength>", WEAPON "<weapon>", NEG "<kind>", CONTEXT "<context>", others "".
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Callable, Iterable

from spacy.language import Language
from spacy.pipeline import Pipe
from spacy.tokens import Doc
from spacy.util import ensure_path

Match = tuple[str, str, int, int]  # label, detail, start char, end char


def entry_detail(entry: dict[str, Any]) -> str:
    if entry["label"] == "TRIGGER":
        return f"{entry['type']}/{entry.get('strength', 'strong')}"
    return entry.get("weapon") or entry.get("kind") or entry.get("context") or ""


class CueMatcher(Pipe):
    def __init__(self, nlp: Language, name: str, spans_key: str):
        self.nlp = nlp
        self.name = name
        self.spans_key = spans_key
        self.entries: list[dict[str, Any]] = []
        self._compiled: list[tuple[str, re.Pattern, list[str]]] = []

    def initialize(self, get_examples: Callable[[], Iterable] | None = None, *, nlp: Language | None = None,
                   lexicon: list[dict[str, Any]] | None = None) -> None:
        """Load the cue lexicon (supplied by the `incidents.lexicon.v1` loader in the config)."""
        self.set_lexicon(lexicon or [])

    def set_lexicon(self, entries: list[dict[str, Any]]) -> None:
        self.entries = [dict(e) for e in entries]
        by_label: dict[str, list[tuple[str, str]]] = {}
        for e in self.entries:
            by_label.setdefault(e["label"], []).append((e["pattern"], entry_detail(e)))
        self._compiled = []
        for label, items in by_label.items():
            items.sort(key=lambda it: -len(it[0]))  # longer patterns first: "coups de feu" before "feu"
            alts = "|".join(f"(?P<g{i}>{pat})" for i, (pat, _) in enumerate(items))
            regex = re.compile(rf"(?<![\w-])(?:{alts})(?![\w-])", re.IGNORECASE)
            self._compiled.append((label, regex, [d for _, d in items]))

    def __call__(self, doc: Doc) -> Doc:
        error_handler = self.get_error_handler()
        try:
            self.set_annotations(doc, self.match(doc.text))
        except Exception as exc:  # noqa: BLE001 - spaCy's error-handler contract
            error_handler(self.name, self, [doc], exc)
        return doc

    def match(self, text: str) -> list[Match]:
        """All cue matches in `text` (overlaps allowed across labels)."""
        found: list[Match] = []
        for label, regex, details in self._compiled:
            for m in regex.finditer(text):
                found.append((label, details[int(m.lastgroup[1:])], m.start(), m.end()))
        found.sort(key=lambda x: (x[2], x[3]))
        return found

    def set_annotations(self, doc: Doc, matches: list[Match]) -> None:
        spans = []
        for label, detail, start, end in matches:
            span = doc.char_span(start, end, label=label, kb_id=detail, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans[self.spans_key] = spans

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        with (path / "lexicon.jsonl").open("w", encoding="utf-8") as fh:
            for e in self.entries:
                fh.write(json.dumps(e, ensure_ascii=False) + "\n")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "CueMatcher":
        path = ensure_path(path)
        with (path / "lexicon.jsonl").open(encoding="utf-8") as fh:
            self.set_lexicon([json.loads(line) for line in fh if line.strip()])
        return self


@Language.factory("incidents_cue_matcher", assigns=["doc.spans"], default_config={"spans_key": "incident_cues"})
def make_cue_matcher(nlp: Language, name: str, spans_key: str) -> CueMatcher:
    return CueMatcher(nlp, name, spans_key)
