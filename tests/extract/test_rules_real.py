"""Rules learned from real news (issue 12; extract/README.md rules 8, 11, 24 and the lexicon cues), each on
sentences written for this test (never an article's own text), on the project gazetteer."""

from __future__ import annotations

from typing import Any

import pytest


def only(pred: dict[str, Any]) -> dict[str, Any]:
    assert pred["in_scope"], pred.get("reason")
    assert len(pred["incidents"]) == 1, pred["incidents"]
    return pred["incidents"][0]


@pytest.mark.parametrize("lang, text, expected", [
    # a robbery in which someone was shot is a shooting; one in which nobody was shot or stabbed stays a robbery
    ("nl", "Bij een overval op een krantenwinkel in Jette is dinsdagavond een uitbater neergeschoten.", "shooting"),
    ("nl", "Bij een overval op een krantenwinkel in Jette is dinsdagavond een uitbater gewond geraakt. De "
           "overvallers waren gewapend met een mes.", "robbery"),
    ("de", "Bei einem Überfall auf einen Supermarkt in Evere wurde am Dienstagabend niemand verletzt. Die Täter "
           "waren mit einem Messer bewaffnet.", "robbery"),
    # a knife attack stopped by police or soldiers' fire keeps its type
    ("fr", "Mardi soir, à Schaerbeek, un homme a porté plusieurs coups de couteau à un passant place Liedts. Des "
           "policiers ont ouvert le feu sur l'agresseur, qui a été blessé.", "stabbing"),
    ("nl", "Een man heeft dinsdagavond in Molenbeek twee agenten met een mes aangevallen. De aanvaller werd "
           "daarna neergeschoten.", "stabbing"),
    ("en", "A man attacked two soldiers with a knife on Tuesday evening in Etterbeek. Police shot the attacker.",
     "stabbing"),
    ("de", "Ein Mann hat am Dienstagabend in Ixelles zwei Soldaten mit einem Messer angegriffen. Die Soldaten "
           "eröffneten daraufhin das Feuer, der Angreifer wurde niedergeschossen.", "stabbing"),
    # police fire that is itself the news is a shooting
    ("fr", "Un policier a fait usage de son arme mardi soir à Anderlecht lorsqu'un automobiliste a foncé sur un "
           "contrôle. Le conducteur a été blessé à la jambe.", "shooting"),
    # riots are incidents of their own type
    ("fr", "De violentes émeutes ont éclaté mardi soir à Molenbeek : des casseurs ont jeté des pierres sur la police.",
     "other"),
    ("nl", "In Anderlecht braken dinsdagavond rellen uit. Relschoppers gooiden stenen naar de politie.", "other"),
])
def test_type_by_schema_precedence(run_project, lang: str, text: str, expected: str) -> None:
    assert only(run_project(text, lang=lang))["type"] == expected


def test_fire_put_out_is_not_a_shooting(run_project) -> None:
    pred = run_project("Die Feuerwehr konnte das Feuer in einer Wohnung in Uccle am Dienstag schnell löschen. "
                       "Verletzt wurde niemand.", lang="de")
    assert not any(i["type"] == "shooting" for i in pred["incidents"]), pred["incidents"]


def test_deprived_of_liberty_is_not_a_robbery(run_project) -> None:
    pred = run_project("Een man is dinsdag in Vorst urenlang van zijn vrijheid beroofd en daarna met een mes "
                       "bewerkt. Hij raakte gewond.", lang="nl")
    assert only(pred)["type"] == "stabbing"


@pytest.mark.parametrize("lang, text", [
    ("nl", "Dinsdagavond werd in Evere een granaat gegooid tegen een woning. Niemand raakte daarbij gewond."),
    ("de", "Am Dienstagabend wurde in Evere auf zwei Polizisten geschossen. Da sie Schutzwesten trugen, wurden sie "
           "zum Glück nicht verletzt."),
    ("fr", "Mardi soir, des coups de feu ont visé deux policiers à Evere. Protégés par leur gilet, ils ne sont pas "
           "blessés."),
])
def test_nobody_hurt_with_words_between(run_project, lang: str, text: str) -> None:
    inc = only(run_project(text, lang=lang))
    assert (inc["killed"], inc["injured"]) == (0, 0)


def test_born_in_a_year_is_not_background(run_project) -> None:
    inc = only(run_project("Shots were fired on Tuesday evening on the Place Bockstael in Laeken. One man, born in "
                           "1999, died on the spot.", lang="en"))
    assert (inc["type"], inc["killed"]) == ("shooting", 1)


def test_a_court_building_is_no_trial(run_project) -> None:
    pred = run_project("Two men were shot dead on Tuesday in a building in the centre of Brussels, police said.",
                       title="Two shot dead near Brussels court", lang="en")
    assert pred["in_scope"], pred.get("reason")


def test_title_follow_up_keeps_an_old_incident(run_project) -> None:
    pred = run_project("Er is een verdachte opgepakt in het onderzoek naar de schietpartij in Schaarbeek. In de nacht "
                       "van 2 op 3 januari 2026 raakte een man gewond bij een schietpartij op het Liedtsplein.",
                       title="Verdachte opgepakt in onderzoek naar schietpartij in Schaarbeek", lang="nl",
                       published="2026-05-20")
    inc = only(pred)
    assert (inc["type"], inc["date"], inc["commune"]) == ("shooting", "2026-01-03", "Schaerbeek")


def test_old_incident_in_the_body_alone_stays_background(run_project) -> None:
    pred = run_project("In de nacht van 2 op 3 januari 2026 raakte een man gewond bij een schietpartij op het "
                       "Liedtsplein in Schaarbeek. De buurt vraagt meer politie.", title="Buurt vraagt meer politie",
                       lang="nl", published="2026-05-20")
    assert not pred["in_scope"], pred["incidents"]


