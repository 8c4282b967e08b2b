"""The Brussels gazetteer: data validation, lookups and EntityRuler patterns on blank fr/nl/en/de pipelines."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import spacy

import gazetteer
from gazetteer import DATA_DIR, commune_names, load, normalize


def ents(nlp: spacy.language.Language, text: str) -> list[tuple[str, str, str]]:
    return [(e.text, e.label_, e.ent_id_) for e in nlp(text).ents]


# ------------------------------------------------------------------------------------------- data and lookups


def test_canonical_names_are_schema_s(gaz: gazetteer.Gazetteer, shared_dir: Path) -> None:
    """The 19 French canonical names are exactly those the annotation schema lists (its "Canonical communes")."""
    schema = (shared_dir / "eval" / "SCHEMA.md").read_text(encoding="utf-8")
    block = schema.split("Canonical communes", 1)[1].split("In gold files", 1)[0]
    for name in commune_names():
        assert f"{name};" in block or f"{name}/" in block or f"{name} (" in block, name


def test_counts_and_canonical_names(gaz: gazetteer.Gazetteer) -> None:
    assert [c.name for c in gaz.communes] == sorted(commune_names())
    assert len(set(commune_names())) == 19 == len(set(gaz.communes))  # hashable
    assert len(gaz.places) >= 300
    assert len(gaz.outside) >= 50
    assert set(gaz.ambiguous) == {"Bruxelles", "Brussel", "Brussels", "Brüssel"}


# French canonical name -> the Dutch name SCHEMA.md requires to be recognised.
FR_NL = {
    "Anderlecht": "Anderlecht",
    "Auderghem": "Oudergem",
    "Berchem-Sainte-Agathe": "Sint-Agatha-Berchem",
    "Bruxelles": "Brussel",
    "Etterbeek": "Etterbeek",
    "Evere": "Evere",
    "Forest": "Vorst",
    "Ganshoren": "Ganshoren",
    "Ixelles": "Elsene",
    "Jette": "Jette",
    "Koekelberg": "Koekelberg",
    "Molenbeek-Saint-Jean": "Sint-Jans-Molenbeek",
    "Saint-Gilles": "Sint-Gillis",
    "Saint-Josse-ten-Noode": "Sint-Joost-ten-Node",
    "Schaerbeek": "Schaarbeek",
    "Uccle": "Ukkel",
    "Watermael-Boitsfort": "Watermaal-Bosvoorde",
    "Woluwe-Saint-Lambert": "Sint-Lambrechts-Woluwe",
    "Woluwe-Saint-Pierre": "Sint-Pieters-Woluwe",
}


@pytest.mark.parametrize("fr,nl", sorted(FR_NL.items()))
def test_every_commune_resolves_from_fr_and_nl(gaz: gazetteer.Gazetteer, fr: str, nl: str) -> None:
    commune = gaz.commune(fr)
    assert commune is not None and commune.name == fr
    assert gaz.commune(nl) == commune
    assert gaz.commune(commune.id) == commune


@pytest.mark.parametrize(
    "spelling,expected",
    [
        ("MOLENBEEK SAINT JEAN", "Molenbeek-Saint-Jean"),
        ("molenbeek-st-jean", "Molenbeek-Saint-Jean"),
        ("Sint Jans Molenbeek", "Molenbeek-Saint-Jean"),
        ("Molenbeek", "Molenbeek-Saint-Jean"),
        ("St. Gillis", "Saint-Gilles"),
        ("st-gilles", "Saint-Gilles"),
        ("saint josse", "Saint-Josse-ten-Noode"),
        ("Sint-Joost", "Saint-Josse-ten-Noode"),
        ("Bosvoorde", "Watermael-Boitsfort"),
        ("boitsfort", "Watermael-Boitsfort"),
        ("Woluwe-St-Lambert", "Woluwe-Saint-Lambert"),
        ("City of Brussels", "Bruxelles"),
        ("Brüssel", "Bruxelles"),
        ("ixelles", "Ixelles"),
        ("Berchem-Ste-Agathe", "Berchem-Sainte-Agathe"),
    ],
)
def test_commune_lookup_ignores_case_accents_hyphens(gaz: gazetteer.Gazetteer, spelling: str, expected: str) -> None:
    commune = gaz.commune(spelling)
    assert commune is not None and commune.name == expected


def test_the_west_police_zone_is_no_place(gaz: gazetteer.Gazetteer) -> None:
    """"Bruxelles-Ouest" names the police zone of five communes ("la police de Bruxelles-Ouest"), not the Gare de
    l'Ouest, which keeps its station names."""
    names = {normalize(n): p.id for p in gaz.places for n in (p.name, *p.aliases)}
    for zone_name in ("Bruxelles-Ouest", "Brussel-West", "Brussels-West", "Brüssel-West"):
        assert normalize(zone_name) not in names, (zone_name, names.get(normalize(zone_name)))
    assert names[normalize("gare de Bruxelles-Ouest")] == names[normalize("Weststation")] == "gare_de_l_ouest"


