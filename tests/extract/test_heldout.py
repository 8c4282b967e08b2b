"""Held-out sets, annotated by ../shared/eval/SCHEMA.md and scored like `incidents eval` (project gazetteer, incident
ids from the resolver); the floors sit a little below the scores reached, so a regression fails the suite.
- heldout.jsonl: 48 fictional Brussels news articles (12 per language) written blind, before reading the extractor;
- heldout_probe.jsonl: 56 more (14 per language) written in three batches after rounds of fixes, to probe them;
- heldout_probe4.jsonl: 32 more (8 per language) in the outlets' manner (round-ups, follow-ups, hard negatives, 5
  without a publication day), written blind to the rules by a helper who read only SCHEMA: rules-1.9 before any
  fix from it scored incident F1 0.815 (now a tuning set: rules 58, 59 and lexicon entries came from it);
- heldout_probe5.jsonl: 40 more (10 per language), the same way, with 6 undated and 4 untitled captures and long
  follow-ups: 0.831 before any fix from it (now a tuning set: rule 63 and lexicon entries came from it);
- heldout_probe6.jsonl: 32 long reports (8 per language: background paragraphs, trials, anniversaries, casualties
  told piecemeal): 0.875 before any fix from it (now a tuning set: rule 65 came from it);
- heldout_probe7.jsonl: 24 more (6 per language), a week of news the same way, written blind after the last rule of
  rules-1.9 and never tuned on: the one held-out measure of rules-1.9 (incident F1 0.842, in-scope 1.0)."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pytest

from core.vocabulary import INCIDENT_TYPES
from gazetteer import commune_names

HELDOUT = Path(__file__).resolve().parent / "fixtures" / "heldout.jsonl"
PROBE = Path(__file__).resolve().parent / "fixtures" / "heldout_probe.jsonl"
PROBE4 = Path(__file__).resolve().parent / "fixtures" / "heldout_probe4.jsonl"
PROBE5 = Path(__file__).resolve().parent / "fixtures" / "heldout_probe5.jsonl"
PROBE6 = Path(__file__).resolve().parent / "fixtures" / "heldout_probe6.jsonl"
PROBE7 = Path(__file__).resolve().parent / "fixtures" / "heldout_probe7.jsonl"
COMMUNES = set(commune_names())
TYPES = set(INCIDENT_TYPES)
WEAPONS = {"assault_rifle", "firearm", "knife", "explosive", "blunt", "vehicle", "other", None}

# overall floors (one error in about 30 incidents costs ~0.03)
FLOORS = {"in_scope_f1": 0.95, "incident_f1": 0.95, "date_pm1": 0.95, "date_exact": 0.93, "commune": 0.95,
          "killed": 0.93, "injured": 0.93, "weapon": 0.95, "dedup_f1": 0.95}
LANGUAGE_FLOOR = 0.85  # in-scope and incident F1 per language (7 to 9 incidents each)


def _gold(path: Path = HELDOUT) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _report(gold: list[dict[str, Any]]) -> dict[str, Any]:
    from extract.api import extract_articles
    from evaluation.score import evaluate
    from flows.stages import assign_incident_ids

    preds = list(extract_articles(gold))
    preds = assign_incident_ids(gold, preds, None)
    return evaluate(gold, preds, with_errors=True)


@functools.lru_cache(maxsize=None)
def scored(path: Path = HELDOUT) -> dict[str, Any]:
    """The scores of one held-out file, computed once per test session."""
    return _report(_gold(path))


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    return scored(HELDOUT)


@pytest.mark.parametrize("path,per_language", [(HELDOUT, 12), (PROBE, 14), (PROBE4, 8), (PROBE5, 10), (PROBE6, 8),
                                                   (PROBE7, 6)])
def test_heldout_gold_is_well_formed(path: Path, per_language: int) -> None:
    gold = _gold(path)
    assert {lang: sum(a["language"] == lang for a in gold) for lang in ("fr", "nl", "en", "de")} == \
        dict.fromkeys(("fr", "nl", "en", "de"), per_language)
    assert len({a["id"] for a in gold}) == len(gold) == 4 * per_language
    for a in gold:
        assert a["in_scope"] == bool(a["incidents"]), a["id"]
        assert a["url"].startswith("https://") and ".example.org/" in a["url"], a["id"]
        for inc in a["incidents"]:
            assert inc["type"] in TYPES and inc["weapon"] in WEAPONS, a["id"]
            assert inc["commune"] in COMMUNES | {None}, a["id"]
            assert inc["date"] is None or inc["incident_key"].startswith(inc["date"]), a["id"]


def _below_floors(report: dict[str, Any], **floors: float) -> dict[str, tuple[float, float]]:
    got = {"in_scope_f1": report["in_scope"]["f1"], "incident_f1": report["incidents"]["f1"],
           "dedup_f1": report["dedup_pairwise"]["f1"], **report["fields"]}
    return {k: (round(got[k], 3), floor) for k, floor in {**FLOORS, **floors}.items() if got[k] < floor}


def assert_above_floors(path: Path, **floors: float) -> None:
    report = scored(path)
    low = _below_floors(report, **floors)
    assert not low, f"below floor (score, floor): {low}; errors: {json.dumps(report.get('errors'))[:2000]}"


def test_heldout_scores_stay_above_floors() -> None:
    assert_above_floors(HELDOUT)


def test_probe_scores_stay_above_floors() -> None:
    # left: two type calls (a woman set on fire: arson vs assault; police shots at a car that rammed officers:
    # shooting vs assault), and the resolver merges two stabbings on the parvis de Saint-Gilles two days apart
    assert_above_floors(PROBE, incident_f1=0.9, dedup_f1=0.75)


def test_probe4_scores_stay_above_floors() -> None:
    # left: "rue Heyvaert, à la frontière entre Anderlecht et Molenbeek, côté molenbeekois" keeps the street's commune
    assert_above_floors(PROBE4, commune=0.95, dedup_f1=0.95)


def test_probe5_scores_stay_above_floors() -> None:
    # left: victims told one sentence at a time ("the driver was hit ... a police officer was lightly hurt") count the
    # largest number told, not their sum (summing broke real reports that restate a total)
    assert_above_floors(PROBE5, in_scope_f1=0.97, injured=0.82, dedup_f1=0.93)


def test_probe6_scores_stay_above_floors() -> None:
    # left: "j'ai cru que c'était une explosion de gaz" (a witness's first thought) read as an accident; injured told
    # one by one without a number; a weapon from a background line about the same square
    assert_above_floors(PROBE6, in_scope_f1=0.95, killed=0.93, injured=0.82, weapon=0.93, dedup_f1=0.9)


def test_probe7_scores_stay_above_floors() -> None:
    # never tuned on (its errors are left as found): a round-up's paragraphs mixed (an Evere beating and an Uccle
    # hold-up; two shootings of one night), an arrest address taken for the scene, "à Bruxelles" beside the gare du
    # Nord, a companion "leicht verletzt" and "no one else was hurt" beside the one victim
    assert_above_floors(PROBE7, incident_f1=0.82, commune=0.8, injured=0.78, weapon=0.9)


@pytest.mark.parametrize("lang", ["fr", "nl", "en", "de"])
def test_heldout_per_language(report: dict[str, Any], lang: str) -> None:
    part = report["by_language"][lang]
    assert part["in_scope"]["f1"] >= LANGUAGE_FLOOR, part["in_scope"]
    assert part["incidents"]["f1"] >= LANGUAGE_FLOOR, part["incidents"]