@pytest.mark.parametrize("lang, text", [
    ("fr", "Des coups de feu ont été tirés mardi soir dans le centre de Bruxelles. Un homme a été blessé à la jambe "
           "sur la place De Brouckère."),
    ("de", "In der Brüsseler Innenstadt ist am Dienstagabend ein Mann niedergestochen worden. Der Angriff "
           "ereignete sich am De-Brouckère-Platz."),
])
def test_brussels_then_a_named_place_gives_its_commune(run_project, lang: str, text: str) -> None:
    assert only(run_project(text, lang=lang))["commune"] == "Bruxelles"


@pytest.mark.parametrize("lang, text, expected", [
    ("nl", "Een agent is dinsdagochtend in Sint-Gillis met een mes aangevallen en raakte lichtgewond. De aanvaller "
           "werd neergeschoten door een collega.", (0, 2)),
    ("en", "A man stabbed a soldier on Tuesday evening in Etterbeek. The soldier was slightly injured. Police shot "
           "the attacker, whose injuries are not life-threatening.", (0, 2)),
    ("fr", "Mardi soir, à Schaerbeek, un commerçant a été blessé par balle lors d'un braquage. L'un des braqueurs a "
           "été tué par un passant armé.", (1, 1)),
    ("de", "In Anderlecht hat ein Mann am Dienstag zwei Passanten mit einem Messer verletzt. Der Angreifer wurde von "
           "der Polizei niedergeschossen und verstarb später.", (1, 2)),
])
def test_the_attacker_counts_once_beside_the_victims(run_project, lang: str, text: str, expected: tuple) -> None:
    inc = only(run_project(text, lang=lang))
    assert (inc["killed"], inc["injured"]) == expected


@pytest.mark.parametrize("lang, text, expected", [
    ("fr", "Mardi soir, à Ixelles, un homme a tué son épouse avec une arme à feu avant de se rendre à la police.",
     "shooting"),
    ("nl", "Een man is dinsdag in Vorst om het leven gebracht. Volgens de autopsie is hij niet door steek- of "
           "schotwonden overleden maar door slagen.", "homicide"),
    ("fr", "Un bijoutier a été retrouvé mort mardi après un hold-up dans sa boutique de la rue Neuve, à Bruxelles.",
     "robbery"),
])
def test_a_killing_takes_its_weapon_s_type(run_project, lang: str, text: str, expected: str) -> None:
    assert only(run_project(text, lang=lang))["type"] == expected


@pytest.mark.parametrize("lang, text, expected", [
    # one victim told as injured, then dead: killed only
    ("nl", "In Schaarbeek werd zaterdagnamiddag een man neergestoken. Hij werd in levensgevaar naar het ziekenhuis "
           "gebracht. Het parket bevestigt dat het slachtoffer zondag is overleden.", (1, 0)),
    # another victim beside the dead still counts
    ("fr", "Des coups de feu ont été tirés vers 1h à Anderlecht : un homme de 22 ans a été tué, un second, âgé de "
           "19 ans, a été blessé à la jambe. Il a été hospitalisé.", (1, 1)),
    ("nl", "In Molenbeek werden dinsdagnacht drie kogels afgevuurd op een café. Niemand zou daarbij gewond zijn "
           "geraakt.", (0, 0)),
])
def test_one_victim_injured_then_dead_is_killed_only(run_project, lang: str, text: str, expected: tuple) -> None:
    inc = only(run_project(text, lang=lang))
    assert (inc["killed"], inc["injured"]) == expected


def test_a_count_of_bullets_is_no_count_of_victims(run_project) -> None:
    inc = only(run_project("Un homme a été abattu mardi soir dans sa voiture à Anderlecht. Il a été touché par 17 "
                           "balles et est décédé sur place."))
    assert (inc["killed"], inc["injured"]) == (1, 0)


def test_context_is_kept_beside_the_type(run_project) -> None:
    inc = only(run_project("Mardi soir, à Anderlecht, un homme a été blessé par balle lors d'un home-jacking. Le "
                           "parquet évoque un trafic de drogue."))
    assert inc["type"] == "shooting"
    assert inc["details"]["context"] == ["drugs", "home-jacking", "robbery"]


def test_a_round_up_announced_as_other_incidents_lists_each(run_project) -> None:
    pred = run_project("Een jongeman is dinsdagavond rond 18 uur neergestoken op het Bethlehemplein in Sint-Gillis. "
                       "Er waren dinsdagavond nog twee andere steekpartijen in het Brusselse. In Anderlecht vielen "
                       "twee gewonden nadat een man twee voorbijgangers met een mes aanviel. Het laatste incident "
                       "vond plaats in Sint-Jans-Molenbeek, waar een man dodelijk werd neergestoken.", lang="nl")
    communes = sorted(i["commune"] for i in pred["incidents"])
    assert communes == ["Anderlecht", "Molenbeek-Saint-Jean", "Saint-Gilles"], pred["incidents"]


def test_a_place_of_another_commune_is_never_the_incident_s_place() -> None:
    """Rule 23: a round-up's title names Laeken beside a Saint-Josse shooting; Laeken is not its place, a street of
    Saint-Josse or a place straddling it is."""
    from extract.rules.location import Location, pick_place
    from extract.rules.model import Sentence, SentenceGroup

    title = "Fusillades à Laeken et Saint-Josse"
    laeken = Location("place", "Bruxelles", "Laeken", 13, "laeken")
    commune = Location("commune", "Saint-Josse-ten-Noode", "Saint-Josse", 23, "saint_josse_ten_noode")
    head = Sentence(0, len(title), title, True, [], [laeken, commune])
    group = SentenceGroup(commune, [head], [head])
    assert pick_place(group, "Saint-Josse-ten-Noode") is None
    assert pick_place(group, "Bruxelles") == "Laeken"
    assert pick_place(group, None) == "Laeken"
    border = Location("place", None, "rue Royale", 0, "rue_royale", candidates=("Bruxelles", "Saint-Josse-ten-Noode"))
    head.locations = [laeken, border, commune]
    assert pick_place(group, "Saint-Josse-ten-Noode") == "rue Royale"


