"""The words the rules ask about come from the lexicons (issue 12; extract/README.md "Data files"): cue spans tested
by position (SINCE, NEAR, SHOTS, RECAP, ARREST), and masks built per language, on sentences written for this test."""

from __future__ import annotations

from typing import Any

import pytest

from extract.rules.incident_dates import since
from extract.rules.model import Cue, Sentence


def sentence(text: str, *cues: tuple[str, str]) -> Sentence:
    """A sentence at doc offset 100 with a cue for the first occurrence of each (label, words)."""
    return Sentence(100, 100 + len(text), text, False,
                    [Cue(label, "", 100 + text.index(w), 100 + text.index(w) + len(w), w) for label, w in cues], [])


def test_since_needs_the_word_right_before_the_date() -> None:
    s = sentence("Il est porté disparu depuis dimanche soir.", ("SINCE", "depuis"))
    assert since(s, s.text.index("dimanche"))
    s = sentence("Seit dem Sonntag fehlt jede Spur.", ("SINCE", "Seit"))
    assert since(s, s.text.index("Sonntag"))  # one word between
    s = sentence("Depuis, la police a arrêté un homme lundi.", ("SINCE", "Depuis"))
    assert not since(s, s.text.index("lundi"))


def test_a_proximity_cue_counts_only_in_the_clause_before_the_name() -> None:
    s = sentence("Il a été touché à Drogenbos, non loin de la place Fernand Cocq.", ("NEAR", "non loin de"))
    assert s.near_before("NEAR", s.text.index("place"), 60)
    s = sentence("Non loin de là, à Drogenbos, un homme a été blessé place Fernand Cocq.", ("NEAR", "Non loin de"))
    assert not s.near_before("NEAR", s.text.index("place Fernand"), 60)


def test_inside_and_overlaps() -> None:
    s = sentence("Pour rappel, deux hommes avaient été blessés.", ("RECAP", "Pour rappel"), ("BACKGROUND", "rappel"))
    assert s.inside(s.labels("BACKGROUND")[0], "RECAP")
    s = sentence("Un suspect a été interpellé.", ("FOLLOWUP", "interpellé"), ("ARREST", "interpellé"))
    assert s.overlaps(s.labels("FOLLOWUP")[0], "ARREST")
    assert not s.overlaps(s.labels("ARREST")[0], "RECAP")


def only(pred: dict[str, Any]) -> dict[str, Any]:
    assert pred["in_scope"], pred.get("reason")
    assert len(pred["incidents"]) == 1, pred["incidents"]
    return pred["incidents"][0]


@pytest.mark.parametrize("lang, text, commune", [
    # where a suspect was arrested, where the offenders fled to: not where it happened, even named first
    ("fr", "Arrêté mardi à Jette, le tireur avait blessé par balle un homme lundi soir à Anderlecht.", "Anderlecht"),
    ("nl", "Richting Jette vluchtte de schutter die maandagavond in Anderlecht een man neerschoot.", "Anderlecht"),
    ("en", "Arrested on Tuesday in Jette, the suspect had stabbed a man on Monday evening in Ixelles.", "Ixelles"),
    ("de", "Festgenommen in Jette wurde am Dienstag der Täter, der am Montagabend in Schaerbeek einen Mann "
           "niedergestochen hatte.", "Schaerbeek"),
])
def test_masks_are_read_in_the_article_language(run_project, lang: str, text: str, commune: str) -> None:
    assert only(run_project(text, lang=lang))["commune"] == commune


def test_a_street_name_is_the_place(run_project) -> None:
    inc = only(run_project("Des coups de feu ont été tirés lundi soir rue Verheyden à Anderlecht. Un homme a été blessé."))
    assert inc["place"] == "rue Verheyden" and inc["commune"] == "Anderlecht"