def test_unknown_commune_is_none(gaz: gazetteer.Gazetteer) -> None:
    assert gaz.commune("Vilvoorde") is None
    assert gaz.commune("Woluwe") is None  # ambiguous between the two Woluwes: not a commune name
    assert gaz.police_zone("Antwerpen") is None


@pytest.mark.parametrize(
    "code,expected",
    [
        ("1000", "Bruxelles"),
        ("1020", "Bruxelles"),
        ("1120", "Bruxelles"),
        ("1130", "Bruxelles"),
        ("1030", "Schaerbeek"),
        ("1040", "Etterbeek"),
        ("1050", "Ixelles"),
        ("1060", "Saint-Gilles"),
        ("1070", "Anderlecht"),
        ("1080", "Molenbeek-Saint-Jean"),
        ("1081", "Koekelberg"),
        ("1082", "Berchem-Sainte-Agathe"),
        ("1083", "Ganshoren"),
        ("1090", "Jette"),
        ("1140", "Evere"),
        ("1150", "Woluwe-Saint-Pierre"),
        ("1160", "Auderghem"),
        ("1170", "Watermael-Boitsfort"),
        ("1180", "Uccle"),
        ("1190", "Forest"),
        ("1200", "Woluwe-Saint-Lambert"),
        ("1210", "Saint-Josse-ten-Noode"),
    ],
)
def test_postal_codes(gaz: gazetteer.Gazetteer, code: str, expected: str) -> None:
    commune = gaz.commune_for_postal(code)
    assert commune is not None and commune.name == expected


def test_postal_codes_shared_with_the_city(gaz: gazetteer.Gazetteer) -> None:
    assert gaz.commune_for_postal("1040").name == "Etterbeek" and gaz.partial_postal["1040"] == ("Bruxelles",)
    assert "1070" not in gaz.partial_postal
    assert gaz.commune_for_postal("1300") is None


@pytest.mark.parametrize(
    "commune,zone",
    [
        ("Bruxelles", "Bruxelles-Capitale Ixelles"),
        ("Elsene", "Bruxelles-Capitale Ixelles"),
        ("Anderlecht", "Midi"),
        ("Vorst", "Midi"),
        ("Saint-Gilles", "Midi"),
        ("Etterbeek", "Montgomery"),
        ("Woluwe-Saint-Pierre", "Montgomery"),
        ("Uccle", "Uccle/Watermael-Boitsfort/Auderghem"),
        ("Oudergem", "Uccle/Watermael-Boitsfort/Auderghem"),
        ("Schaerbeek", "Bruxelles-Nord"),
        ("Saint-Josse", "Bruxelles-Nord"),
        ("Evere", "Bruxelles-Nord"),
        ("Molenbeek", "Bruxelles-Ouest"),
        ("Ganshoren", "Bruxelles-Ouest"),
        ("Sint-Agatha-Berchem", "Bruxelles-Ouest"),
    ],
)
def test_police_zones(gaz: gazetteer.Gazetteer, commune: str, zone: str) -> None:
    assert gaz.police_zone(commune) == zone