@pytest.mark.parametrize("lang, text, expected", [
    ("fr", "Un homme a été tué par balle hier soir à Ixelles. Sa femme et son fils ont été gravement blessés.", (1, 2)),
    ("de", "In Ixelles fielen am Sonntag Schüsse. Ein Mann starb, ein weiterer Mann und eine Frau kamen verletzt ins "
           "Krankenhaus.", (1, 2)),
    ("en", "Two men and a woman were injured in a shooting in Anderlecht on Sunday.", (0, 3)),
    ("nl", "Bij een schietpartij in Anderlecht raakten zondag de bestuurder en zijn passagier gewond.", (0, 2)),
    # a verb between the two phrases: two victims of two kinds, not one group
    ("fr", "Hier soir à Anderlecht, un homme tué et une femme blessée par balle.", (1, 1)),
    ("en", "Three people died and a fourth was injured in a shooting in Anderlecht on Sunday.", (3, 1)),
    # the people a killing is done to, after the verb
    ("fr", "Un homme a tué sa compagne et deux enfants hier soir à Ixelles avec une arme à feu.", (3, 0)),
    ("en", "A man shot dead a female magistrate and a court clerk in Anderlecht on Sunday.", (2, 0)),
    ("en", "A man killed a woman and injured a child with a knife in Anderlecht on Sunday.", (1, 1)),
])
def test_two_people_joined_by_and_count_together(run_project, lang: str, text: str, expected: tuple) -> None:
    inc = only(run_project(text, lang=lang, published="2026-05-18"))
    assert (inc["killed"], inc["injured"]) == expected


def test_blows_of_knives_are_a_stabbing(run_project) -> None:
    inc = only(run_project("Un homme a été blessé lundi soir place Liedts à Schaerbeek à la suite de coups de couteaux.",
                           published="2026-06-09"))
    assert inc["type"] == "stabbing" and inc["commune"] == "Schaerbeek"


def test_a_follow_up_naming_last_week_s_day_recaps_its_incident(run_project) -> None:
    pred = run_project("De man die vorige week donderdag een vijftiger neerstak in Schaarbeek, blijft nog een maand in "
                       "de cel. De steekpartij vond vorige week donderdag plaats in de Haachtsesteenweg in Schaarbeek. "
                       "Het slachtoffer overleed in het ziekenhuis.",
                       title="Verdachte van steekpartij blijft in de cel", lang="nl", published="2026-06-10")
    inc = only(pred)
    assert (inc["type"], inc["commune"], inc["date"]) == ("stabbing", "Schaerbeek", "2026-06-04")


def test_riots_after_a_match_are_an_incident(run_project) -> None:
    pred = run_project("Après le match de football, la victoire du Maroc a été fêtée par des supporters. Mais une "
                       "centaine de jeunes ont mis le feu à des poubelles boulevard Lemonnier à Bruxelles. Les buts "
                       "marqués en deuxième mi-temps avaient échauffé les esprits. La police a arrêté dix émeutiers.",
                       published="2026-06-10")
    assert pred["in_scope"], pred.get("reason")
    assert {i["commune"] for i in pred["incidents"]} == {"Bruxelles"}


@pytest.mark.parametrize("lang, text", [
    ("fr", "Une explosion a détruit un immeuble du boulevard Anspach à Bruxelles samedi matin. Neuf personnes ont été "
           "blessées. Une fuite de gaz est à l'origine de l'explosion."),
    ("nl", "Bij een explosie in een woning in Laken raakten zaterdag twee mensen gewond. De ontploffing werd "
           "veroorzaakt door twee gasflessen."),
    ("en", "An explosion tore through a house in Anderlecht on Saturday, injuring two people. The explosion was caused "
           "by a gas leak, the fire brigade said."),
])
def test_a_blast_told_as_a_gas_accident_is_no_incident(run_project, lang: str, text: str) -> None:
    pred = run_project(text, lang=lang, published="2026-06-07")
    assert not pred["in_scope"], pred["incidents"]


def test_a_blast_with_tear_gas_elsewhere_stays_an_incident(run_project) -> None:
    pred = run_project("Une explosion a soufflé la vitrine d'un commerce rue Wayez à Anderlecht samedi. Un engin "
                       "explosif avait été déposé devant la porte. La police a ensuite dispersé la foule avec du gaz "
                       "lacrymogène.", published="2026-06-07")
    assert only(pred)["type"] == "explosion"


def test_an_untitled_article_opening_on_a_sentence_is_a_trial_piece(run_project) -> None:
    pred = run_project("L'auteur des coups de feu tirés en novembre à Molenbeek a été condamné lundi à une peine de "
                       "douze ans de prison. Vers 2h cette nuit-là, un homme avait été blessé par plusieurs tirs.",
                       published="2026-06-09")
    assert not pred["in_scope"], pred["incidents"]
    called = run_project("Dimanche soir, les services de police ont été requis rue Ransfort à Molenbeek pour un coup de "
                         "feu. Un homme a été blessé à la jambe.", published="2026-06-08")
    assert only(called)["type"] == "shooting"


