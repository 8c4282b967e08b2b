"""An incident's facts from its reports (the facts rule; also in docs/ANALYSTS.md).

- type: the most specific mechanism any report gives (shooting > stabbing > explosion > arson > robbery >
  assault > homicide > other; a shooting later reported as a homicide stays a shooting).
- date: the most frequent reported date; ties -> the earliest.
- commune: from the most recent report naming one (a later article correcting the commune wins).
- place: the place named by most reports (same place across languages); ties -> the most specific (more
  distinctive words), then the earliest report; its wording is the earliest report's.
- killed / injured: from the most recent report that gives the highest death toll any current report gives:
  later reports update the counts, but the killed count never decreases unless the report that gave it is
  retracted (its article re-extracted without it). Injured comes from that report, else the latest that has it.
- weapon: the most specific (assault_rifle > firearm > other), ties -> the most recent.
- confidence: 1 - prod(1 - c) over reports (more independent reports, more confidence), at most 0.99.
- provenance: fact -> mention_id of the report that supplied it.
Reports are ordered by publication time (else ingestion time), then mention id.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from core.vocabulary import vocabulary
from gazetteer import police_zone
from resolve.matching import Report

DEFAULT_CONFIDENCE = 0.5
MAX_CONFIDENCE = 0.99
FACT_FIELDS = ("type", "date", "commune", "police_zone", "place", "killed", "injured", "weapon")


@dataclass
class Facts:
    type: str
    date: Any
    commune: str | None
    police_zone: str | None
    place: str | None
    killed: int | None
    injured: int | None
    weapon: str | None
    confidence: float
    provenance: dict[str, str]

    def key(self) -> tuple:
        """The facts whose change moves `last_updated`."""
        return tuple(getattr(self, f) for f in FACT_FIELDS)


def _order(r: Report) -> tuple:
    return (r.reported_at, r.mention_id or "")


def incident_facts(reports: list[Report]) -> Facts:
    """Combine the reports of one incident (at least one) into its facts."""
    if not reports:
        raise ValueError("an incident needs at least one report")
    chrono = sorted(reports, key=_order)
    prov: dict[str, str] = {}

    def note(fact: str, r: Report | None) -> None:
        if r is not None and r.mention_id:
            prov[fact] = r.mention_id

    kind_report = min(chrono, key=lambda r: vocabulary().type_priority(r.type))
    note("type", kind_report)

    dated = [r for r in chrono if r.date is not None]
    date, date_report = None, None
    if dated:
        counts = Counter(r.date for r in dated)
        date = min(counts, key=lambda d: (-counts[d], d))
        date_report = next(r for r in dated if r.date == date)
    note("date", date_report)

    commune_report = next((r for r in reversed(chrono) if r.commune), None)
    commune = commune_report.commune if commune_report else None
    note("commune", commune_report)
    note("police_zone", commune_report)

    placed = [r for r in chrono if r.place]
    place_report = None
    if placed:
        groups: dict[frozenset[str], list[Report]] = {}
        for r in placed:
            groups.setdefault(r.place_words or frozenset([r.place.lower()]), []).append(r)
        best = min(groups, key=lambda k: (-len(groups[k]), -len(k), _order(groups[k][0])))
        place_report = groups[best][0]
    note("place", place_report)

    with_killed = [r for r in chrono if r.killed is not None]
    killed, injured, casualty_report = None, None, None
    if with_killed:
        killed = max(r.killed for r in with_killed)
        casualty_report = next(r for r in reversed(with_killed) if r.killed == killed)
    note("killed", casualty_report)
    if casualty_report is not None and casualty_report.injured is not None:
        injured, injured_report = casualty_report.injured, casualty_report
    else:
        injured_report = next((r for r in reversed(chrono) if r.injured is not None), None)
        injured = injured_report.injured if injured_report else None
    note("injured", injured_report)

    weapon_report = max(reversed(chrono), key=lambda r: vocabulary().rank_of_weapon(r.weapon))
    weapon = weapon_report.weapon
    note("weapon", weapon_report if weapon else None)

    doubt = 1.0
    for r in reports:
        doubt *= 1.0 - min(max(r.confidence if r.confidence is not None else DEFAULT_CONFIDENCE, 0.0), 1.0)
    confidence = round(min(1.0 - doubt, MAX_CONFIDENCE), 4)

    return Facts(type=kind_report.type, date=date, commune=commune, police_zone=police_zone(commune),
                 place=place_report.place if place_report else None, killed=killed, injured=injured,
                 weapon=weapon, confidence=confidence, provenance=prov)
