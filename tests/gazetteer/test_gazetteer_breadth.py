"""Issue 12: breadth of the gazetteer (streets, squares, stations, estates in every commune; more outside towns)."""

from __future__ import annotations

import pytest
import spacy

import gazetteer


def place_of(nlp: spacy.language.Language, gaz: gazetteer.Gazetteer, text: str) -> gazetteer.Place:
    (ent,) = [e for e in nlp(text).ents if e.label_ == "PLACE"]
    return gaz.place(ent.ent_id_.removeprefix("place:"))


@pytest.mark.parametrize(
    "lang,text,commune",
    [
        ("fr", "Un blessé au Square Apollo hier soir.", "Schaerbeek"),
        ("nl", "Een steekpartij in de Kolonel Picquartlaan.", "Schaerbeek"),
        ("fr", "Des tirs chaussée de Merchtem.", "Molenbeek-Saint-Jean"),
        ("nl", "Schoten op de Merchtemsesteenweg.", "Molenbeek-Saint-Jean"),
        ("fr", "Une rixe au parc Bonnevie.", "Molenbeek-Saint-Jean"),
        ("nl", "Een schietpartij aan het Orbanplein.", "Forest"),
        ("nl", "Schoten in de Dethystraat.", "Saint-Gilles"),
        ("nl", "Een lichaam in de Thys-Vanhamstraat.", "Bruxelles"),
        ("nl", "Een schietincident in de Leopold I laan.", "Bruxelles"),
        ("nl", "Een steekpartij in de René Reniersstraat.", "Jette"),
        ("fr", "Un homme poignardé rue Edmond Delcourt.", "Anderlecht"),
        ("fr", "Une bagarre rue Francart.", "Ixelles"),
        ("fr", "Des coups de feu près du Palais du Midi.", "Bruxelles"),
        ("fr", "Une agression rue de Tongres.", "Etterbeek"),
        ("nl", "Een overval in de Vandenpeereboomstraat.", "Molenbeek-Saint-Jean"),
        ("fr", "Un vol avenue Louis Bertrand.", "Schaerbeek"),
        ("fr", "Un incendie à la cité Versailles.", "Bruxelles"),
        ("fr", "Des tirs dans la cité Germinal.", "Evere"),
        ("fr", "Un vol au parc de Wolvendael.", "Uccle"),
        ("fr", "Un accident avenue Paul Hymans.", "Woluwe-Saint-Lambert"),
    ],
)
def test_new_places_give_their_commune(rulers: dict, gaz: gazetteer.Gazetteer, lang: str, text: str,
                                       commune: str) -> None:
    assert place_of(rulers[lang], gaz, text).commune == commune


@pytest.mark.parametrize(
    "text,communes",
    [
        ("Des tirs rue de Mérode.", {"Saint-Gilles", "Forest"}),
        ("Une agression rue de Fierlant.", {"Saint-Gilles", "Forest"}),
        ("Un accident boulevard du Souverain.", {"Watermael-Boitsfort", "Auderghem", "Woluwe-Saint-Pierre"}),
        ("Un vol avenue Brugmann.", {"Saint-Gilles", "Ixelles", "Forest", "Uccle"}),
        ("Une rixe dans le quartier du Midi.", {"Saint-Gilles", "Anderlecht", "Bruxelles"}),
    ],
)
def test_streets_straddling_communes_name_none(rulers: dict, gaz: gazetteer.Gazetteer, text: str,
                                               communes: set[str]) -> None:
    place = place_of(rulers["fr"], gaz, text)
    assert place.commune is None and set(place.communes) == communes


@pytest.mark.parametrize(
    "lang,text,commune",
    [
        ("fr", "Un homme blessé par balle rue de Jérusalem.", "Schaerbeek"),
        ("nl", "Een steekpartij in de Jeruzalemstraat.", "Schaerbeek"),
        ("fr", "Une voiture incendiée avenue Ernest Cambier.", "Schaerbeek"),
        ("nl", "Schoten op het Houffalizeplein.", "Schaerbeek"),
        ("fr", "Des coups de feu rue de Danemark.", "Saint-Gilles"),
        ("nl", "Een overval in de Zweedsestraat.", "Saint-Gilles"),
        ("fr", "Une agression rue Fernand Bernier.", "Saint-Gilles"),
        ("fr", "Un homme poignardé rue Prévinaire.", "Anderlecht"),
        ("nl", "Een schietpartij in de Tweestationsstraat.", "Anderlecht"),
        ("fr", "Des tirs rue Vandermaelen.", "Molenbeek-Saint-Jean"),
        ("nl", "Een lichaam gevonden in de Zwarte Vijversstraat.", "Molenbeek-Saint-Jean"),
        ("fr", "Une rixe sur le parvis Saint-Jean-Baptiste.", "Molenbeek-Saint-Jean"),
        ("fr", "Un vol avec violence rue de Dublin.", "Ixelles"),
        ("nl", "Een steekpartij op het Marsveldplein.", "Ixelles"),
        ("fr", "Une bagarre rue des Éperonniers.", "Bruxelles"),
        ("nl", "Schoten aan de Arduinkaai.", "Bruxelles"),
        ("fr", "Un incendie rue Émile Delva.", "Bruxelles"),
        ("nl", "Een overval in de Heembeekstraat.", "Bruxelles"),
        ("fr", "Des coups de couteau rue Linné.", "Saint-Josse-ten-Noode"),
        ("nl", "Een schietpartij in de Waterkrachtstraat.", "Saint-Josse-ten-Noode"),
        ("fr", "Un accident avenue de Villegas.", "Ganshoren"),
        ("nl", "Een inbraak in de Josse Goffinlaan.", "Ganshoren"),
        ("fr", "Une agression rue Herkoliers.", "Koekelberg"),
        ("fr", "Des tirs avenue de Selliers de Moranville.", "Berchem-Sainte-Agathe"),
        ("nl", "Een steekpartij op de Léon Grosjeanlaan.", "Evere"),
        ("fr", "Un braquage avenue Herrmann-Debroux.", "Auderghem"),
        ("nl", "Een overval in de Tenderielaan.", "Watermael-Boitsfort"),
        ("fr", "Un cambriolage avenue de Hinnisdael.", "Woluwe-Saint-Pierre"),
        ("nl", "Een steekpartij in de Louis Hapstraat.", "Etterbeek"),
        ("fr", "Une agression rue Voot.", "Woluwe-Saint-Lambert"),
        ("nl", "Schoten in de Van Bortonnestraat.", "Jette"),
        ("fr", "Un homme blessé avenue Zaman.", "Forest"),
        ("nl", "Een ongeval op de Coghenlaan.", "Uccle"),
    ],
)
def test_widened_streets_give_their_commune(rulers: dict, gaz: gazetteer.Gazetteer, lang: str, text: str,
                                            commune: str) -> None:
    assert place_of(rulers[lang], gaz, text).commune == commune