@pytest.mark.parametrize("lang, text, expected", [
    # a politician who reports the facts is a source, not a policy debate
    ("en", "Shots were fired at a café in Anderlecht on Sunday. At least two people were killed and one person was "
           "wounded, Interior Minister Jan Peeters said.", (2, 1)),
    # the toll of a shooting is no statistic
    ("nl", "Eén dode en twee gewonden: dat is de zware balans van een schietpartij zondag in de Merodestraat in Vorst.",
     (1, 2)),
    # "two people, one of them injured"
    ("fr", "Des coups de feu ont été tirés dimanche soir chaussée de Gand à Berchem-Sainte-Agathe. Deux personnes - dont "
           "l'une blessée - se sont présentées à la police.", (0, 1)),
])
def test_tolls_told_by_a_minister_a_balance_or_a_subset(run_project, lang: str, text: str, expected: tuple) -> None:
    inc = only(run_project(text, lang=lang, published="2026-06-08"))
    assert (inc["killed"], inc["injured"]) == expected


def test_a_participle_that_is_also_a_town_is_no_town(run_project) -> None:
    # "visé" (targeted) is not Visé (Liège): lower-case town names that are common words never match
    pred = run_project("Un commerce visé par des coups de feu dimanche soir. Les tirs ont touché la vitrine d'un magasin "
                       "de la rue Wayez, à Anderlecht. Personne n'a été blessé.", published="2026-06-08")
    assert only(pred)["commune"] == "Anderlecht"


def test_a_round_up_s_other_kind_on_its_own_date_is_another_incident(run_project) -> None:
    pred = run_project("Plusieurs coups de feu ont été tirés dans la nuit de dimanche à lundi contre une maison de la rue "
                       "Wéry à Ixelles. Personne n'a été blessé. Le vendredi 5 juin vers 1h40, une explosion avait eu "
                       "lieu à la même adresse. Une personne a été blessée au pied.",
                       title="Une explosion et deux fusillades en quatre jours à Ixelles", published="2026-06-08")
    got = sorted((i["type"], i["date"], i["commune"]) for i in pred["incidents"])
    assert got == [("explosion", "2026-06-05", "Ixelles"), ("shooting", "2026-06-08", "Ixelles")], pred["incidents"]


def test_a_street_between_two_areas_keeps_its_own_commune(run_project) -> None:
    pred = run_project("Des coups de feu ont été tirés cette nuit rue Steyls, entre Laeken et Jette. Un homme a été tué.",
                       published="2026-06-08")
    assert only(pred)["commune"] == "Bruxelles"
    pred = run_project("Des coups de feu ont été tirés cette nuit rue Steyls à Jette. Un homme a été tué.",
                       published="2026-06-08")
    assert only(pred)["commune"] == "Jette"  # the commune the reporter names right after a place wins (rule 16)


def test_a_police_zone_name_is_no_place_and_a_landmark_gives_its_commune(run_project) -> None:
    # "Bruxelles-Ouest" names the police zone of five communes, not the station
    pred = run_project("Un homme a été blessé au couteau lundi soir à Koekelberg. La police de la zone Bruxelles-Ouest "
                       "a interpellé un suspect.", published="2026-06-09")
    assert only(pred)["commune"] == "Koekelberg" and only(pred)["place"] is None
    pred = run_project("At least two people were shot dead on Saturday at the Jewish Museum in Brussels.", lang="en",
                       published="2026-06-07")
    assert only(pred)["commune"] == "Bruxelles"


def test_an_untitled_article_s_first_news_sentence_is_its_lead(run_project) -> None:
    pred = run_project("A police car in front of the courthouse. © Photo agency\n\nA gunman who shot a young man in Molenbeek in November has been sentenced to "
                       "fifteen years in prison. The victim was hit by several bullets in a street of Molenbeek.", lang="en",
                       published="2026-06-09")
    assert not pred["in_scope"], pred["incidents"]


@pytest.mark.parametrize("lang, text, expected", [
    # in danger of death is alive
    ("fr", "Une personne a été grièvement blessée hier soir lors d'une agression au couteau à Uccle. La victime s'est "
           "retrouvée un temps en danger de mort.", (0, 1)),
    ("nl", "Een man werd gisteravond in Anderlecht neergestoken. Hij zweeft tussen leven en dood.", (0, 1)),
    # one of the victims hit died: the others are the injured
    ("fr", "Hier soir à Ixelles, les agents ont découvert trois victimes qui avaient été touchées par balles. L'une des "
           "victimes, un homme de 57 ans, est décédée sur place.", (1, 2)),
    ("en", "Three people were injured in a shooting in Anderlecht on Sunday. One of the victims died in hospital.",
     (1, 2)),
    # the others told apart are not taken from the dead
    ("fr", "Hier soir à Ixelles, un homme a été tué par balle. L'un des tireurs a été arrêté. Deux autres personnes "
           "ont été blessées.", (1, 2)),
])
def test_alive_in_danger_and_one_of_the_victims(run_project, lang: str, text: str, expected: tuple) -> None:
    inc = only(run_project(text, lang=lang, published="2026-06-08"))
    assert (inc["killed"], inc["injured"]) == expected


@pytest.mark.parametrize("lang, text", [
    ("en", "Police were called to Rue Wayez in Anderlecht on Sunday night over Kalashnikov-type shots. A man was shot "
           "dead."),
    ("fr", "Dimanche soir, des braqueurs armés d'une arme d'assaut ont tiré sur un bijoutier rue Wayez à Anderlecht."),
])
def test_assault_weapons_in_more_words(run_project, lang: str, text: str) -> None:
    assert only(run_project(text, lang=lang, published="2026-06-08"))["weapon"] == "assault_rifle"


@pytest.mark.parametrize("text", [
    "Deux personnes ont été blessées cette nuit à la suite d'une explosion dans un restaurant de la place du Châtelain "
    "à Ixelles. Une partie du plafond est tombée, avant que les vapeurs de solvant ne provoquent une explosion.",
    "Le bourgmestre de Molenbeek a présenté ce lundi le bilan de la sécurité dans sa commune. Pour les coups de "
    "couteau, cela est plus complexe à chiffrer.",
])
def test_solvent_blasts_and_counts_hard_to_quantify_are_no_incident(run_project, text: str) -> None:
    pred = run_project(text, published="2026-06-08")
    assert not pred["in_scope"], pred["incidents"]


