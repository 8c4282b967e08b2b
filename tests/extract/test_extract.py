"""Fictional articles in fr/nl/en/de -> expected incidents (published 2026-03-05, a Thursday)."""

from __future__ import annotations

import pytest


def only(pred: dict) -> dict:
    assert pred["in_scope"], pred.get("reason")
    assert len(pred["incidents"]) == 1, pred["incidents"]
    return pred["incidents"][0]


def fields(inc: dict) -> tuple:
    return inc["type"], inc["date"], inc["commune"], inc["killed"], inc["injured"], inc["weapon"]


# ---------------------------------------------------------------- positives, one per language and type
@pytest.mark.parametrize("lang,title,text,expected", [
    ("fr", "Anderlecht : un homme blessé par balle",
     "Un homme de 31 ans a été blessé par balle mardi soir à Anderlecht, près du Peterbos. Touché à la cuisse, "
     "il a été transporté à l'hôpital. Personne d'autre n'a été touché.",
     ("shooting", "2026-03-03", "Anderlecht", 0, 1, "firearm")),
    ("fr", "Tirs à la kalachnikov à Saint-Gilles",
     "Des tirs en rafale ont visé un café dans la nuit de mercredi à jeudi à Saint-Gilles. Personne n'a été blessé.",
     ("shooting", "2026-03-05", "Saint-Gilles", 0, 0, "assault_rifle")),
    ("fr", "", "Deux passants ont été poignardés hier après-midi place Flagey. L'agresseur a été arrêté.",
     ("stabbing", "2026-03-04", "Ixelles", 0, 2, "knife")),
    ("fr", "", "Un cocktail Molotov a été lancé contre la vitrine d'une boulangerie à Jette ce jeudi vers 4h. "
               "Aucun blessé n'est à déplorer.",
     ("arson", "2026-03-05", "Jette", 0, 0, "other")),
    # a robbery in which someone was shot is a shooting (SCHEMA, as the prosecutor counts shootings)
    ("fr", "", "Braquage dans une bijouterie d'Uccle mercredi : le gérant a été blessé par balle par deux braqueurs.",
     ("shooting", "2026-03-04", "Uccle", 0, 1, "firearm")),
    ("nl", "Man doodgeschoten in Vorst",
     "Een 40-jarige man is gisteravond in Vorst doodgeschoten. Er vielen geen andere gewonden.",
     ("shooting", "2026-03-04", "Forest", 1, 0, "firearm")),
    ("nl", "", "In de nacht van dinsdag op woensdag ontplofte een granaat aan een woning in Schaarbeek. "
               "Niemand raakte gewond.",
     ("explosion", "2026-03-04", "Schaerbeek", 0, 0, "explosive")),
    ("nl", "", "Drie mensen raakten gewond bij een steekpartij aan het Zuidstation op maandag.",
     ("stabbing", "2026-03-02", "Saint-Gilles", 0, 3, "knife")),
    ("en", "Man stabbed in Etterbeek",
     "A 25-year-old man was stabbed on Tuesday evening in Etterbeek. He was taken to hospital.",
     ("stabbing", "2026-03-03", "Etterbeek", 0, 1, "knife")),
    ("en", "", "Two people were wounded in a shooting in Molenbeek yesterday. Police found several shell casings.",
     ("shooting", "2026-03-04", "Molenbeek-Saint-Jean", 0, 2, "firearm")),
    ("en", "", "A man was beaten with a baseball bat in Evere on Monday night and seriously injured.",
     ("assault", "2026-03-02", "Evere", 0, 1, "blunt")),
    ("de", "Schüsse in Koekelberg",
     "In Koekelberg sind am Mittwochabend Schüsse gefallen. Zwei Männer wurden verletzt, einer davon schwer.",
     ("shooting", "2026-03-04", "Koekelberg", 0, 2, "firearm")),
    ("de", "", "Ein Mann ist in der Nacht zum Donnerstag in Ixelles mit einem Messer angegriffen und getötet worden.",
     ("stabbing", "2026-03-05", "Ixelles", 1, 0, "knife")),
])
def test_single_incident(run, lang, title, text, expected):
    assert fields(only(run(text, title=title, lang=lang))) == expected


