"""`incidents_event_builder`: turns cue spans and gazetteer entities into incident events (`doc._.incidents`).

Reads `doc._.published` (date or None) and `doc._.body_start` (where the article text starts in the doc: the
doc is "title\\n\\ntext"); writes `doc._.incidents` (offsets relative to the article text) and
`doc._.scope_reason` (why there is no incident, when there is none). The rules are in extract/rules/events.py.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Iterable

from spacy.language import Language
from spacy.pipeline import Pipe
from spacy.tokens import Doc

from extract.rules.events import Cue, Location, Sentence, build_events, near_landmark

for _name, _default in (("published", None), ("body_start", 0), ("incidents", None), ("scope_reason", None),
                        ("lang", None)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)

LOCATION_LABELS = {"COMMUNE": "commune", "PLACE": "place", "POSTAL": "postal", "OUTSIDE": "outside",
                   "BRUSSELS_AMBIGUOUS": "ambiguous"}
# a commune named as part of a police zone or an institution is not where the incident happened
MASK_BEFORE = re.compile(r"(?:zone|politiezone|polizeizone|police zone|zone de police|parquet de|parket van|"
                         r"commissariat de|police de|chambre du conseil de|raadkamer (?:van|in)|ratskammer (?:in|von)|"
                         # where the offenders fled to is not where the incident happened
                         r"en direction d[eu]s?(?: la| l['’])?|in de richting van|richting|towards|in richtung|"
                         r"fled to|s['’]est enfui vers|vluchtte naar|flüchtete nach|"
                         # where the getaway car was left ("retrouvé abandonné à Molenbeek", "found burnt out in")
                         r"retrouvée?s? (?:abandonnée?s?|incendiée?s?|calcinée?s?|brûlée?s?) (?:à|en|au)|"
                         r"found (?:abandoned|burnt[- ]out|burned[- ]out) in|"
                         r"(?:uitgebrand|achtergelaten) (?:teruggevonden|aangetroffen) in|"
                         # where a suspect was arrested ("arrêté samedi à Jette", "arrested on Sunday in Jette")
                         r"(?:arrêtée?s?|interpellée?s?|arrested|detained|festgenommen|verhaftet|gefasst)"
                         r"\s+(?:[\w'’]+\s+){0,3}?(?:à|en|au|in|at))\s*(?:de\s+|du\s+|van\s+|the\s+)?"
                         r"(?:\w+-)?$",  # "parquet de Hal-Vilvorde", "parket van Halle-Vilvoorde"
                         re.I)
PREFIXED = re.compile(r"\b(?:Brüssel|Brussel|Bruxelles|Brussels)-([A-Z][\w-]{3,})\b")  # "Brüssel-Schaerbeek"
ADJECTIVE = re.compile(r"\b([A-Z][\w-]{3,}?)(?:se|er)\b")  # Schaarbeekse, Anderlechtse, Elsense, Molenbeeker
MASK_AFTER = re.compile(r"^[\s'’s-]*(?:prosecutor|police|parket|parquet|staatsanwaltschaft|polizei|court|tribunal|"
                        r"rechtbank|gericht|-west|-nord|-noord|-ouest|-zuid|-süd|-sud|-est|-oost|hoofdstedelijk|"
                        r"capitale|region|région|gewest)", re.I)


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
        from extract.components.loaders import gazetteer

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

    def location(self, ent) -> Location | None:
        kind = LOCATION_LABELS.get(ent.label_)
        if kind is None:
            return None
        ident = ent.ent_id_ or ""
        local = ident.split(":", 1)[1] if ":" in ident else ident
        commune, candidates, generic = None, (), False
        gz = self.gazetteer
        if gz is not None:
            try:
                if kind == "commune":
                    c = gz.commune(local) or gz.commune(ent.text)
                    commune = c.name if c else None
                elif kind == "place":
                    p = gz.place(local)
                    if p.kind == "hospital":
                        return None  # "transporté au CHU Saint-Pierre": where the victim was taken
                    commune = p.commune
                    candidates = tuple(p.communes)
                    generic = p.is_generic(ent.text)
                elif kind == "postal":
                    c = gz.commune_for_postal(local)
                    commune = c.name if c else None
            except KeyError:
                return None
        return Location(kind, commune, ent.text, ent.start_char, local, candidates, generic)

    def adjective_location(self, m: re.Match) -> Location | None:
        """A commune named as an adjective ("de Schaarbeekse Brabantstraat", "die Anderlechter Siedlung") or after
        "Brüssel-" in one token ("Brüssel-Schaerbeek"): the stem, or the stem + "e" ("Elsense" -> Elsene), looked up
        in the gazetteer; never the ambiguous Brussels."""
        gz = self.gazetteer
        if gz is None:
            return None
        stem = m.group(1)
        ambiguous = {a.lower() for a in gz.ambiguous}
        for name in (stem, stem + "e"):
            if name.lower() in ambiguous:
                return None
            c = gz.commune(name)
            if c is not None:
                return Location("commune", c.name, m.group(0), m.start(), c.name)
        return None

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
        locs_by_sent: dict[int, list[Location]] = {}
        for ent in doc.ents:
            if MASK_BEFORE.search(doc.text[max(0, ent.start_char - 40):ent.start_char]):
                continue
            if ent.label_ in ("BRUSSELS_AMBIGUOUS", "COMMUNE") and MASK_AFTER.match(doc.text[ent.end_char:ent.end_char + 30]):
                continue
            loc = self.location(ent)
            if loc is not None:
                locs_by_sent.setdefault(sent_index(ent.start_char), []).append(loc)
        for m in list(ADJECTIVE.finditer(doc.text)) + list(PREFIXED.finditer(doc.text)):
            loc = self.adjective_location(m)
            if loc is not None and not any(e.start_char < m.end() and m.start() < e.end_char for e in doc.ents):
                locs_by_sent.setdefault(sent_index(m.start()), []).append(loc)
        for i, locs in locs_by_sent.items():
            locs.sort(key=lambda loc: loc.start)
            if any(loc.kind == "outside" for loc in locs):
                locs[:] = [loc for loc in locs if not (loc.kind == "commune" and near_landmark(doc.text, loc.start))]
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
    default_config={"spans_key": "incident_cues", "max_age_days": 3, "followup_max_age_days": 30},
)
def make_event_builder(nlp: Language, name: str, spans_key: str, max_age_days: int,
                       followup_max_age_days: int) -> EventBuilder:
    return EventBuilder(nlp, name, spans_key, max_age_days, followup_max_age_days)