@pytest.mark.parametrize("lang, text, expected", [
    # a soldier's or police officer's shots kill the attacker: the attacker's death counts, beside the injured
    ("fr", "Vendredi soir, un homme a attaqué trois militaires au couteau boulevard Anspach à Bruxelles. Un des "
           "militaires a ouvert le feu. Il a été touché à deux reprises et est décédé à l'hôpital. Deux militaires "
           "ont été légèrement blessés.", (1, 2)),
    ("nl", "Een man heeft zondag in de Dansaertstraat in Brussel met een mes agenten aangevallen. De politie opende "
           "het vuur. De veertiger zou meermaals geraakt zijn en overleed ter plaatse.", (1, 0)),
    # "his wife" before the verb is one victim
    ("nl", "In Ukkel is een man opgepakt omdat hij zijn vriendin vanochtend in hun woning heeft doodgestoken.", (1, 0)),
    # "verschillende messteken" counts wounds, not victims: the victim stabbed and who died is one, killed
    ("nl", "Bij een steekpartij in de Kolonel Picquartlaan in Schaarbeek kreeg een man zondag verschillende "
           "messteken en werd zwaargewond naar het ziekenhuis gebracht. Daar overleed hij.", (1, 0)),
])
def test_counts_of_a_single_victim_or_attacker(run_project, lang: str, text: str, expected: tuple) -> None:
    inc = only(run_project(text, lang=lang, published="2026-06-08"))
    assert (inc["killed"], inc["injured"]) == expected


def test_links_to_related_articles_are_background(run_project) -> None:
    text = ("In einem Park in Molenbeek hat ein Mann am Sonntag Polizisten mit einem Messer angegriffen. Die Beamten "
            "wurden nicht verletzt. Zum Thema: Drei Verletzte nach Messerangriff in Lüttich")
    inc = only(run_project(text, lang="de", published="2026-06-08"))
    assert (inc["killed"], inc["injured"]) == (0, 0)


def test_a_victim_told_as_shot_is_one_of_the_dead(run_project) -> None:
    text = ("A gunman shot dead a lawyer and a clerk in an office on Avenue Louise in Ixelles on Sunday morning. Two "
            "people died. The lawyer was shot in the head, police said.")
    inc = only(run_project(text, lang="en", published="2026-06-08"))
    assert (inc["killed"], inc["injured"]) == (2, 0)


def test_a_round_up_s_totals_are_no_one_incident_s_counts(run_project) -> None:
    text = ("Bij twee steekpartijen in Anderlecht en Sint-Gillis zijn zondagavond een dode en drie gewonden gevallen. "
            "Het eerste incident vond omstreeks 19 uur plaats op het Rouppeplein in Anderlecht. Daar raakten drie "
            "mannen gewond bij een steekpartij. Een half uur later vond een tweede steekpartij plaats op het "
            "Bethlehemplein in Sint-Gillis. Die kostte het leven aan een jongeman van 20.")
    pred = run_project(text, lang="nl", published="2026-06-08")
    counts = {i["commune"]: (i["killed"], i["injured"]) for i in pred["incidents"]}
    assert counts == {"Anderlecht": (0, 3), "Saint-Gilles": (1, 0)}


def test_another_incident_told_with_its_victims_opens_its_own(run_project) -> None:
    text = ("Two stabbings in Brussels on Sunday evening. Two people were stabbed in Molenbeek, on Rue de Ribaucourt. "
            "In another fight, "
            "unrelated, three people were injured in Jette.")
    pred = run_project(text, lang="en", published="2026-06-08")
    counts = {i["commune"]: i["injured"] for i in pred["incidents"]}
    assert counts == {"Molenbeek-Saint-Jean": 2, "Jette": 3}


@pytest.mark.parametrize("lang, text, expected", [
    # "a reçu des coups de couteau" is an injury; "par deux individus" counts the attackers
    ("fr", "Dimanche soir, rue de Brabant à Schaerbeek, un homme a reçu plusieurs coups de couteau, porté par deux "
           "individus qui ont pris la fuite.", (0, 1)),
    ("fr", "Dimanche soir, une rixe a coûté la vie à un jeune homme de 19 ans rue de Brabant à Schaerbeek.", (1, 0)),
    ("nl", "Het slachtoffer werd zondagavond in de Brabantstraat in Schaarbeek aangevallen door een of meerdere "
           "daders en kreeg verschillende messteken.", (0, 1)),
])
def test_wounds_received_and_lives_claimed(run_project, lang: str, text: str, expected: tuple) -> None:
    inc = only(run_project(text, lang=lang, published="2026-06-08"))
    assert (inc["killed"], inc["injured"]) == expected


def test_another_incident_on_its_own_day_is_a_second_incident(run_project) -> None:
    text = ("La façade d'une maison de Forest a été la cible de tirs dimanche matin, avenue Van Volxem. Il n'y a pas eu "
            "de blessé. Une autre maison, à Forest également, avait été la cible de coups de feu dans la nuit de "
            "jeudi à vendredi.")
    pred = run_project(text, published="2026-06-08")
    assert sorted(i["date"] for i in pred["incidents"]) == ["2026-06-05", "2026-06-07"], pred["incidents"]