def test_victim_who_died_is_killed_not_injured(run):
    inc = only(run("Un homme grièvement blessé par balle samedi à Evere a succombé à ses blessures dimanche.",
                   published="2026-03-02"))
    assert (inc["killed"], inc["injured"]) == (1, 0)


def test_vague_counts_are_null(run):
    inc = only(run("Une fusillade a éclaté mardi à Jette : plusieurs personnes ont été blessées."))
    assert inc["injured"] is None


def test_postal_code_gives_the_commune(run):
    inc = only(run("Des coups de feu ont été tirés mercredi dans une rue du 1080. Personne n'a été blessé."))
    assert inc["commune"] == "Molenbeek-Saint-Jean"


def test_place_gives_the_commune(run):
    inc = only(run("Un homme a été blessé par balle mercredi au Peterbos."))
    assert inc["commune"] == "Anderlecht" and inc["place"] == "Peterbos"


def test_brussels_alone_gives_no_commune(run):
    inc = only(run("A man was injured by gunfire in the centre of Brussels on Wednesday.", lang="en"))
    assert inc["commune"] is None and inc["type"] == "shooting"


def test_police_zone_name_is_not_the_commune(run):
    inc = only(run("Un homme a été poignardé mercredi place De Brouckère, a indiqué la police de la zone "
                   "Bruxelles-Capitale Ixelles."))
    assert inc["commune"] == "Bruxelles"


def test_no_publication_day_gives_no_date(run):
    inc = only(run("Un homme a été blessé par balle mercredi soir à Anderlecht.", published=None))
    assert inc["date"] is None


# ---------------------------------------------------------------- several incidents, follow-ups
def test_round_up_lists_each_incident(run):
    pred = run("Deux fusillades ont éclaté dans la nuit de mardi à mercredi. La première s'est produite vers 23h "
               "à Anderlecht : un homme a été blessé par balle. Vers 2h, des tirs ont visé un café à Forest. "
               "Personne n'a été touché.", title="Deux fusillades en une nuit à Anderlecht et à Forest")
    got = sorted(fields(i) for i in pred["incidents"])
    assert got == [("shooting", "2026-03-03", "Anderlecht", 0, 1, "firearm"),
                   ("shooting", "2026-03-04", "Forest", 0, 0, "firearm")]


def test_one_incident_over_several_sentences_is_one(run):
    pred = run("Un homme a été blessé par balle mardi à Schaerbeek. Les tirs ont éclaté vers 22h. "
               "Le tireur a pris la fuite. La victime, touchée à la jambe, a été hospitalisée.")
    assert len(pred["incidents"]) == 1


def test_follow_up_lists_the_incident(run):
    inc = only(run("Un suspect a été arrêté mercredi dans le cadre de l'enquête sur la fusillade mortelle de "
                   "lundi soir à Koekelberg.", title="Fusillade de Koekelberg : un suspect arrêté"))
    assert (inc["type"], inc["date"], inc["commune"], inc["killed"]) == ("shooting", "2026-03-02", "Koekelberg", 1)
    assert inc["details"]["follow_up"] is True


