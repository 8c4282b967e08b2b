"""Casualty counts read before a casualty cue."""

import pytest

from extract.rules.numbers import VAGUE, count_after, count_before


def count(text: str, cue: str, lang: str):
    i = text.index(cue)
    return count_before(text, i, lang, cue)


@pytest.mark.parametrize("text,cue,lang,expected", [
    ("Deux voyageurs ont été blessés", "blessés", "fr", 2),
    ("Un homme de 23 ans a été blessé par balle", "blessé", "fr", 1),
    ("un mort et un blessé grave", "blessé", "fr", 1),
    ("trois blessés", "blessés", "fr", 3),
    ("plusieurs personnes ont été blessées", "blessées", "fr", VAGUE),
    ("une dizaine de blessés", "blessés", "fr", VAGUE),
    ("des personnes ont été blessées", "blessées", "fr", VAGUE),
    ("Twee mannen raakten gewond", "gewond", "nl", 2),
    ("Een tweede jongeman van 22 raakte gewond", "gewond", "nl", 1),
    ("enkele gewonden", "gewonden", "nl", VAGUE),
    ("rond 14 uur in de arm geraakt", "geraakt", "nl", 1),
    ("Three people were injured", "injured", "en", 3),
    ("a 19-year-old man was stabbed", "stabbed", "en", 1),
    ("several people were hurt", "hurt", "en", VAGUE),
    ("zwei Verletzte", "Verletzte", "de", 2),
    ("Ein Toter und ein Schwerverletzter", "Schwerverletzter", "de", 1),
    ("mehrere Verletzte", "Verletzte", "de", VAGUE),
    # a number that counts things is no plural subject: "à deux reprises" is how often he was hit, not by whom
    ("Il a été touché à deux reprises et est décédé", "décédé", "fr", 1),
    ("Hij werd drie keer geraakt en overleed", "overleed", "nl", 1),
    # "zijn" is "his" or an infinitive beside a singular verb, not "they are"
    ("De veertiger zou meermaals geraakt zijn en overleed", "overleed", "nl", 1),
    ("Hij heeft zijn vriendin in hun woning doodgestoken", "doodgestoken", "nl", 1),
    ("Ze zijn gewond", "gewond", "nl", None),
    ("Twee agenten zijn gewond", "gewond", "nl", 2),
])
def test_count_before(text, cue, lang, expected):
    assert count(text, cue, lang) == expected


def test_count_after_totals():
    text = "De dodentol stijgt daarmee tot twee."
    assert count_after(text, text.index("tot") + 3, "nl") == 2