def test_a_round_up_s_sentence_about_another_commune_stays_out(run_project) -> None:
    text = ("Deux agressions au couteau ont eu lieu dimanche soir à Bruxelles. Vers 19h, un homme a été poignardé rue "
            "de Brabant à Schaerbeek. Deux autres personnes ont été blessées à Jette. Vers 20h, à Jette, des coups de "
            "couteau ont été échangés place Cardinal Mercier.")
    pred = run_project(text, published="2026-06-08")
    counts = {i["commune"]: (i["killed"], i["injured"]) for i in pred["incidents"]}
    assert counts["Schaerbeek"] == (0, 1), counts


def test_the_day_of_an_arrest_is_not_the_incident_s(run_project) -> None:
    text = ("Een man is gisterenavond in de Brabantstraat in Schaarbeek neergestoken. Hij overleed ter plaatse. De "
            "politie heeft vandaag een verdachte opgepakt.")
    inc = only(run_project(text, lang="nl", published="2026-06-08"))
    assert inc["date"] == "2026-06-07"
    assert (inc["killed"], inc["injured"]) == (1, 0)


@pytest.mark.parametrize("text, expected", [
    # "het aan de stok krijgen" is to quarrel, not a stick
    ("Bij een vechtpartij in de Brabantstraat in Schaarbeek raakte zondagavond een man gewond. De twee mannen "
     "hadden het met elkaar aan de stok gekregen.", None),
    ("Zondagavond liet een jongeman van 20 het leven bij een steekpartij in de Brabantstraat in Schaarbeek.",
     "knife"),
])
def test_dutch_idioms_of_fights_and_deaths(run_project, text: str, expected: str | None) -> None:
    inc = only(run_project(text, lang="nl", published="2026-06-08"))
    assert inc["weapon"] == expected
    if "het leven" in text:
        assert inc["killed"] == 1


def test_an_arrest_weeks_after_is_a_follow_up(run_project) -> None:
    text = ("In de nacht van 14 op 15 april werden twee jongemannen neergeschoten in de Brabantstraat in Schaarbeek. "
            "Het parket meldt dat de politie drie verdachten heeft opgepakt.")
    inc = only(run_project(text, lang="nl", published="2026-06-08"))
    assert (inc["date"], inc["commune"]) == ("2026-04-15", "Schaerbeek")


@pytest.mark.parametrize("text, expected", [
    # an Antwerp district: the article names Antwerp
    ("Dimanche vers 3h, un engin explosif a explosé devant une maison dans le district de Berchem, à Anvers.", None),
    # with no other town named, Berchem is Berchem-Sainte-Agathe
    ("Dimanche vers 3h, un engin explosif a explosé devant une maison à Berchem.", "Berchem-Sainte-Agathe"),
])
def test_berchem_is_in_brussels_unless_another_town_is_named(run_project, text: str, expected: str | None) -> None:
    pred = run_project(text, published="2026-06-08")
    communes = [i["commune"] for i in pred["incidents"]]
    assert communes == ([expected] if expected else []), pred


def test_a_bus_stop_is_no_arrest(run_project) -> None:
    # the day of a sentence telling an arrest is not the incident's (rule 55); a bus stop is no arrest
    text = ("Des coups de feu ont été tirés avenue Van Volxem, à Forest. Dimanche vers 22h, les policiers ont "
            "retrouvé un homme blessé à un arrêt de bus.")
    inc = only(run_project(text, published="2026-06-08"))
    assert (inc["commune"], inc["date"]) == ("Forest", "2026-06-07")


@pytest.mark.parametrize("lang, text", [
    ("fr", "Dimanche à 23h50, la zone de police Bruxelles Capitale-Ixelles a été appelée pour des coups de feu rue "
           "Steyls. Un homme a été blessé."),
    ("nl", "Zondag om 23.50 uur werd de politiezone Brussel Hoofdstad-Elsene opgeroepen voor schoten in de "
           "Steylsstraat. Een man raakte gewond."),
])
def test_the_police_zone_s_name_written_otherwise_is_no_commune(run_project, lang: str, text: str) -> None:
    assert only(run_project(text, lang=lang, published="2026-06-08"))["commune"] == "Bruxelles"


@pytest.mark.parametrize("text", [
    # a street of several communes, in the commune the sentence names
    "Dimanche soir, des coups de feu ont été tirés chaussée de Wavre, à hauteur de la place Jourdan, à Etterbeek.",
    # or in the one commune it shares with the other place named
    "Dimanche soir, des coups de feu ont été tirés dans une bijouterie chaussée de Wavre, dans le quartier de la "
    "Porte de Namur à Bruxelles.",
])
def test_a_street_of_several_communes_in_the_one_the_sentence_tells(run_project, text: str) -> None:
    inc = only(run_project(text, published="2026-06-08"))
    assert inc["commune"] == ("Etterbeek" if "Etterbeek" in text else "Ixelles")


def test_a_round_up_told_in_brussels_then_placed_and_timed_relative_to_the_last(run_project) -> None:
    # the incident told in Brussels is where the next sentence places it; "Une heure plus tard" is a time of its own
    text = ("À Bruxelles, des coups de feu ont blessé trois personnes dimanche lors de deux fusillades. Le premier "
            "incident a eu lieu vers 15h rue "
            "de Brabant à Schaerbeek. Un homme a été touché au bras. Une heure plus tard, sur le parvis de "
            "Saint-Gilles, des tirs sont partis d'une voiture. Un homme et son fils ont été blessés.")
    pred = run_project(text, published="2026-06-08")
    counts = {i["commune"]: i["injured"] for i in pred["incidents"]}
    assert counts == {"Schaerbeek": 1, "Saint-Gilles": 2}, pred["incidents"]


@pytest.mark.parametrize("lang, text", [
    ("de", "In Schaerbeek gingen in der Nacht zahlreiche Notrufe wegen vermeintlicher Schüsse ein. Es handelte sich "
           "um Böller."),
    ("en", "Two men held up a night shop on Avenue Van Volxem in Forest on Saturday. As they ran off, one of them "
           "fired a shot into the air. The cashier was unharmed."),
])
def test_supposed_shots_and_shots_in_the_air_are_no_shooting(run_project, lang: str, text: str) -> None:
    pred = run_project(text, lang=lang, published="2026-06-08")
    assert all(i["type"] != "shooting" for i in pred["incidents"]), pred["incidents"]


