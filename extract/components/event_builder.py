"""`incidents_event_builder`: turns cue spans and gazetteer entities into incident events (`doc._.incidents`).

Reads `doc._.published` (date or None) and `doc._.body_start` (where the article text starts in the doc: the
doc is "title\\n\\ntext"); writes `doc._.incidents` (offsets relative to the article text) and
`doc._.scope_reason` (why there is no incident, when there is none). This module is only the spaCy plumbing:
it turns the doc's sentences, cue spans (`doc.spans[spans_key]`) and gazetteer entities into `Sentence`s
(extract/rules/model.py; their locations by extract/rules/location.py `locations_by_sentence`) and hands them to
extract/rules/events.py `build_events`. The rules are in extract/rules/ (extract/README.md lists where each is).
"""

from __future__ import annotations

from typing import Any, Callable, Iterable

from spacy.language import Language
from spacy.pipeline import Pipe
from spacy.tokens import Doc

from extract.components.loaders import gazetteer
from extract.rules.events import build_events
from extract.rules.location import locations_by_sentence
from extract.rules.model import Cue, Sentence

for _name, _default in (("published", None), ("body_start", 0), ("incidents", None), ("scope_reason", None),
                        ("lang", None)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


class EventBuilder(Pipe):
    def __init__(self, nlp: Language, name: str, spans_key: str, max_age_days: int, followup_max_age_days: int):
        self.nlp = nlp
        self.name = name
        self.spans_key = spans_key
        self.max_age_days = max_age_days
        self.followup_max_age_days = followup_max_age_days
        self.gazetteer: Any = None

    def initialize(self, get_examples: Callable[[], Iterable] | None = None, *, nlp: Language | None = None,
                   gazetteer: Any = None) -> None:
        """Keep the gazetteer (from `incidents.gazetteer.v1`) to map place and postal ids to communes."""
        self.gazetteer = gazetteer

    def to_disk(self, path: Any, *, exclude: Iterable[str] = ()) -> None:
        """Nothing to save: the gazetteer is data of its own (extract/data/gazetteer)."""

    def from_disk(self, path: Any, *, exclude: Iterable[str] = ()) -> "EventBuilder":
        """A pipeline loaded from disk uses the project gazetteer."""
        self.gazetteer = gazetteer()
        return self

    def __call__(self, doc: Doc) -> Doc:
        error_handler = self.get_error_handler()
        try:
            self.set_annotations(doc, self.match(doc))
        except Exception as exc:  # noqa: BLE001 - spaCy's error-handler contract
            error_handler(self.name, self, [doc], exc)
        return doc

    def match(self, doc: Doc) -> tuple[list[dict[str, Any]], str | None]:
        sentences = self.sentences(doc)
        return build_events(sentences, doc._.published, doc._.lang or doc.lang_, doc._.body_start,
                            self.max_age_days, self.followup_max_age_days)

    def set_annotations(self, doc: Doc, result: tuple[list[dict[str, Any]], str | None]) -> None:
        doc._.incidents, doc._.scope_reason = result

    def sentences(self, doc: Doc) -> list[Sentence]:
        cues_by_sent: dict[int, list[Cue]] = {}
        spans = doc.spans[self.spans_key] if self.spans_key in doc.spans else []
        sents = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
        starts = [s.start_char for s in sents]

        def sent_index(char: int) -> int:
            lo, hi = 0, len(starts) - 1
            while lo < hi:
                mid = (lo + hi + 1) // 2
                if starts[mid] <= char:
                    lo = mid
                else:
                    hi = mid - 1
            return lo

        for sp in spans:
            cues_by_sent.setdefault(sent_index(sp.start_char), []).append(
                Cue(sp.label_, sp.kb_id_, sp.start_char, sp.end_char, sp.text))
        locs_by_sent = locations_by_sentence(doc.text, doc.ents, sent_index, self.gazetteer)
        out = []
        for i, s in enumerate(sents):
            if not s.text.strip():
                continue
            out.append(Sentence(s.start_char, s.end_char, s.text, s.start_char < doc._.body_start,
                                cues_by_sent.get(i, []), locs_by_sent.get(i, [])))
        return out


@Language.factory(
    "incidents_event_builder",
    assigns=["doc._.incidents", "doc._.scope_reason"],
    requires=["doc.sents", "doc.ents", "doc.spans"],
    default_config={"spans_key": "incident_cues", "max_age_days": 3, "followup_max_age_days": 90},
)
def make_event_builder(nlp: Language, name: str, spans_key: str, max_age_days: int,
                       followup_max_age_days: int) -> EventBuilder:
    return EventBuilder(nlp, name, spans_key, max_age_days, followup_max_age_days)