def test_police_zone_records_agree_with_communes(gaz: gazetteer.Gazetteer) -> None:
    for zone in gaz.police_zones:
        for name in zone.communes:
            assert gaz.police_zone(name) == zone.name
    assert sorted(n for z in gaz.police_zones for n in z.communes) == sorted(commune_names())
    assert next(z for z in gaz.police_zones if z.id == "5344").name == "Bruxelles-Nord"


def test_places_map_to_communes(gaz: gazetteer.Gazetteer) -> None:
    assert gaz.place("station_clemenceau").commune == "Anderlecht"
    assert gaz.place("station_kraainem").commune == "Woluwe-Saint-Lambert"
    assert gaz.place("station_stockel").commune == "Woluwe-Saint-Pierre"
    assert gaz.place("peterbos").kind == "housing_estate"
    assert gaz.place("laeken").commune == "Bruxelles"
    # the station and its Quartier Nord straddle communes: reporters' "gare du Nord" alone names none of them
    assert gaz.place("gare_du_nord").commune is None
    assert set(gaz.place("gare_du_nord").communes) == {"Bruxelles", "Saint-Josse-ten-Noode", "Schaerbeek"}
    assert gaz.place("grand_place").is_generic("Grote Markt")  # every Flemish town has one
    assert not gaz.place("grand_place").is_generic("Grote Markt van Brussel")
    assert gaz.place("gare_du_midi").commune == "Saint-Gilles"
    assert gaz.place("gare_d_etterbeek").commune == "Ixelles"
    haecht = gaz.place("chaussee_de_haecht")
    assert haecht.commune is None
    assert haecht.communes == ("Saint-Josse-ten-Noode", "Schaerbeek", "Evere")
    assert "station Clemenceau" in gaz.place("station_clemenceau").aliases
    with pytest.raises(KeyError):
        gaz.place("nowhere")
    kraainem = next(o for o in gaz.outside if o.id == "kraainem")
    assert kraainem.region == "Flanders"


# ------------------------------------------------------------------------------------------- EntityRuler