@pytest.mark.parametrize("lang, text, expected", [
    ("en", "A man stabbed a passer-by at Place Liedts in Schaerbeek on Sunday. One officer opened fire, hitting him "
           "in the thigh.", (0, 2)),
    ("de", "Der Mann, der am Sonntag am Liedtsplatz in Schaerbeek eine Passantin mit einem Messer verletzt hatte, "
           "war danach von der Polizei angeschossen worden.", (0, 2)),
    # the robber who fires hits the victim: no attacker hurt
    ("en", "Two robbers held up a jeweller on Chaussée d'Ixelles on Sunday. One of them fired a single shot, hitting "
           "him in the shoulder. The jeweller was taken to hospital.", (0, 1)),
    ("de", "In der Avenue Van Overbeke in Ganshoren explodierte am Sonntag ein Sprengsatz. Verletzte gab es keine.",
     (0, 0)),
])
def test_attackers_hit_by_police_and_nobody_hurt(run_project, lang: str, text: str, expected: tuple) -> None:
    inc = only(run_project(text, lang=lang, published="2026-06-08"))
    assert (inc["killed"], inc["injured"]) == expected


def test_a_written_date_wins_over_a_weekday_told_relative_to_it(run_project) -> None:
    text = ("A man has been arrested over the shooting at the Peterbos estate in Anderlecht on 14 May. In the early "
            "hours of that Saturday, a man was hit in the leg by a bullet.")
    inc = only(run_project(text, lang="en", published="2026-05-29"))
    assert inc["date"] == "2026-05-14"


@pytest.mark.parametrize("lang, text, expected", [
    ("nl", "Een man werd gisternamiddag neergestoken in de Brabantstraat in Schaarbeek.", "2026-06-07"),
    ("nl", "Een man werd zaterdagvoormiddag neergestoken in de Brabantstraat in Schaarbeek.", "2026-06-06"),
])
def test_dutch_day_words_with_part_of_day(run_project, lang: str, text: str, expected: str) -> None:
    assert only(run_project(text, lang=lang, published="2026-06-08"))["date"] == expected


def test_a_weekend_round_up_of_a_hold_up_and_a_body_found(run_project) -> None:
    text = ("A series of violent incidents across Brussels over the weekend. On Saturday evening, two men armed with a "
            "handgun held up a night shop on Avenue Van Volxem in Forest. On Sunday morning, the body of a "
            "46-year-old woman was found in her home in Watermael-Boitsfort.")
    pred = run_project(text, lang="en", published="2026-06-08")
    assert {(i["commune"], i["type"]) for i in pred["incidents"]} == {("Forest", "robbery"),
                                                                      ("Watermael-Boitsfort", "homicide")}


@pytest.mark.parametrize("lang, text, expected", [
    ("de", "In der Nacht hat es bei Schießereien in Brüssel einen Toten und einen Verletzten gegeben. Im Stadtteil "
           "Laeken wurde ein Mann schwer verletzt; er erlag später seinen Verletzungen. In Schaerbeek gab es eine "
           "zweite Schießerei, ein Mann wurde verletzt.",
     {"Bruxelles": (1, 0), "Schaerbeek": (0, 1)}),
    ("nl", "Zondagavond vonden in Brussel drie steekpartijen plaats. In Sint-Gillis werd een man neergestoken op het "
           "Bethlehemplein; hij overleed. Ook in Molenbeek viel een dodelijk slachtoffer.",
     {"Saint-Gilles": (1, 0), "Molenbeek-Saint-Jean": (1, 0)}),
])
def test_a_round_up_s_incident_told_only_by_its_victims(run_project, lang: str, text: str, expected: dict) -> None:
    pred = run_project(text, lang=lang, published="2026-06-08")
    assert {i["commune"]: (i["killed"], i["injured"]) for i in pred["incidents"]} == expected, pred["incidents"]
    assert len({i["type"] for i in pred["incidents"]}) == 1


def test_victims_in_another_commune_open_nothing_outside_a_round_up(run_project) -> None:
    # not a round-up: the death told in another commune is the same victim's, not one more incident
    text = ("Un homme a été poignardé dimanche soir rue de Brabant à Schaerbeek. Transporté à l'hôpital, il est décédé "
            "dans la nuit à Jette.")
    inc = only(run_project(text, published="2026-06-08"))
    assert (inc["commune"], inc["killed"], inc["injured"]) == ("Schaerbeek", 1, 0)


@pytest.mark.parametrize("lang, text", [
    ("fr", "Dimanche soir, un homme a été mortellement poignardé rue de Brabant à Schaerbeek."),
    ("nl", "Twee mannen kregen zondagavond ruzie in de Brabantstraat in Schaarbeek, waarop één van hen dodelijk werd "
           "neergestoken."),
    ("en", "On Sunday evening a man was fatally stabbed on Rue de Brabant in Schaerbeek."),
])
def test_an_injury_told_as_fatal_is_a_death(run_project, lang: str, text: str) -> None:
    inc = only(run_project(text, lang=lang, published="2026-06-08"))
    assert (inc["killed"], inc["injured"]) == (1, 0)


def test_a_road_that_runs_out_of_the_region_in_a_sentence_naming_only_an_outside_town(run_project) -> None:
    text = ("In Dilbeek is zondagavond een man gewond geraakt bij een schietpartij op de parking van een supermarkt "
            "langs de Ninoofsesteenweg.")
    pred = run_project(text, lang="nl", published="2026-06-08")
    assert not pred["in_scope"], pred["incidents"]