# ---------------------------------------------------------------- negatives
@pytest.mark.parametrize("lang,title,text", [
    ("fr", "62 fusillades en 2025 à Bruxelles : le bilan annuel",
     "La police a recensé 62 fusillades en 2025, dont 20 à Anderlecht."),
    ("fr", "Le Parlement débat de la stratégie hotspots",
     "Après les fusillades à Anderlecht, l'opposition réclame un nouveau plan de sécurité."),
    ("fr", "Procès de la fusillade de 2023 : 20 ans requis",
     "Le parquet a requis vingt ans de réclusion contre l'auteur des tirs mortels à Molenbeek en 2023."),
    ("fr", "Un an après la mort de Sami, une marche blanche à Jette",
     "Il y a un an, Sami avait été tué par balle à Jette."),
    ("fr", "Vilvorde : un homme blessé par balle", "Un homme a été blessé par balle mardi soir à Vilvorde."),
    ("fr", "Explosion de gaz à Evere : deux blessés", "Une explosion de gaz a fait deux blessés mardi à Evere."),
    ("fr", "Division 1 : Anderlecht fusille Jette", "Anderlecht a fusillé Jette 4-0 samedi : quatre buts, un penalty."),
    ("fr", "Tournage à Molenbeek : une fausse fusillade",
     "Le tournage d'un film a simulé une fusillade mercredi à Molenbeek, semant la panique."),
    ("fr", "Schaerbeek : les « coups de feu » n'étaient que des feux d'artifice",
     "Des habitants ont signalé des détonations mercredi à Schaerbeek ; c'étaient des feux d'artifice."),
    ("fr", "Exercice grandeur nature à Etterbeek", "Une fusillade simulée a mobilisé les secours mercredi à Etterbeek."),
    ("fr", "Opération antidrogue à Anderlecht : une kalachnikov saisie",
     "Douze personnes ont été arrêtées mercredi. Aucun coup de feu n'a été tiré lors des perquisitions."),
    ("nl", "Schietpartij in Antwerpen", "In Antwerpen raakte gisteren een man gewond bij een schietpartij."),
    ("nl", "Politie telde 62 schietincidenten in 2025", "Het gewest telde vorig jaar 62 schietincidenten."),
    ("en", "Union edge Anderlecht in derby thriller", "Two goals and a penalty decided the derby on Sunday."),
    ("en", "Reports of gunfire turn out to be fireworks", "Residents in Jette reported shots; it was fireworks."),
    ("de", "Schüsse in Lüttich", "In Lüttich ist am Mittwoch ein Mann angeschossen worden."),
    ("de", "Gasexplosion in Ixelles: zwei Verletzte", "Bei einer Gasexplosion wurden zwei Menschen verletzt."),
])
def test_out_of_scope(run, lang, title, text):
    pred = run(text, title=title, lang=lang)
    assert pred["in_scope"] is False and pred["incidents"] == [], pred["incidents"]


def test_old_background_incident_is_not_listed(run):
    pred = run("Le conseil communal a débattu mercredi de la sécurité. En janvier, un homme avait été blessé par "
               "balle à Evere.", title="Evere : la sécurité au conseil communal")
    assert pred["incidents"] == []


def test_ordinary_news_stops_at_the_gate(run):
    pred = run("Les travaux du métro reprennent lundi à Schaerbeek.", title="Métro 3 : les travaux reprennent")
    assert pred == {"id": "t-1", "in_scope": False, "incidents": [], "reason": "no incident keyword"}


# ---------------------------------------------------------------- offsets, robustness
def test_evidence_offsets_slice_the_text(run):
    text = ("Bruxelles, jeudi.\n\nUn homme de 23 ans a été blessé par balle mercredi soir à Anderlecht. "
            "Les faits se sont produits vers 21h.\n\nPersonne d'autre n'a été touché.")
    inc = only(run(text, title="Anderlecht : un blessé par balle"))
    assert inc["evidence"]
    for ev in inc["evidence"]:
        assert text[ev["start"]:ev["end"]] == ev["text"]
    assert 0 < inc["confidence"] <= 1