@pytest.mark.parametrize(
    "lang,text,communes",
    [
        ("fr", "Des tirs rue des Coteaux.", {"Saint-Josse-ten-Noode", "Schaerbeek"}),
        ("nl", "Een steekpartij in de Vooruitgangstraat.", {"Saint-Josse-ten-Noode", "Schaerbeek"}),
        ("fr", "Une agression rue Colonel Bourg.", {"Schaerbeek", "Evere"}),
    ],
)
def test_widened_streets_straddling_communes_name_none(rulers: dict, gaz: gazetteer.Gazetteer, lang: str, text: str,
                                                       communes: set[str]) -> None:
    place = place_of(rulers[lang], gaz, text)
    assert place.commune is None and set(place.communes) == communes


@pytest.mark.parametrize(
    "lang,text,ident",
    [
        ("fr", "Une fusillade à Châtelineau.", "outside:chatelineau"),
        ("fr", "Un homme tué à Marcinelle.", "outside:marcinelle"),
        ("fr", "Des tirs à Marchienne-au-Pont.", "outside:marchienne_au_pont"),
        ("fr", "Un braquage à Montignies-sur-Sambre.", "outside:montignies_sur_sambre"),
        ("fr", "Un incendie à Jumet et à Gilly.", "outside:jumet"),
        ("nl", "Een schietpartij in Borgerhout.", "outside:borgerhout"),
        ("fr", "Un accident à Ypres.", "outside:ieper"),
    ],
)
def test_new_outside_towns(rulers: dict, lang: str, text: str, ident: str) -> None:
    assert ident in [e.ent_id_ for e in rulers[lang](text).ents]


@pytest.mark.parametrize(
    "lang,text,longest",
    [
        ("fr", "Une agression boulevard d'Ypres.", "boulevard d'Ypres"),
        ("nl", "Schoten op de Merchtemsesteenweg.", "Merchtemsesteenweg"),
        ("fr", "Des tirs rue de Spa.", "rue de Spa"),
        ("fr", "Une rixe route de Lennik.", "route de Lennik"),
    ],
)
def test_brussels_streets_named_after_towns_stay_places(rulers: dict, lang: str, text: str, longest: str) -> None:
    assert [(e.text, e.label_) for e in rulers[lang](text).ents] == [(longest, "PLACE")]


@pytest.mark.parametrize(
    "lang,text",
    [
        ("fr", "Le lierre couvre le mur, on voit la Tamise et la panne du spa."),
        ("nl", "De mol at geel gras."),
    ],
)
def test_common_words_are_not_new_towns(rulers: dict, lang: str, text: str) -> None:
    assert [e for e in rulers[lang](text).ents if e.label_ == "OUTSIDE"] == []


def test_every_commune_has_places(gaz: gazetteer.Gazetteer) -> None:
    covered = {c for p in gaz.places for c in p.communes}
    assert covered == {c.name for c in gaz.communes}
    assert len(gaz.places) >= 600 and len(gaz.outside) >= 150


@pytest.mark.parametrize("text,commune", [
    ("Ein Mann wurde auf dem Flagey-Platz verletzt.", "Ixelles"),
    ("Ein Mann wurde auf dem Liedtsplatz verletzt.", "Schaerbeek"),
])
def test_german_compounds_of_square_names(rulers: dict, gaz: gazetteer.Gazetteer, text: str, commune: str) -> None:
    assert place_of(rulers["de"], gaz, text).commune == commune


def test_compound_affixes_come_in_pairs(tmp_path) -> None:
    import shutil
    target = tmp_path / "gazetteer"
    shutil.copytree(gazetteer.DATA_DIR, target)
    path = target / "affixes.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = [line.replace('"compound_endings": ["platz", "-Platz"]', '"compound_endings": []') for line in lines]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="'compound_strip' and 'compound_endings' go together"):
        gazetteer.load(target)