@pytest.mark.parametrize("lang, text", [
    ("en", "A car was destroyed by fire on Sunday in a car park on Boulevard de Smet de Naeyer in Jette. Police said "
           "there was no indication of criminal intent and no investigation for arson has been opened."),
    ("de", "In einer Tiefgarage in Jette ist am Sonntag ein Auto ausgebrannt. Die Polizei schließt Fremdverschulden "
           "aus, eine Brandstiftung wird nicht vermutet."),
])
def test_fires_told_as_accidents_are_no_arson(run_project, lang: str, text: str) -> None:
    pred = run_project(text, lang=lang, published="2026-06-08")
    assert not pred["in_scope"], pred["incidents"]


@pytest.mark.parametrize("lang, text, expected", [
    # a knife attack ended by a police officer's shot stays a stabbing; the attacker hit counts
    ("nl", "Op het Jourdanplein in Etterbeek zijn zondagavond twee jongeren neergestoken. Toen de dader de agenten "
           "met zijn mes bedreigde, loste een agent een schot en raakte hem in het been.", ("stabbing", 3)),
    # "injuring all three"
    ("en", "A driver deliberately drove into three people outside a bar on Rue Voot in Woluwe-Saint-Lambert on Sunday "
           "night, injuring all three.", ("assault", 3)),
    # a rampage drive; "Die Bilanz lautet: eine Tote und zwei Verletzte" is the toll; a charge is no killing's type
    ("de", "Nach der Amokfahrt vor einer Bar in Sint-Lambrechts-Woluwe am Sonntag ist eine Frau gestorben. Die "
           "Bilanz lautet damit: eine Tote und zwei Verletzte. Dem Fahrer wird Totschlag vorgeworfen.", ("assault", 2)),
])
def test_types_and_counts_from_probe_five(run_project, lang: str, text: str, expected: tuple) -> None:
    inc = only(run_project(text, lang=lang, published="2026-06-08"))
    assert (inc["type"], inc["injured"]) == expected


def test_the_day_near_a_crime_in_an_arrest_sentence_is_the_crime_s(run_project) -> None:
    text = ("Police have arrested two men suspected of robbing a pharmacy in Uccle last Tuesday. During the robbery, "
            "one of the men struck the pharmacist, who was treated in hospital for a head wound.")
    inc = only(run_project(text, lang="en", published="2026-06-08"))
    assert (inc["date"], inc["injured"]) == ("2026-06-02", 1)


@pytest.mark.parametrize("text, expected", [
    # "plusieurs blessés", and only one of them told: more were hurt than counted
    ("Une fusillade a fait plusieurs blessés cette nuit rue de Fierlant à Forest. Un homme a été touché à la cuisse.",
     None),
    ("Une fusillade a fait plusieurs blessés cette nuit rue de Fierlant à Forest. Trois hommes ont été blessés.", 3),
])
def test_a_vague_count_above_the_victims_told_is_no_count(run_project, text: str, expected: int | None) -> None:
    assert only(run_project(text, published="2026-06-08"))["injured"] == expected


def test_a_trial_lead_under_an_incident_title_is_a_trial_piece(run_project) -> None:
    text = ("Le procès de la fusillade de la rue Heyvaert s'est ouvert lundi devant le tribunal correctionnel. Un "
            "homme de 26 ans y comparaît, vingt mois après les faits. Ce soir-là, plusieurs coups de feu avaient été "
            "tirés sur un garage à Anderlecht; deux personnes avaient été blessées.")
    title = "Fusillade de la rue Heyvaert : « Je voulais juste lui faire peur », plaide le prévenu"
    pred = run_project(text, title=title, published="2026-06-08")
    assert not pred["in_scope"], pred["incidents"]


@pytest.mark.parametrize("lang, text", [
    ("de", "Die Polizeizonen arbeiten heute schon zusammen, bei jeder Schießerei in Saint-Gilles."),
    ("de", "Bei einem Wohnungsbrand in der Rue Josaphat in Schaerbeek ist in der Nacht ein Mann ums Leben gekommen. "
           "Die Feuerwehr schließt Brandstiftung aus: es gibt keinerlei Hinweise auf Brandstiftung."),
])
def test_every_shooting_and_arson_ruled_out_tell_no_incident(run_project, lang: str, text: str) -> None:
    pred = run_project(text, lang=lang, published="2026-06-08")
    assert not pred["in_scope"], pred["incidents"]


def test_one_of_the_two_before_a_long_clause_is_one(run_project) -> None:
    text = ("Two men were shot on Rue des Plébéiens in Anderlecht on Sunday evening. The prosecutor confirmed on "
            "Monday that one of the two men hit that evening has died of his injuries.")
    inc = only(run_project(text, lang="en", published="2026-06-09"))
    assert inc["killed"] == 1


@pytest.mark.parametrize("lang, text, expected", [
    ("de", "Ein 40-jähriger Mann wurde am Sonntagabend in einem Wohnhaus in Jette mit einem Messer erstochen. Zuletzt "
           "hatte im Frühjahr 2025 eine Schießerei in der Nähe des Boulevard de Smet de Naeyer für Aufsehen gesorgt. "
           "Die Bilanz des Abends: ein Toter und eine Verletzte.", ("stabbing", 1, 1)),
    ("fr", "Un homme a été poignardé dimanche soir dans un immeuble de Jette. Au printemps dernier, une fusillade avait "
           "fait un blessé boulevard de Smet de Naeyer.", ("stabbing", 0, 1)),
])
def test_an_earlier_season_is_background(run_project, lang: str, text: str, expected: tuple) -> None:
    inc = only(run_project(text, lang=lang, published="2026-06-08"))
    assert (inc["type"], inc["killed"], inc["injured"]) == expected