def test_robustness(run):
    assert run("")["in_scope"] is False
    assert run("   ", title="")["in_scope"] is False
    big = ("Le conseil communal se réunit. " * 40000) + "Un homme a été blessé par balle mercredi à Jette."
    assert len(big) > 1_000_000
    assert run(big)["in_scope"] is False  # only the first 100,000 characters are read (documented)
    html = "<p>Un homme a été <b>blessé par balle</b> mercredi à <a href='#'>Jette</a>.</p>"
    assert run(html)["incidents"][0]["commune"] == "Jette"
    mixed = "Un homme a été blessé par balle mercredi à Jette. Een man raakte gewond in Jette."
    assert run(mixed)["in_scope"] is True
    other = run("Ein Mann wurde am Mittwoch in Jette angeschossen.", lang="xx")
    assert other["in_scope"] is True and "note" in other
    unknown = run("Lorem ipsum dolor sit amet.", lang="la")
    assert unknown["in_scope"] is False and "unsupported" in unknown["reason"]


def test_batch_records_errors_and_goes_on():
    from extract.api import extract_articles

    arts = [{"id": "ok", "language": "fr", "published": "2026-03-05", "title": "",
             "text": "Un homme a été blessé par balle mercredi à Jette."},
            {"id": "bad", "language": "fr", "published": "not a date", "title": "", "text": "Une fusillade à Jette."},
            {"id": "bad2", "language": "fr", "published": None, "title": None, "text": 42}]
    preds = list(extract_articles(arts))
    assert [p["id"] for p in preds] == ["ok", "bad", "bad2"]
    assert preds[0]["in_scope"] is True
    assert preds[1]["error"].startswith("ValueError") and preds[1]["incidents"] == []
    assert preds[2]["error"].startswith("TypeError")


def test_counts_joined_by_and_add_up_but_subsets_do_not(run):
    inc = only(run("Une fusillade a fait un blessé grave et deux blessés légers mardi à Jette."))
    assert inc["injured"] == 3
    inc = only(run("Une fusillade a éclaté mardi à Jette : trois blessés, dont un grave."))
    assert inc["injured"] == 3


def test_kidnapping_is_other(run):
    inc = only(run("Un commerçant a été kidnappé mardi soir à Evere puis séquestré pendant deux jours.",
                   published="2026-03-05"))
    assert inc["type"] == "other" and inc["commune"] == "Evere"


def test_two_processes_give_the_same_predictions_in_order():
    from extract.api import extract_articles

    arts = [{"id": f"a{i}", "language": ["fr", "nl", "en", "de"][i % 4], "published": "2026-03-05", "title": "",
             "text": ["Un homme a été blessé par balle mercredi à Jette.", "In Jette raakte gisteren een man gewond.",
                      "A man was stabbed in Evere on Tuesday.", "In Ixelles fielen am Mittwoch Schüsse."][i % 4]}
            for i in range(12)]
    assert list(extract_articles(arts, n_process=2, batch_size=3)) == list(extract_articles(arts))


def test_title_with_incident_and_political_reaction_keeps_the_incident(run):
    inc = only(run("Un homme d'une trentaine d'années a été blessé par balle mercredi soir à Anderlecht.",
                   title="Nouvelle fusillade à Anderlecht : le ministre de l'Intérieur réagit"))
    assert (inc["type"], inc["injured"]) == ("shooting", 1)  # "une trentaine d'années" is an age, not a count
    pred = run("Après la fusillade de mercredi à Anderlecht, le ministre a défendu son plan.",
               title="Stratégie hotspots : le ministre défend son plan")
    assert pred["incidents"] == []


@pytest.mark.parametrize("lang,text", [
    ("en", "Shots were fired at a car in Evere, wounding one man. 'We are shocked,' the mayor said on Thursday."),
    ("fr", "Un homme a été blessé par balle à Evere, a indiqué jeudi le parquet."),
])
def test_the_day_something_was_said_is_not_the_incident_day(run, lang, text):
    inc = only(run(text, lang=lang, published="2026-03-06"))
    assert inc["date"] == "2026-03-06" and inc["details"]["date_from_text"] is False