@pytest.mark.parametrize(
    "lang,text,expected",
    [
        ("fr", "Des tirs ont visé la station Clemenceau hier soir.", ("station Clemenceau", "PLACE", "place:station_clemenceau")),
        ("fr", "Un homme blessé à Molenbeek Saint Jean.", ("Molenbeek Saint Jean", "COMMUNE", "commune:molenbeek_saint_jean")),
        ("fr", "Un homme blessé à St-Gilles.", ("St-Gilles", "COMMUNE", "commune:saint_gilles")),
        ("fr", "Incident à la station de métro Étangs Noirs.", ("station de métro Étangs Noirs", "PLACE", "place:station_etangs_noirs")),
        ("fr", "Incident à la station de metro Etangs Noirs.", ("station de metro Etangs Noirs", "PLACE", "place:station_etangs_noirs")),
        ("fr", "Une bagarre chaussée d’Ixelles.", ("chaussée d’Ixelles", "PLACE", "place:chaussee_d_ixelles")),
        ("fr", "Le suspect habite au 1070.", ("1070", "POSTAL", "postal:1070")),
        ("fr", "Adresse: rue X 1, 1000 Bruxelles.", ("1000 Bruxelles", "POSTAL", "postal:1000")),
        ("fr", "Un autre fait à Vilvorde.", ("Vilvorde", "OUTSIDE", "outside:vilvoorde")),
        ("fr", "Des tirs à Anvers.", ("Anvers", "OUTSIDE", "outside:antwerpen")),
        ("fr", "Selon la police de la zone Bruxelles-Capitale Ixelles.",
         ("police de la zone Bruxelles-Capitale Ixelles", "POLICE_ZONE", "zone:5339")),
        ("nl", "Schoten aan het metrostation Clemenceau.", ("metrostation Clemenceau", "PLACE", "place:station_clemenceau")),
        ("nl", "Een steekpartij in Sint Jans Molenbeek.", ("Sint Jans Molenbeek", "COMMUNE", "commune:molenbeek_saint_jean")),
        ("nl", "Een steekpartij in St. Gillis.", ("St. Gillis", "COMMUNE", "commune:saint_gilles")),
        ("nl", "Schoten bij het Zuidstation.", ("Zuidstation", "PLACE", "place:gare_du_midi")),
        ("nl", "Een overval in Laken.", ("Laken", "PLACE", "place:laeken")),
        ("nl", "Een schietpartij in Luik.", ("Luik", "OUTSIDE", "outside:liege")),
        ("nl", "Volgens de politiezone Brussel-West.", ("politiezone Brussel-West", "POLICE_ZONE", "zone:5340")),
        ("en", "Shots near Clemenceau metro station.", ("Clemenceau metro station", "PLACE", "place:station_clemenceau")),
        ("en", "A stabbing in the City of Brussels.", ("City of Brussels", "COMMUNE", "commune:bruxelles")),
        ("en", "A stabbing at Brussels-South station.", ("Brussels-South station", "PLACE", "place:gare_du_midi")),
        ("en", "A shooting in Ghent.", ("Ghent", "OUTSIDE", "outside:gent")),
        ("de", "Schüsse an der U-Bahn-Station Clemenceau.", ("U-Bahn-Station Clemenceau", "PLACE", "place:station_clemenceau")),
        ("de", "Messerangriff am Bahnhof Brüssel-Süd.", ("Bahnhof Brüssel-Süd", "PLACE", "place:gare_du_midi")),
        ("de", "Ein Vorfall in Lüttich.", ("Lüttich", "OUTSIDE", "outside:liege")),
    ],
)
def test_ruler_finds(rulers: dict, lang: str, text: str, expected: tuple[str, str, str]) -> None:
    assert expected in ents(rulers[lang], text)


@pytest.mark.parametrize("lang", ["fr", "nl", "en", "de"])
def test_ruler_finds_every_commune_canonical_name(rulers: dict, gaz: gazetteer.Gazetteer, lang: str) -> None:
    for commune in gaz.communes:
        if commune.name == "Bruxelles":
            continue  # ambiguous between the City and the region
        found = ents(rulers[lang], f"Un fait à {commune.name} hier.")
        assert (commune.name, "COMMUNE", f"commune:{commune.id}") in found, commune.name


@pytest.mark.parametrize("lang", ["fr", "nl", "en", "de"])
def test_ambiguous_brussels(rulers: dict, lang: str) -> None:
    for name in ("Bruxelles", "Brussel", "Brussels", "Brüssel"):
        assert ents(rulers[lang], f"Un fait à {name} hier.") == [(name, "BRUSSELS_AMBIGUOUS", "ambiguous")]


@pytest.mark.parametrize(
    "lang,text,longest,inner",
    [
        ("fr", "Un homme blessé chaussée de Mons.", "chaussée de Mons", "Mons"),
        ("fr", "Des tirs près de la Porte de Hal.", "Porte de Hal", "Hal"),
        ("fr", "Une bagarre à la Porte de Namur.", "Porte de Namur", "Namur"),
        ("fr", "Un vol chaussée de Gand.", "chaussée de Gand", "Gand"),
        ("fr", "Une agression boulevard de Waterloo.", "boulevard de Waterloo", "Waterloo"),
        ("fr", "Un accident avenue de Tervueren.", "avenue de Tervueren", "Tervueren"),
        ("fr", "Un car-jacking chaussée de Louvain.", "chaussée de Louvain", "Louvain"),
        ("fr", "Des coups de feu chaussée de Ninove.", "chaussée de Ninove", "Ninove"),
        ("fr", "Une agression à la station Kraainem.", "station Kraainem", "Kraainem"),
        ("nl", "Schoten aan de Hallepoort.", "Hallepoort", None),
    ],
)
def test_longest_match_prefers_brussels_streets_over_outside_places(
    rulers: dict, lang: str, text: str, longest: str, inner: str | None
) -> None:
    found = ents(rulers[lang], text)
    assert [(t, label) for t, label, _ in found] == [(longest, "PLACE")]
    if inner:  # the bare name alone is an outside place
        assert [label for _, label, _ in ents(rulers[lang], f"Un fait à {inner} hier.")] == ["OUTSIDE"]


