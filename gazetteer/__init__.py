"""The Brussels gazetteer: communes, places, police zones and outside places, loaded from JSONL data files.

Data lives in ``gazetteer/data/`` (one entry per line, sorted by ``(kind, id)``):

- ``communes.jsonl``     the 19 communes (FR canonical ``name``, names per language, postal codes, police zone);
                         the ``bruxelles`` line also carries the ``ambiguous`` names (Bruxelles/Brussel/...) that
                         mean either the City of Brussels or the whole region.
- ``police_zones.jsonl`` the 6 local police zones (names per language, brand names such as "Polbruno").
- ``places.jsonl``       places inside the region (stations, squares, streets, districts...) with their commune, or
                         ``"commune": null`` plus ``"communes": [...]`` when the place straddles communes.
- ``outside.jsonl``      places outside the region that Brussels news mention (periphery, Belgian cities).
- ``affixes.jsonl``      per kind, the words reporters put around a name ("station X", "X metro station",
                         "zone X"); the loader combines them with the names of every entry of that kind; for
                         squares also the German compounds ("Place Flagey" -> "Flageyplatz", "Flagey-Platz":
                         ``compound_strip`` words are taken off a one-word name, ``compound_endings`` added).

Optional keys on an entry: ``"generic": [...]`` (names of this place that other towns use too, such as "Grote
Markt", "Rue Neuve", "Hoogstraat": they place an incident in Brussels only when no outside town is named with
them: "in het centrum van Vilvoorde ... aan de Grote Markt" is Vilvoorde), ``"bare": false`` (the entry's names only match with an affix, e.g. the metro station
"Parc" must not match the word "parc"; station "Kraainem" must not match the outside municipality Kraainem) and
``"case_sensitive": [...]`` (names that are also common words, e.g. "Forest", "Vorst", "Laken", "Namen"; they match
only with their capitalisation, as token patterns). A commune's ``"generic"`` names are short names a town
elsewhere uses too ("Berchem", a district of Antwerp): they place an incident in the commune only when the article
names no town outside the region.

Longest match resolves nesting: street and gate names that contain an outside place ("chaussée de Mons",
"Porte de Hal", "Porte de Namur", "chaussée de Gand", "boulevard de Waterloo", "avenue de Tervueren") are PLACE
entries, and the EntityRuler keeps the longest span, so "chaussée de Mons" (PLACE) wins over "Mons" (OUTSIDE).
Likewise the police zone names ("zone Bruxelles-Capitale Ixelles") are POLICE_ZONE spans so the commune inside them
is not taken for the incident's commune.

Postal codes: 1040 and 1050 also cover parts of the City of Brussels (European Quarter, Avenue Louise); they are
mapped to Etterbeek and Ixelles, the communes they mostly cover; ``Gazetteer.partial_postal`` lists the other communes a code covers.

The loader validates on load and raises ``ValueError("<file>:<line>: <problem>")``: unique ids, known kinds and
communes, no surface form (after normalising case, accents, hyphens and Saint/Sint/St) shared by two entries,
postal codes and police zone for every commune, entries sorted by (kind, id).
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from core.jsonl import read_jsonl

DATA_DIR = Path(__file__).resolve().parent / "data"

N_COMMUNES = 19  # the Brussels-Capital Region's communes, one line each in communes.jsonl

PLACE_KINDS = frozenset(
    {
        "metro_station",
        "premetro_station",
        "train_station",
        "square",
        "street",
        "district",
        "sublocality",
        "housing_estate",
        "park",
        "landmark",
        "hospital",  # where victims are taken, never the scene (events.py ignores it as a location)
    }
)
OUTSIDE_KINDS = frozenset({"municipality", "section", "city", "landmark"})
OUTSIDE_REGIONS = frozenset({"Flanders", "Wallonia"})
LANGUAGES = ("fr", "nl", "en", "de")

# The region's postal codes whose bare number is too common to be a place ("1000 euros", "1200 mètres"): they only
# match when followed by a word from the value.
POSTAL_NEEDS_CONTEXT: dict[str, tuple[str, ...]] = {
    "1000": ("bruxelles", "brussel", "brussels", "brüssel"),
    "1200": ("woluwe", "woluwe-saint-lambert", "sint-lambrechts-woluwe"),
}


def _is_generic(self, surface: str) -> bool:
    """Whether this surface form of a commune or a place is a name other towns use too (`generic`), so it means
    Brussels only when no town outside the region is named with it."""
    return normalize(surface) in self.generic


@dataclass(frozen=True)
class Commune:
    id: str
    name: str
    names: dict[str, list[str]] = field(hash=False)  # language -> names; excluded from hash so communes go in sets
    postal_codes: tuple[str, ...]
    police_zone: str
    generic: frozenset[str] = frozenset()  # normalized short names a town elsewhere uses too ("Berchem": Antwerp)

    is_generic = _is_generic  # for a commune, "no town outside the region" in the whole article (rule 56)


@dataclass(frozen=True)
class Place:
    """A place inside the region. ``aliases`` holds every surface form the ruler matches (affixed forms included)."""

    id: str
    name: str
    aliases: tuple[str, ...]
    kind: str
    commune: str | None
    communes: tuple[str, ...]
    generic: frozenset[str] = frozenset()  # normalized names other towns use too ("Grote Markt", "Rue Neuve")

    is_generic = _is_generic


@dataclass(frozen=True)
class OutsidePlace:
    id: str
    name: str
    aliases: tuple[str, ...]
    kind: str
    region: str


@dataclass(frozen=True)
class PoliceZone:
    id: str  # the official zone number, e.g. "5341"
    name: str  # FR name, as stored in Commune.police_zone
    names: dict[str, list[str]] = field(hash=False)
    aliases: tuple[str, ...]  # every surface form the ruler matches ("zone Midi", "politiezone Zuid", "Polbruno")
    communes: tuple[str, ...]


@dataclass
class _Entry:
    """What the pattern builder and the collision check need from any entry."""

    label: str
    id: str
    where: str  # "file:line"
    forms: list[str]  # surface forms matched as phrases (case-insensitive)
    case_sensitive: list[str] = field(default_factory=list)  # forms matched with their capitalisation


def normalize(text: str) -> str:
    """Key for spelling-insensitive comparison: case, accents, hyphens/apostrophes/dots, Saint/Sint/St."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    words = re.split(r"[\s\-'’./,/&]+", text)
    out = []
    for word in words:
        if not word:
            continue
        if word in ("saint", "sint", "st", "sankt"):
            word = "st"
        elif word in ("sainte", "ste"):
            word = "ste"
        out.append(word)
    return " ".join(out)


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


_SAINT_FORMS = {"Saint": ("St", "St."), "Sainte": ("Ste",), "Sint": ("St", "St.")}


def spelling_variants(form: str) -> list[str]:
    """The spellings reporters use for one name: accents or not, hyphens or spaces, Saint or St, ' or ’."""
    out: dict[str, None] = {form: None}
    for variant in list(out):
        out[_strip_accents(variant)] = None
    for variant in list(out):
        if "-" in variant:
            out[variant.replace("-", " ")] = None
    for variant in list(out):
        words = re.split(r"([\s-])", variant)
        for i, word in enumerate(words):
            for short in _SAINT_FORMS.get(word, ()):
                out["".join(words[:i] + [short] + words[i + 1 :])] = None
    for variant in list(out):
        if "'" in variant:
            out[variant.replace("'", "’")] = None
    return list(out)


class Gazetteer:
    """Lookups over the loaded data and the EntityRuler patterns built from it."""

    def __init__(
        self,
        communes: list[Commune],
        places: list[Place],
        outside: list[OutsidePlace],
        police_zones: list[PoliceZone],
        ambiguous: tuple[str, ...],
        partial_postal: dict[str, tuple[str, ...]],
        entries: list[_Entry],
    ) -> None:
        self.communes = communes
        self.places = places
        self.outside = outside
        self.police_zones = police_zones
        self.ambiguous = ambiguous
        self._entries = entries
        self.partial_postal = partial_postal  # postal code -> other communes it partly covers (1040: Bruxelles)
        self._commune_by_key: dict[str, Commune] = {}
        bruxelles = next(c for c in communes if c.id == "bruxelles")
        for commune in communes:
            keys = [commune.id, commune.name] + [n for names in commune.names.values() for n in names]
            for key in keys:
                self._commune_by_key[normalize(key)] = commune
        for name in ambiguous:  # "Brussel" as a commune is the City (SCHEMA: Bruxelles/Brussel)
            self._commune_by_key.setdefault(normalize(name), bruxelles)
        self._commune_by_postal = {code: c for c in communes for code in c.postal_codes}
        self._places = {p.id: p for p in places}

    def commune(self, name_or_id: str) -> Commune | None:
        """The commune named in any language, case, accents or hyphenation; the City for the ambiguous names."""
        return self._commune_by_key.get(normalize(name_or_id))

    def commune_for_postal(self, code: str) -> Commune | None:
        """The commune a postal code belongs to (1040 -> Etterbeek, 1050 -> Ixelles: see module docstring)."""
        return self._commune_by_postal.get(code.strip())

    def place(self, place_id: str) -> Place:
        """The place with this id (KeyError if unknown)."""
        return self._places[place_id]

    def police_zone(self, commune_name: str) -> str | None:
        """The police zone (FR name) of a commune given in any spelling, or None."""
        commune = self.commune(commune_name)
        return commune.police_zone if commune else None

    def entity_patterns(self) -> list[dict]:
        """EntityRuler patterns for every surface form; use with ``phrase_matcher_attr="LOWER"``.

        Labels and ids: COMMUNE ``commune:<id>``, PLACE ``place:<id>``, OUTSIDE ``outside:<id>``,
        POLICE_ZONE ``zone:<number>``, BRUSSELS_AMBIGUOUS ``ambiguous``, POSTAL ``postal:<code>``.
        Phrase patterns are strings (the ruler tokenizes them with the pipeline's own tokenizer, so the same list
        serves fr/nl/en/de); case-sensitive names and postal codes are token patterns.
        """
        patterns: list[dict] = []
        for entry in self._entries:
            seen: set[str] = set()
            for form in entry.forms:
                for variant in spelling_variants(form):
                    if variant.casefold() not in seen:
                        seen.add(variant.casefold())
                        patterns.append({"label": entry.label, "pattern": variant, "id": entry.id})
            for form in entry.case_sensitive:
                for variant in dict.fromkeys((form, _strip_accents(form))):
                    tokens = [{"ORTH": w} if w[:1].isupper() else {"LOWER": w} for w in variant.split()]
                    patterns.append({"label": entry.label, "pattern": tokens, "id": entry.id})
        for commune in self.communes:
            for code in commune.postal_codes:
                patterns.append({"label": "POSTAL", "pattern": _postal_pattern(code), "id": f"postal:{code}"})
        return patterns


def _postal_pattern(code: str) -> list[dict]:
    context = POSTAL_NEEDS_CONTEXT.get(code)
    if context:
        return [{"TEXT": code}, {"LOWER": {"IN": list(context)}}]
    return [{"TEXT": code}]


# ---------------------------------------------------------------------------------------------------- loading


def _read_lines(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    if not path.is_file():
        raise ValueError(f"{path}: gazetteer file missing")
    for lineno, obj in read_jsonl(path, error=ValueError):
        yield f"{path}:{lineno}", obj


def _require(obj: dict, key: str, kind: type | tuple[type, ...], where: str) -> Any:
    if key not in obj:
        raise ValueError(f"{where}: missing key {key!r}")
    value = obj[key]
    if not isinstance(value, kind) or (isinstance(value, str) and not value.strip()):
        raise ValueError(f"{where}: {key!r} must be a non-empty {getattr(kind, '__name__', kind)}")
    return value


def _strings(obj: dict, key: str, where: str) -> list[str]:
    value = obj.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError(f"{where}: {key!r} must be a list of non-empty strings")
    return value


def _check_order(rows: list[tuple[str, dict]]) -> None:
    previous: tuple[str, str] | None = None
    for where, obj in rows:
        key = (obj.get("kind", ""), obj["id"])
        if previous is not None and key < previous:
            raise ValueError(f"{where}: entries must be sorted by (kind, id); {key} comes after {previous}")
        previous = key


def _check_unique_ids(rows: list[tuple[str, dict]]) -> None:
    seen: dict[str, str] = {}
    for where, obj in rows:
        ident = _require(obj, "id", str, where)
        if not re.fullmatch(r"[a-z0-9_]+", ident):
            raise ValueError(f"{where}: id {ident!r} must be lower-case ascii, digits and _")
        if ident in seen:
            raise ValueError(f"{where}: duplicate id {ident!r} (first at {seen[ident]})")
        seen[ident] = where


def _case_sensitive(obj: dict, names: list[str], where: str) -> tuple[list[str], list[str]]:
    """Split names into (phrase forms, case-sensitive forms); the latter must be plain space-separated words."""
    sensitive = _strings(obj, "case_sensitive", where)
    for name in sensitive:
        if name not in names:
            raise ValueError(f"{where}: case_sensitive name {name!r} is not one of the entry's names")
        if not re.fullmatch(r"[^\W\d_]+( [^\W\d_]+)*", name):
            raise ValueError(f"{where}: case_sensitive name {name!r} must be letters and spaces only")
    return [n for n in names if n not in sensitive], sensitive


# Names that already say what they are ("gare de Merode", "Zuidstation") get no affix ("station gare de Merode").
_STATION_WORDS = re.compile(r"station|gare|metro|bahnhof|halte", re.IGNORECASE)


def _affixed(names: list[str], affixes: dict[str, list[str]] | None) -> list[str]:
    if not affixes:
        return []
    compounds = _compounds(names, affixes.get("compound_strip", []), affixes.get("compound_endings", []))
    names = [n for n in names if not _STATION_WORDS.search(_strip_accents(n))]
    out = [f"{prefix} {name}" for name, prefix in itertools.product(names, affixes.get("prefixes", []))]
    out += [f"{name} {suffix}" for name, suffix in itertools.product(names, affixes.get("suffixes", []))]
    return out + compounds


def _compounds(names: list[str], strip: list[str], endings: list[str]) -> list[str]:
    """German compounds of one-word names: "Place Flagey" with strip ["Place"], endings ["platz", "-Platz"] ->
    "Flageyplatz", "Flagey-Platz"."""
    if not strip:
        return []
    one_word = re.compile(rf"(?:{'|'.join(map(re.escape, strip))})\s+([A-ZÀ-Ý][\w'’-]+)")
    cores = [m.group(1) for m in map(one_word.fullmatch, names) if m]
    return [core + ending for core in cores for ending in endings]


def _load_affixes(path: Path) -> dict[str, dict[str, list[str]]]:
    out: dict[str, dict[str, list[str]]] = {}
    for where, obj in _read_lines(path):
        kind = _require(obj, "kind", str, where)
        if kind not in PLACE_KINDS | {"police_zone"}:
            raise ValueError(f"{where}: unknown kind {kind!r}")
        if kind in out:
            raise ValueError(f"{where}: duplicate kind {kind!r}")
        out[kind] = {key: _strings(obj, key, where)
                     for key in ("prefixes", "suffixes", "compound_strip", "compound_endings")}
        if bool(out[kind]["compound_strip"]) != bool(out[kind]["compound_endings"]):
            raise ValueError(f"{where}: 'compound_strip' and 'compound_endings' go together")
    return out


def _language_names(obj: dict, where: str) -> dict[str, list[str]]:
    names = _require(obj, "names", dict, where)
    unknown = set(names) - set(LANGUAGES)
    if unknown:
        raise ValueError(f"{where}: unknown languages in 'names': {sorted(unknown)}")
    return {lang: _strings(names, lang, where) for lang in LANGUAGES}


def _load_zones(path: Path, affixes: dict) -> tuple[list[PoliceZone], list[_Entry], dict[str, str]]:
    rows = list(_read_lines(path))
    _check_unique_ids(rows)
    _check_order(rows)
    zones, entries, wheres = [], [], {}
    for where, obj in rows:
        if not re.fullmatch(r"\d{4}", obj["id"]):
            raise ValueError(f"{where}: police zone id must be its 4-digit number")
        names = _language_names(obj, where)
        communes = tuple(_strings(obj, "communes", where))
        wheres[obj["id"]] = where
        brands = _strings(obj, "aliases", where)
        all_names = list(dict.fromkeys(n for ns in names.values() for n in ns))
        forms = list(dict.fromkeys(_affixed(all_names, affixes.get("police_zone")) + brands))
        zone = PoliceZone(obj["id"], _require(obj, "name", str, where), names, tuple(forms), communes)
        zones.append(zone)
        entries.append(_Entry("POLICE_ZONE", f"zone:{zone.id}", where, forms))
    return zones, entries, wheres


def _load_communes(path: Path, zone_names: set[str]) -> tuple[list[Commune], list[_Entry], tuple[str, ...], dict]:
    rows = list(_read_lines(path))
    _check_unique_ids(rows)
    _check_order(rows)
    communes, entries = [], []
    ambiguous: list[str] = []
    partial_postal: dict[str, tuple[str, ...]] = {}
    for where, obj in rows:
        name = _require(obj, "name", str, where)
        names = _language_names(obj, where)
        codes = _strings(obj, "postal_codes", where)
        if not codes:
            raise ValueError(f"{where}: commune {name!r} has no postal code")
        for code in codes + _strings(obj, "partial_postal_codes", where):
            if not re.fullmatch(r"1[0-2]\d\d", code):
                raise ValueError(f"{where}: {code!r} is not a postal code of the region (1000-1299)")
        for code in _strings(obj, "partial_postal_codes", where):
            partial_postal[code] = partial_postal.get(code, ()) + (name,)
        zone = obj.get("police_zone")
        if not isinstance(zone, str) or zone not in zone_names:
            raise ValueError(f"{where}: commune {name!r} needs a police_zone among {sorted(zone_names)}")
        ambiguous += _strings(obj, "ambiguous", where)
        all_names = list(dict.fromkeys(n for ns in names.values() for n in ns))
        generic = frozenset(normalize(g) for g in _strings(obj, "generic", where))
        if generic - {normalize(n) for n in all_names}:
            raise ValueError(f"{where}: 'generic' names must be among the commune's names: {sorted(generic)}")
        communes.append(Commune(obj["id"], name, names, tuple(codes), zone, generic))
        if name not in all_names and name not in ambiguous:
            raise ValueError(f"{where}: the canonical name {name!r} must be among its names or ambiguous names")
        forms, sensitive = _case_sensitive(obj, all_names, where)
        entries.append(_Entry("COMMUNE", f"commune:{obj['id']}", where, forms, sensitive))
    if len({c.name for c in communes}) != N_COMMUNES:
        raise ValueError(f"{path}: expected the region's {N_COMMUNES} communes, one per line, got "
                         f"{len({c.name for c in communes})} distinct names")
    codes_seen: dict[str, str] = {}
    for commune in communes:
        for code in commune.postal_codes:
            if code in codes_seen:
                raise ValueError(f"{path}: postal code {code} given to {codes_seen[code]} and {commune.name}")
            codes_seen[code] = commune.name
    communes.sort(key=lambda c: c.name)  # by canonical (French) name
    if ambiguous:
        entries.append(_Entry("BRUSSELS_AMBIGUOUS", "ambiguous", str(path), list(ambiguous)))
    return communes, entries, tuple(ambiguous), partial_postal


def _place_communes(obj: dict, where: str, commune_names: frozenset[str]) -> tuple[str | None, tuple[str, ...]]:
    if "commune" not in obj:
        raise ValueError(f"{where}: missing key 'commune' (null plus 'communes' for a place spanning communes)")
    commune = obj["commune"]
    if commune is not None:
        if commune not in commune_names:
            raise ValueError(f"{where}: unknown commune {commune!r} (use the French canonical name)")
        if obj.get("communes") not in (None, [commune]):
            raise ValueError(f"{where}: give either 'commune' or 'communes', not both")
        return commune, (commune,)
    communes = _strings(obj, "communes", where)
    if len(communes) < 2:
        raise ValueError(f"{where}: 'commune' is null, so 'communes' must list at least two communes")
    for name in communes:
        if name not in commune_names:
            raise ValueError(f"{where}: unknown commune {name!r} (use the French canonical name)")
    return None, tuple(communes)


def _entry_forms(obj: dict, where: str, affixes: dict) -> tuple[list[str], list[str], list[str]]:
    """(all surface forms, phrase forms, case-sensitive forms) of a place or outside entry."""
    name = _require(obj, "name", str, where)
    names = list(dict.fromkeys([name] + _strings(obj, "aliases", where)))
    bare = obj.get("bare", True)
    if not isinstance(bare, bool):
        raise ValueError(f"{where}: 'bare' must be true or false")
    affixed = _affixed(names, affixes.get(obj.get("kind", "")))
    if not bare and not affixed:
        raise ValueError(f"{where}: 'bare': false needs affixes for kind {obj.get('kind')!r} in affixes.jsonl")
    phrase, sensitive = _case_sensitive(obj, names, where)
    if not bare:
        phrase, sensitive = [], []
    forms = list(dict.fromkeys((names if bare else []) + affixed))
    return forms, list(dict.fromkeys(phrase + affixed)), sensitive


def _load_places(path: Path, affixes: dict, commune_names: frozenset[str]) -> tuple[list[Place], list[_Entry]]:
    rows = list(_read_lines(path))
    _check_unique_ids(rows)
    _check_order(rows)
    places, entries = [], []
    for where, obj in rows:
        kind = _require(obj, "kind", str, where)
        if kind not in PLACE_KINDS:
            raise ValueError(f"{where}: unknown kind {kind!r} (one of {sorted(PLACE_KINDS)})")
        commune, communes = _place_communes(obj, where, commune_names)
        forms, phrase, sensitive = _entry_forms(obj, where, affixes)
        generic = frozenset(normalize(g) for g in _strings(obj, "generic", where))
        unknown = generic - {normalize(n) for n in [obj["name"]] + _strings(obj, "aliases", where)}
        if unknown:
            raise ValueError(f"{where}: 'generic' names must be the entry's name or aliases: {sorted(unknown)}")
        places.append(Place(obj["id"], obj["name"], tuple(forms), kind, commune, communes, generic))
        entries.append(_Entry("PLACE", f"place:{obj['id']}", where, phrase, sensitive))
    return places, entries


def _load_outside(path: Path) -> tuple[list[OutsidePlace], list[_Entry]]:
    rows = list(_read_lines(path))
    _check_unique_ids(rows)
    _check_order(rows)
    outside, entries = [], []
    for where, obj in rows:
        kind = _require(obj, "kind", str, where)
        if kind not in OUTSIDE_KINDS:
            raise ValueError(f"{where}: unknown kind {kind!r} (one of {sorted(OUTSIDE_KINDS)})")
        region = _require(obj, "region", str, where)
        if region not in OUTSIDE_REGIONS:
            raise ValueError(f"{where}: unknown region {region!r} (one of {sorted(OUTSIDE_REGIONS)})")
        forms, phrase, sensitive = _entry_forms(obj, where, {})
        outside.append(OutsidePlace(obj["id"], obj["name"], tuple(forms), kind, region))
        entries.append(_Entry("OUTSIDE", f"outside:{obj['id']}", where, phrase, sensitive))
    return outside, entries


def _check_collisions(entries: list[_Entry]) -> None:
    """No surface form (normalised) may belong to two entries: that would be a data bug."""
    owner: dict[str, _Entry] = {}
    for entry in entries:
        for form in entry.forms + entry.case_sensitive:
            key = normalize(form)
            if not key:
                raise ValueError(f"{entry.where}: empty name {form!r}")
            first = owner.setdefault(key, entry)
            if first is not entry:
                raise ValueError(f"{entry.where}: {form!r} also names {first.id} ({first.where})")


def _load(data_dir: Path) -> Gazetteer:
    affixes = _load_affixes(data_dir / "affixes.jsonl")
    zones, zone_entries, zone_wheres = _load_zones(data_dir / "police_zones.jsonl", affixes)
    communes, commune_entries, ambiguous, partial_postal = _load_communes(
        data_dir / "communes.jsonl", {z.name for z in zones}
    )
    names = frozenset(c.name for c in communes)
    for zone in zones:
        for name in zone.communes:
            if name not in names:
                raise ValueError(f"{zone_wheres[zone.id]}: unknown commune {name!r} (use the French canonical name)")
    places, place_entries = _load_places(data_dir / "places.jsonl", affixes, names)
    outside, outside_entries = _load_outside(data_dir / "outside.jsonl")
    entries = commune_entries + zone_entries + place_entries + outside_entries
    _check_collisions(entries)
    return Gazetteer(communes, places, outside, zones, ambiguous, partial_postal, entries)


@functools.lru_cache(maxsize=8)
def _load_cached(data_dir: Path) -> Gazetteer:
    return _load(data_dir)


def load(data_dir: Path | None = None) -> Gazetteer:
    """Load and validate the gazetteer (cached per directory); raises ValueError naming the offending file:line."""
    return _load_cached(Path(data_dir or DATA_DIR).resolve())


def commune_names() -> tuple[str, ...]:
    """The 19 canonical (French) commune names, from the project gazetteer's communes.jsonl."""
    return tuple(c.name for c in load().communes)


def police_zone(commune: str | None) -> str | None:
    """The police zone (French name) covering a commune given in any spelling; None when unknown."""
    return load().police_zone(commune) if commune else None
