"""The facts rule on hand-made reports (no database)."""

from __future__ import annotations

import datetime as dt

from resolve.facts import incident_facts
from resolve.matching import Report, parse_details, pair_score


def rep(mid: str, at: int, **kw) -> Report:
    base = dict(mention_id=mid, type="shooting", date=dt.date(2026, 3, 4), commune="Anderlecht", place=None,
                killed=None, injured=None, weapon="firearm", confidence=0.5, reported_at=float(at),
                ref_day=dt.date(2026, 3, 4), article_id=mid.split(":")[0], ingested_at=float(at))
    base.update(kw)
    return Report.build(**base)


def test_casualties_from_latest_report_without_lowering_the_dead():
    facts = incident_facts([rep("a:0", 1, killed=0, injured=2), rep("b:0", 2, killed=1, injured=1),
                            rep("c:0", 3, killed=0, injured=2)])
    assert (facts.killed, facts.injured) == (1, 1)
    assert facts.provenance["killed"] == facts.provenance["injured"] == "b:0"


def test_injured_from_latest_when_the_death_report_has_none():
    facts = incident_facts([rep("a:0", 1, killed=1), rep("b:0", 2, injured=3)])
    assert (facts.killed, facts.injured) == (1, 3)


def test_type_weapon_commune_place_confidence():
    facts = incident_facts([
        rep("a:0", 1, type="homicide", weapon=None, commune="Bruxelles", place="Porte de Hal"),
        rep("b:0", 2, weapon="assault_rifle", commune="Saint-Gilles", place="Hallepoort"),
        rep("c:0", 3, commune=None, place="rue Haute"),
    ])
    assert facts.type == "shooting" and facts.weapon == "assault_rifle"
    assert facts.commune == "Saint-Gilles" and facts.police_zone == "Midi"
    assert facts.place == "Porte de Hal"  # two reports name it (in two languages): the earliest wording
    assert facts.confidence == 0.875


def test_details_parsing_is_forgiving():
    assert parse_details('{"time": "21h", "victim_ages": [23, "19", "x"], "place_id": 7}') == {
        "place_id": "7", "ages": frozenset({23, 19}), "minute": 21 * 60}
    assert parse_details("not json") == {"place_id": None, "ages": frozenset(), "minute": None}
    assert parse_details({"time": "99:00"})["minute"] is None
    assert parse_details({"time_of_day": "1h", "location": {"kind": "place", "id": "peterbos"}}) == {
        "place_id": "peterbos", "ages": frozenset(), "minute": 60}
    assert parse_details({"location": {"kind": "commune", "id": "anderlecht"}})["place_id"] is None


def test_place_ids_decide_when_present():
    a = rep("a:0", 1, place="Clemenceau", details={"place_id": "metro-clemenceau"})
    b = rep("b:0", 1, commune=None, place="le métro", details={"place_id": "metro-clemenceau"})
    assert pair_score(a, b, 2) >= 3.0