def test_chaussee_de_mons_maps_to_anderlecht_and_bruxelles(rulers: dict, gaz: gazetteer.Gazetteer) -> None:
    (_, _, ident), = ents(rulers["fr"], "Un homme blessé chaussée de Mons.")
    place = gaz.place(ident.removeprefix("place:"))
    assert place.commune is None and set(place.communes) == {"Anderlecht", "Bruxelles"}


@pytest.mark.parametrize(
    "lang,text",
    [
        ("fr", "La roue de la voiture a éclaté dans le parc."),  # "la roue", "parc": common words
        ("fr", "Il a payé 1200 euros et 1000 personnes ont manifesté."),  # numbers, not postal codes
        ("fr", "Le roi Baudouin et la bourse de Bruxelles-Capitale."),
        ("fr", "Il jette un œil au Pentagone, au chant d'oiseau et à la cité moderne."),
        ("en", "Erasmus students met at Central Station, a gent said."),
        ("nl", "De vorst viel vroeg en het laken lag op het bed, met haren in de hal."),
        ("en", "He walked through the forest wearing a helmet."),
    ],
)
def test_common_words_are_not_places(rulers: dict, lang: str, text: str) -> None:
    assert [e for e in ents(rulers[lang], text) if e[1] not in ("BRUSSELS_AMBIGUOUS",)] == []


def test_case_sensitive_names_match_with_capitals(rulers: dict) -> None:
    assert ("Vorst", "COMMUNE", "commune:forest") in ents(rulers["nl"], "Een schietpartij in Vorst.")
    assert ("Forest", "COMMUNE", "commune:forest") in ents(rulers["en"], "A shooting in Forest.")
    assert ("quartier de la Roue", "PLACE", "place:la_roue") in ents(rulers["fr"], "Dans le quartier de la Roue.")


def test_patterns_have_known_labels_and_ids(gaz: gazetteer.Gazetteer) -> None:
    patterns = gaz.entity_patterns()
    labels = {p["label"] for p in patterns}
    assert labels == {"COMMUNE", "PLACE", "POSTAL", "OUTSIDE", "POLICE_ZONE", "BRUSSELS_AMBIGUOUS"}
    place_ids = {p.id for p in gaz.places}
    for p in patterns:
        prefix, _, ident = p["id"].partition(":")
        if prefix == "place":
            assert ident in place_ids
    postal = {p["id"] for p in patterns if p["label"] == "POSTAL"}
    assert len(postal) == 22


def test_normalize() -> None:
    assert normalize("Sint-Jans-Molenbeek") == normalize("sint jans molenbeek") == "st jans molenbeek"
    assert normalize("Étangs  Noirs") == "etangs noirs"
    assert normalize("Uccle/Watermael-Boitsfort") == "uccle watermael boitsfort"


# ------------------------------------------------------------------------------------------- validation


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "gazetteer"
    shutil.copytree(DATA_DIR, target)
    return target


