"""Where an incident happened: every location rule of the extraction (extract/README.md rules 4, 7, 12, 13, 16, 21-23).

From gazetteer entities to `Location`s per sentence (masks for police zones, prosecutors, flight directions,
getaway cars and arrests; communes named as adjectives; landmarks beside an outside town), a sentence's primary
location, the key incidents are grouped by, the location an incident without one borrows, and its `place`.
The spaCy plumbing is in extract/components/event_builder.py; it calls `locations_by_sentence`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Iterable

from extract.lexicon import words_regex
from extract.rules.scope import is_usable

if TYPE_CHECKING:
    from extract.rules.model import Sentence, SentenceGroup


@dataclass
class Location:
    kind: str               # commune | place | postal | outside | ambiguous
    commune: str | None     # canonical commune for in-region kinds
    text: str
    start: int
    ident: str
    candidates: tuple[str, ...] = ()  # a place straddling communes: the communes it may be in
    generic: bool = False             # a name other towns share ("Grote Markt", "Berchem"): Brussels only if no
                                      # town is named (in the sentence; for a commune, in the article: rule 56)


LOCATION_LABELS = {"COMMUNE": "commune", "PLACE": "place", "POSTAL": "postal", "OUTSIDE": "outside",
                   "BRUSSELS_AMBIGUOUS": "ambiguous"}
# The words are lexicon data (extract/data/lexicons/<lang>.jsonl, labels in extract/README.md "Data files"); the
# glue around them stays here. A commune named as part of a police zone or an institution, where the offenders fled
# to, where the getaway car was left or a suspect arrested (MASK_BEFORE, then MASK_ARTICLE, "parquet de
# Hal-Vilvorde") or followed by "prosecutor", "-Nord", "hoofdstedelijk" (MASK_AFTER) is not where it happened.
MASK_BEFORE = r"(?:{MASK_BEFORE})\s*(?:{MASK_ARTICLE}\s+)?(?:\w+-)?$"
MASK_AFTER = r"^[\s'’s-]*(?:{MASK_AFTER})"
# case-sensitive, from every language's words (names are written in either language): "Brüssel-Schaerbeek",
# "Schaarbeekse", "Anderlechter"; "rue Heyvaert", "Brabantstraat"
PREFIXED = r"\b(?:{BRUSSELS_PREFIX})-([A-Z][\w-]{3,})\b"
ADJECTIVE = r"\b([A-Z][\w-]{3,}?)(?:{ADJECTIVE_ENDING})\b"
STREET = (r"(?<!\w)(?:{STREET_BEFORE}\s+(?:de\s+la\s+|de\s+l['’]|du\s+|des\s+|de\s+|d['’])?"
          r"[A-ZÉÈ][\w'’-]+(?:[\s-][A-ZÉÈ][\w'’-]+)*|[A-Z][\w-]*{STREET_AFTER})")
# a commune or place named as a landmark next to where it happened ("à Drogenbos, à la limite de Forest et d'Uccle",
# "in Dilbeek, vlakbij Anderlecht", "in Zaventem, near Evere"): not the incident's location
NEAR = r"\b(?:{NEAR})(?!\w)"


def near_landmark(text: str, start: int, lang: str | None) -> bool:
    """Rules 12, 23: whether the name at `start` follows a proximity phrase (NEAR) in its clause ("à la limite de
    Forest et d'Uccle", "non loin de la place Fernand Cocq")."""
    window = text[max(0, start - 60):start]
    breaks = list(re.finditer(r"[,;:.!?()\n]", window))
    if breaks:
        window = window[breaks[-1].end():]
    return bool(words_regex(NEAR, lang).search(window))


def entity_location(ent: Any, gazetteer: Any) -> Location | None:
    """Rules 7, 23: a gazetteer entity as a Location: a place gives its commune (a place straddling communes keeps
    them as candidates; a name other towns share is `generic`); a hospital is never a location."""
    kind = LOCATION_LABELS.get(ent.label_)
    if kind is None:
        return None
    ident = ent.ent_id_ or ""
    local = ident.split(":", 1)[1] if ":" in ident else ident
    commune, candidates, generic = None, (), False
    gz = gazetteer
    if gz is not None:
        try:
            if kind == "commune":
                c = gz.commune(local) or gz.commune(ent.text)
                commune = c.name if c else None
                generic = bool(c and c.is_generic(ent.text))
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


def adjective_location(m: re.Match, gazetteer: Any) -> Location | None:
    """Rule 7: a commune named as an adjective ("de Schaarbeekse Brabantstraat", "die Anderlechter Siedlung") or after
    "Brüssel-" in one token ("Brüssel-Schaerbeek"): the stem, or the stem + "e" ("Elsense" -> Elsene), looked up
    in the gazetteer; never the ambiguous Brussels."""
    gz = gazetteer
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


def masked(text: str, ent: Any, lang: str | None) -> bool:
    """Rules 7, 12, 13, 16, 22: a name that is not where it happened: after a police zone, a prosecutor's office
    (also hyphenated: "parquet de Hal-Vilvorde"), a flight direction, where the getaway car was found or a suspect
    arrested; a commune or "Brussels" followed by "prosecutor", "police", "-Nord", "hoofdstedelijk"..."""
    if words_regex(MASK_BEFORE, lang).search(text[max(0, ent.start_char - 40):ent.start_char]):
        return True
    after = text[ent.end_char:ent.end_char + 30]
    return ent.label_ in ("BRUSSELS_AMBIGUOUS", "COMMUNE") and bool(words_regex(MASK_AFTER, lang).match(after))


def doc_language(ents: list[Any]) -> str | None:
    """The article's language, from the doc of its gazetteer entities (None without entities: every language)."""
    doc = getattr(ents[0], "doc", None) if ents else None
    return (doc._.lang or doc.lang_) if doc is not None else None


def locations_by_sentence(text: str, ents: Iterable[Any], sent_index: Callable[[int], int],
                          gazetteer: Any, lang: str | None = None) -> dict[int, list[Location]]:
    """Rules 7, 12: the locations of each sentence (by index), in text order: unmasked gazetteer entities, communes
    named as adjectives; in a sentence naming an outside town, communes named as landmarks are dropped. The words
    are those of the article's language (`lang`, else the entities' doc's)."""
    ents = list(ents)
    lang = lang or doc_language(ents)
    locs_by_sent: dict[int, list[Location]] = {}
    for ent in ents:
        if masked(text, ent, lang):
            continue
        loc = entity_location(ent, gazetteer)
        if loc is not None:
            locs_by_sent.setdefault(sent_index(ent.start_char), []).append(loc)
    named = [*words_regex(ADJECTIVE, None, 0).finditer(text), *words_regex(PREFIXED, None, 0).finditer(text)]
    for m in named:
        loc = adjective_location(m, gazetteer)
        if loc is not None and not any(e.start_char < m.end() and m.start() < e.end_char for e in ents):
            locs_by_sent.setdefault(sent_index(m.start()), []).append(loc)
    for locs in locs_by_sent.values():
        locs.sort(key=lambda loc: loc.start)
        if any(loc.kind == "outside" for loc in locs):
            locs[:] = [loc for loc in locs if not (loc.kind == "commune" and near_landmark(text, loc.start, lang))]
    return locs_by_sent


def primary_location(sent: Sentence) -> Location | None:
    """Rules 7, 16: the location a sentence tells: the first in-region one (not a generic name beside an outside
    town; a place followed by another commune is in that commune; a street followed by an outside town is in that
    town), else an outside town, else an ambiguous name, else "central Brussels" (commune unknown)."""
    named_town = any(loc.kind == "outside" for loc in sent.locations)
    inside = [loc for loc in sent.locations if loc.kind in ("commune", "place", "postal")
              and (loc.commune or loc.candidates) and not (loc.generic and named_town)]
    if inside:
        first = inside[0]
        if first.kind == "place":
            # "rue Heyvaert à Molenbeek": the commune the reporter names right after a place wins
            named = next((loc for loc in inside if loc.kind == "commune" and 0 < loc.start - first.start
                          <= len(first.text) + 40), None)
            # rule 44: "rue Steyls, entre Laeken et Jette": a street between two areas is in neither named one
            between = named is not None and any(first.start < c.start < named.start for c in sent.labels("BETWEEN"))
            if named is not None and named.commune != first.commune and not between:
                return Location("place", named.commune, first.text, first.start, first.ident)
            if first.commune is None and first.candidates:
                told = place_of_several(first, inside, sent.locations)
                if told is not None:
                    return told
            # "op de Ninoofsesteenweg in Dilbeek": a street that runs on outside the region, in the town named
            town = next((loc for loc in sent.locations if loc.kind == "outside"
                         and 0 < loc.start - first.start <= len(first.text) + 12), None)
            if town is not None:
                return town
        return first
    outside = [loc for loc in sent.locations if loc.kind == "outside"]
    if outside:
        return outside[0]
    amb = [loc for loc in sent.locations if loc.kind in ("ambiguous", "place")]
    if amb:
        return amb[0]
    centre = sent.labels("IN_BRUSSELS")  # "la Brusselse binnenstad", "central Brussels": Brussels, commune unknown
    return Location("ambiguous", None, centre[0].text, centre[0].start, "ambiguous") if centre else None


def place_of_several(first: Location, inside: list[Location], named: list[Location]) -> Location | None:
    """Rules 57, 63: where a street of several communes is, as its sentence tells it (`inside`: the sentence's
    in-region locations, `first` first among them; `named`: all its locations); None when it does not tell."""
    communes = [loc for loc in inside if loc.kind == "commune"]
    if not communes and any(loc.kind == "outside" for loc in named):
        # rule 63: "In Dilbeek (...) langs de Ninoofsesteenweg": a road that runs on out of the region, in a sentence
        # that names only an outside town, is in that town
        return next(loc for loc in named if loc.kind == "outside")
    # rule 57: in the commune of its own the sentence names ("chaussée de Wavre, à hauteur de la place Jourdan, à
    # Etterbeek"), else in the one commune it shares with another place named ("chaussée de Wavre, dans le quartier
    # de la Porte de Namur": Ixelles)
    own = next((loc for loc in communes if loc.commune in first.candidates), None)
    if own is not None:
        return Location("place", own.commune, first.text, first.start, first.ident)
    shared = set(first.candidates)
    for loc in inside[1:]:
        if loc.kind == "place" and shared & set(loc.candidates):
            shared &= set(loc.candidates)
    if len(shared) == 1 and len(shared) < len(first.candidates):
        return Location("place", shared.pop(), first.text, first.start, first.ident)
    return None


def location_key(loc: Location | None) -> str | None:
    """Rule 6: what trigger sentences are grouped by: the commune, an outside town, a place straddling communes
    (its own key), or "ambiguous" (Brussels, commune unknown)."""
    if loc is None:
        return None
    if loc.kind == "outside":
        return "outside:" + loc.ident
    if loc.commune is None and loc.candidates:
        return "place:" + loc.ident
    return loc.commune or "ambiguous"


def article_locations(title: list[Sentence], body: list[Sentence]) -> list[Location]:
    """Rule 21: the locations of the title and the lead that an incident without one may borrow, only from sentences
    that are neither background nor negative ("Anderlecht et le FC Bruges se sont quittés sur un score vierge")."""
    return [loc for s in title + body[:3] if is_usable(s) for loc in s.locations]


def resolve_location(group: SentenceGroup, article_locs: list[Location], single: bool) -> Location | None:
    """Rules 4, 21: the incident's own location; the only incident of an article borrows the title's or the lead's
    (an in-region one first)."""
    if group.location is not None:
        return group.location
    if single:
        inside = [loc for loc in article_locs if loc.kind in ("commune", "place", "postal") and loc.commune]
        if inside:
            return inside[0]
        other = [loc for loc in article_locs if loc.kind in ("outside", "ambiguous")]
        if other:
            return other[0]
    return None


def pick_commune(group: SentenceGroup, loc: Location) -> str | None:
    """Rule 7: the commune of an in-region location; a place straddling communes takes the one the incident's
    sentences name, else null."""
    commune = loc.commune if loc.kind in ("commune", "place", "postal") else None
    if commune is None and loc.candidates:
        named = [l_.commune for s in group.sentences for l_ in s.locations if l_.kind == "commune" and l_.commune]
        commune = next((c for c in named if c in loc.candidates), None)
    if commune is None and loc.kind == "ambiguous":
        # rule 28: "in Brussels ... on the place De Brouckère": the incident's own place gives the commune
        place = incident_place_location(group)
        commune = place.commune if place is not None else None
    return commune


def _may_be_in(loc: Location, commune: str | None) -> bool:
    """Whether a place can be in the incident's commune (unknown commune: any place can)."""
    if commune is None:
        return True
    return loc.commune == commune if loc.commune else (not loc.candidates or commune in loc.candidates)


def incident_place_location(group: SentenceGroup, commune: str | None = None) -> Location | None:
    """The gazetteer place that is the incident's `place` (see `pick_place`), or None. With the incident's
    commune, a place of another commune is never its place (a round-up naming Laeken beside a Saint-Josse
    shooting)."""
    for s in group.trigger_sentences + group.sentences:
        for l_ in s.locations:
            if l_.kind == "place" and not s.near_before("NEAR", l_.start - s.start, 60) and _may_be_in(l_, commune):
                return l_
    return None


def pick_place(group: SentenceGroup, commune: str | None) -> str | None:
    """Rule 23: the incident's `place`: the first gazetteer place of its sentences not named after a proximity
    phrase (a NEAR cue in its clause) and not of another commune than the incident's, else a street name in its
    trigger sentences."""
    place = incident_place_location(group, commune)  # not "non loin de la place Fernand Cocq", "unweit des Parc de Forest"
    if place is not None:
        return place.text
    for s in group.trigger_sentences:
        for m in words_regex(STREET, None, 0).finditer(s.text):
            # rule 35: not a street the gazetteer puts in another commune
            if not any(l_.kind == "place" and not _may_be_in(l_, commune)
                       and l_.start - s.start < m.end() and m.start() < l_.start - s.start + len(l_.text)
                       for l_ in s.locations):
                return m.group(0)
    return None