def test_counts_are_null_when_nothing_is_said_about_victims(run):
    inc = only(run("Des coups de feu ont été tirés mercredi soir contre la façade d'une maison à Evere."))
    assert (inc["killed"], inc["injured"]) == (None, None)
    inc = only(run("Un homme a été blessé par balle mercredi soir à Evere."))
    assert (inc["killed"], inc["injured"]) == (0, 1)  # a victim is described: no death mentioned -> 0


def test_commune_named_as_an_adjective(run):
    inc = only(run("In einer Anderlechter Siedlung fielen am Mittwoch Schüsse, ein Mann wurde verletzt.", lang="de"))
    assert inc["commune"] == "Anderlecht"
    inc = only(run("In de Brusselse binnenstad is gisteren een man neergestoken.", lang="nl"))
    assert inc["commune"] is None  # "Brusselse" is the ambiguous Brussels


def test_publication_timestamps_are_read_in_brussels_time():
    from extract.api import publication_day

    assert publication_day("2026-03-05T23:30:00Z").isoformat() == "2026-03-06"
    assert publication_day("2026-03-05T10:00:00+01:00").isoformat() == "2026-03-05"
    assert publication_day("2026-03-05").isoformat() == "2026-03-05"
    assert publication_day(None) is None


def test_round_up_with_two_places_in_one_commune(run):
    text = ("Trois fusillades ont éclaté en 24 heures. Mardi vers 20h, des coups de feu ont été tirés au Peterbos, "
            "sans faire de blessé. Mercredi vers 2h, un homme a été blessé par balle à Cureghem. Enfin mercredi vers "
            "18h, des tirs ont visé un café place Flagey. Personne n'a été touché.")
    pred = run(text, title="Trois fusillades en 24 heures à Anderlecht et Ixelles")
    got = sorted((i["date"], i["commune"], i["place"], i["injured"]) for i in pred["incidents"])
    assert got == [("2026-03-03", "Anderlecht", "Peterbos", 0), ("2026-03-04", "Anderlecht", "Cureghem", 1),
                   ("2026-03-04", "Ixelles", "place Flagey", 0)]


def test_stabbing_after_a_match_is_an_incident_but_match_report_is_not(run):
    inc = only(run("Un supporter a été poignardé mercredi soir à Anderlecht après le match, près du stade.",
                   title="Un supporter poignardé après le match à Anderlecht"))
    assert inc["type"] == "stabbing"
    assert run("Anderlecht a fusillé Jette mercredi : quatre buts, un penalty.",
               title="Anderlecht fusille Jette au terme d'un match à sens unique")["incidents"] == []


@pytest.mark.parametrize("lang,text,counts", [
    ("en", "A gunman opened fire in Jette on Wednesday, wounding a 31-year-old man and a 24-year-old woman.", (0, 2)),
    ("en", "Shots were fired in Evere on Wednesday, killing one man and wounding two others.", (1, 2)),
    ("fr", "Un homme a ouvert le feu mercredi à Jette, blessant deux passants.", (0, 2)),
])
def test_victims_counted_after_a_participle(run, lang, text, counts):
    inc = only(run(text, lang=lang))
    assert (inc["killed"], inc["injured"]) == counts


def test_news_round_up_with_two_kinds_of_incident(run):
    text = ("Un homme a été poignardé samedi soir place Flagey. Il a été hospitalisé.\n\n"
            "Dimanche vers 14h, une bijouterie d'Uccle a été braquée par deux hommes armés. Personne n'a été blessé.")
    pred = run(text, title="Les faits divers du week-end", published="2026-03-09")
    got = sorted((i["type"], i["date"], i["commune"], i["injured"]) for i in pred["incidents"])
    assert got == [("robbery", "2026-03-08", "Uccle", 0), ("stabbing", "2026-03-07", "Ixelles", 1)]


def test_bomb_scare_is_not_an_incident(run):
    pred = run("A suspicious package was found on Wednesday at Jette station; the bomb squad found nothing.",
               title="Bomb scare at Jette station", lang="en")
    assert pred["incidents"] == []