def _append(path: Path, obj: dict) -> int:
    """Append one entry; returns its line number."""
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.append(json.dumps(obj, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def _replace_line(path: Path, lineno: int, obj: dict | str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[lineno - 1] = obj if isinstance(obj, str) else json.dumps(obj, ensure_ascii=False)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _last_line(path: Path) -> tuple[int, dict]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return len(lines), json.loads(lines[-1])


def test_copy_of_the_data_loads(data_copy: Path) -> None:
    assert len(load(data_copy).places) == len(load().places)


def test_invalid_json_names_the_line(data_copy: Path) -> None:
    _replace_line(data_copy / "places.jsonl", 3, "{not json")
    with pytest.raises(ValueError, match=r"places\.jsonl:3: malformed JSON"):
        load(data_copy)


def test_duplicate_id_names_the_line(data_copy: Path) -> None:
    path = data_copy / "outside.jsonl"
    _, last = _last_line(path)
    dup = _append(path, {**last, "name": "Zzz", "aliases": []})
    with pytest.raises(ValueError, match=rf"outside\.jsonl:{dup}: duplicate id"):
        load(data_copy)


def test_unknown_commune_names_the_line(data_copy: Path) -> None:
    path = data_copy / "places.jsonl"
    lineno, last = _last_line(path)
    _replace_line(path, lineno, {**last, "commune": "Brussels"})
    with pytest.raises(ValueError, match=rf"places\.jsonl:{lineno}: unknown commune 'Brussels'"):
        load(data_copy)


def test_unknown_kind_names_the_line(data_copy: Path) -> None:
    path = data_copy / "places.jsonl"
    lineno, last = _last_line(path)
    _replace_line(path, lineno, {**last, "kind": "zoo"})
    with pytest.raises(ValueError, match=rf"places\.jsonl:{lineno}: unknown kind 'zoo'"):
        load(data_copy)


def test_alias_collision_names_the_line(data_copy: Path) -> None:
    path = data_copy / "places.jsonl"
    lineno, last = _last_line(path)
    _replace_line(path, lineno, {**last, "aliases": [*last["aliases"], "Place-Flagey"]})  # belongs to place_flagey
    with pytest.raises(ValueError, match=rf"places\.jsonl:{lineno}: 'Place-Flagey' also names place:place_flagey"):
        load(data_copy)


def test_alias_collision_across_files(data_copy: Path) -> None:
    path = data_copy / "outside.jsonl"
    lineno, last = _last_line(path)
    _replace_line(path, lineno, {**last, "aliases": [*last["aliases"], "Sint Gillis"]})
    with pytest.raises(ValueError, match=rf"outside\.jsonl:{lineno}: 'Sint Gillis' also names commune:saint_gilles"):
        load(data_copy)


def test_commune_without_postal_code_or_zone(data_copy: Path) -> None:
    path = data_copy / "communes.jsonl"
    line = json.loads(path.read_text(encoding="utf-8").splitlines()[6])
    _replace_line(path, 7, {**line, "postal_codes": []})
    with pytest.raises(ValueError, match=r"communes\.jsonl:7: commune 'Forest' has no postal code"):
        load(data_copy)
    _replace_line(path, 7, {**line, "police_zone": "Nowhere"})
    with pytest.raises(ValueError, match=r"communes\.jsonl:7: commune 'Forest' needs a police_zone"):
        load(data_copy)


def test_unsorted_entries_name_the_line(data_copy: Path) -> None:
    path = data_copy / "places.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[0], lines[1] = lines[1], lines[0]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"places\.jsonl:2: entries must be sorted"):
        load(data_copy)


def test_missing_commune(data_copy: Path) -> None:
    path = data_copy / "communes.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"expected the region's 19 communes, one per line, got 18"):
        load(data_copy)


def test_a_commune_s_generic_name_must_be_one_of_its_names(data_copy: Path) -> None:
    path = data_copy / "communes.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    lineno = next(i for i, line in enumerate(lines, 1) if '"berchem_sainte_agathe"' in line)
    _replace_line(path, lineno, {**json.loads(lines[lineno - 1]), "generic": ["Deurne"]})
    with pytest.raises(ValueError, match=rf"communes\.jsonl:{lineno}: 'generic' names must be among"):
        load(data_copy)


def test_berchem_alone_is_a_generic_name() -> None:
    berchem = next(c for c in load().communes if c.name == "Berchem-Sainte-Agathe")
    assert berchem.is_generic("Berchem") and not berchem.is_generic("Sint-Agatha-Berchem")
