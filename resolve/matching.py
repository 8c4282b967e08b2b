"""Does a mention describe the same real-world incident as another report? Hard conflicts, then evidence.

A pair is impossible when the types or weapons cannot describe one incident (stabbing vs shooting), the dates
are more than `window_days` apart, the communes differ (unless the same place and day: a corrected commune), or
a date is missing without strong place evidence. Otherwise the evidence adds up: same place (across languages,
see places.py), same commune, close dates, same victim ages, same time of day, same casualties. Different
places, ages or hours count against; different landmarks on the same day count less (reports of one scene name the
square or the street off it), so that the same commune, day and toll, or hour, still make one incident. An
undated report of the same named spot may count one person more or less than the others of that spot. A mention joins an incident when its best pair scores at least
`MATCH_THRESHOLD`, or when one incident is a clear best guess: nothing speaks against it, it scores at least
`WEAK_THRESHOLD` (same day and casualties, say) and beats every other candidate by `WEAK_MARGIN` (a report
without any location still finds the one incident of its kind that day).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import Any

from resolve.places import AREA_KINDS, gazetteer_place, is_named_place, place_agreement, place_key
from core.vocabulary import vocabulary

MATCH_THRESHOLD = 3.0
WEAK_THRESHOLD = 1.5
WEAK_MARGIN = 0.5
STRONG_PLACE = 0.5          # place agreement from which two places are taken as the same place
UNDATED_HORIZON_DAYS = 14   # an undated report may join an incident reported at most this long before/after

W_PLACE_SAME, W_PLACE_PARTIAL, W_PLACE_DIFFERENT = 3.0, 1.0, -1.5
W_PLACE_DIFFERENT_SAME_DAY = -1.0   # reports of one scene name different landmarks (the square, the street off it)
W_COMMUNE = 2.0
W_DATE = {0: 1.5, 1: 1.0, 2: 0.25}
W_AGES_SAME, W_AGES_DIFFERENT = 1.0, -1.0     # extracted ages and hours are noisy (suspects' ages, update
W_TIME_SAME, W_TIME_DIFFERENT = 1.0, -1.0     # times): weak evidence either way
W_CASUALTIES_SAME = 0.5
TIME_SAME_MINUTES, TIME_DIFFERENT_MINUTES = 90, 180

_TIME = re.compile(r"^\s*(\d{1,2})\s*(?:[:h.u]\s*(\d{2})?)?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Report:
    """One report of an incident (a mention, or the stored facts of an incident that lost its mentions)."""

    mention_id: str | None
    type: str
    date: dt.date | None
    commune: str | None
    place: str | None
    killed: int | None
    injured: int | None
    weapon: str | None
    confidence: float | None
    reported_at: float                # article publication (else ingestion) time, epoch seconds: orders reports
    ref_day: dt.date                  # incident date, else publication day: bounds undated matches
    ingested_at: float = 0.0          # when the pipeline first stored the article, epoch seconds
    article_id: str | None = None
    place_id: str | None = None
    ages: frozenset[int] = frozenset()
    minute: int | None = None         # time of day of the incident, minutes after midnight
    place_words: frozenset[str] = field(default=frozenset(), compare=False)
    place_is_area: bool = False       # the place is a district, not a spot
    anchored: bool = True             # ref_day is a real day (incident date or publication day), not ingestion
    priors: tuple[str, ...] = ()      # incidents its article was attached to before a re-extraction

    @classmethod
    def build(cls, **kw: Any) -> "Report":
        details = kw.pop("details", None)
        facts = parse_details(details)
        # a "place" that only names a commune or the city ("Anderlecht", "centre de Bruxelles") is no place
        words = place_key(kw.get("place")) if is_named_place(kw.get("place")) else frozenset()
        known = gazetteer_place(kw.get("place"))
        kw.setdefault("place_id", facts["place_id"] or (known[0] if known else None))
        kw.setdefault("ages", facts["ages"])
        kw.setdefault("minute", facts["minute"])
        return cls(place_words=words, place_is_area=bool(known and known[1] in AREA_KINDS), **kw)


def parse_details(details: Any) -> dict[str, Any]:
    """place id, victim ages and time of day from the extractor's `details` JSON (`place_id` or a `location` of
    kind place; `victim_ages`; `time` or `time_of_day`); missing or odd values -> empty."""
    if isinstance(details, str):
        try:
            details = json.loads(details)
        except ValueError:
            details = None
    if not isinstance(details, dict):
        details = {}
    place_id = details.get("place_id")
    location = details.get("location")
    if not place_id and isinstance(location, dict) and location.get("kind") == "place":
        place_id = location.get("id")
    ages = details.get("victim_ages") or details.get("ages") or []
    if not isinstance(ages, list):
        ages = [ages]
    clean_ages = frozenset(int(a) for a in ages if isinstance(a, (int, float)) or (isinstance(a, str) and a.isdigit()))
    when = details.get("time") if details.get("time") is not None else details.get("time_of_day")
    return {"place_id": str(place_id) if place_id else None, "ages": clean_ages, "minute": _minute(when)}


def _minute(value: Any) -> int | None:
    if isinstance(value, int) and 0 <= value < 24 * 60:
        return value
    if not isinstance(value, str):
        return None
    m = _TIME.match(value)
    if not m or int(m.group(1)) > 24:
        return None
    return (int(m.group(1)) % 24) * 60 + int(m.group(2) or 0)


def _place_evidence(a: Report, b: Report) -> float | None:
    """1.0 same place, partial share, 0.0 different places, None when a place is unknown or one is an area
    (a district neither confirms nor contradicts a street)."""
    if a.place_id and b.place_id and a.place_id == b.place_id:
        return 1.0
    agreement = place_agreement(a.place_words, b.place_words)
    if agreement is not None and agreement < STRONG_PLACE and (a.place_is_area or b.place_is_area):
        return None
    return agreement


def _communes_conflict(a: Report, b: Report, strong_place: bool) -> bool:
    """Different communes, unless it is the same place on (about) the same day: a corrected commune."""
    if not (a.commune and b.commune) or a.commune == b.commune:
        return False
    if not strong_place or a.date is None or b.date is None or abs((a.date - b.date).days) > 1:
        return True
    return bool(a.place_id and b.place_id and a.place_id != b.place_id)


def _other_place_other_day(a: Report, b: Report, place: float | None) -> bool:
    """Two different named spots (neither a district) on two different days: two incidents."""
    return (place == 0 and a.date is not None and b.date is not None and a.date != b.date
            and not (a.place_is_area or b.place_is_area))


def casualties_compatible(a: Report, b: Report) -> bool:
    """Counts that can describe the same victims: unknown on either side, the same dead, the same number of
    victims (an injured victim who died moves from injured to killed), or, when both report deaths, one person more
    or less (an attacker counted by one report and not by the other)."""
    if None in (a.killed, a.injured, b.killed, b.injured):
        return True
    return (a.killed == b.killed or a.killed + a.injured == b.killed + b.injured
            or (min(a.killed, b.killed) > 0 and abs(a.killed + a.injured - b.killed - b.injured) <= 1))


def casualties_close(a: Report, b: Report) -> bool:
    """Compatible counts, or one person more or less in all (one report counts the attacker or a bystander
    lightly hurt, the other not): what two reports of the same spot may disagree on."""
    if casualties_compatible(a, b):
        return True
    return abs(a.killed + a.injured - b.killed - b.injured) <= 1  # type: ignore[operator]


def _undated_match(a: Report, b: Report, strong_place: bool) -> bool:
    """A report without a date joins only on strong evidence: the same named spot (not a district, not the
    commune alone) and close casualties; within UNDATED_HORIZON_DAYS when both have a real day (a report
    with neither a date nor a publication day is anchored to nothing and may join any day)."""
    if not strong_place or a.place_is_area or b.place_is_area or not casualties_close(a, b):
        return False
    return not (a.anchored and b.anchored) or abs((a.ref_day - b.ref_day).days) <= UNDATED_HORIZON_DAYS


def _fits(a: Report, b: Report) -> bool:
    """Whether the two reports' types and weapons can describe one incident (core/data/vocabulary.json)."""
    vocab = vocabulary()
    return vocab.types_compatible(a.type, b.type, a.weapon, b.weapon) and vocab.weapons_compatible(a.weapon, b.weapon)


def conflicts(a: Report, b: Report) -> bool:
    """Reports that cannot be one incident whatever their dates: type, weapon or commune disagree."""
    if not _fits(a, b):
        return True
    place = _place_evidence(a, b)
    if _other_place_other_day(a, b, place):
        return True
    if not (a.commune and b.commune) or a.commune == b.commune:
        return False
    return _communes_conflict(a, b, _strong(place))


def _strong(place: float | None) -> bool:
    """Place evidence from which two places are taken as the same place."""
    return place is not None and place >= STRONG_PLACE


def _same_spot(a: Report, b: Report) -> bool:
    return _strong(_place_evidence(a, b))


def pair_evidence(a: Report, b: Report, window_days: int) -> tuple[float, bool] | None:
    """(evidence that two reports describe one incident, whether any evidence speaks against it); None when
    they cannot be one incident."""
    if not _fits(a, b):
        return None
    place = _place_evidence(a, b)
    strong_place = _strong(place)
    if _communes_conflict(a, b, strong_place) or _other_place_other_day(a, b, place):
        return None
    if a.date is not None and b.date is not None:
        gap = abs((a.date - b.date).days)
        if gap > window_days:
            return None
    else:
        gap = None
        if not _undated_match(a, b, strong_place):
            return None
    score = W_COMMUNE if a.commune and a.commune == b.commune else 0.0
    against = False
    if place is not None:
        different = W_PLACE_DIFFERENT_SAME_DAY if gap == 0 else W_PLACE_DIFFERENT
        score += W_PLACE_SAME if strong_place else (W_PLACE_PARTIAL if place > 0 else different)
        against |= place == 0
    if gap is not None:
        score += W_DATE.get(gap, 0.0)
    if a.ages and b.ages:
        score += W_AGES_SAME if a.ages & b.ages else W_AGES_DIFFERENT
        against |= not a.ages & b.ages
    if a.minute is not None and b.minute is not None:
        apart = abs(a.minute - b.minute)
        apart = min(apart, 24 * 60 - apart)
        if apart <= TIME_SAME_MINUTES:
            score += W_TIME_SAME
        elif apart > TIME_DIFFERENT_MINUTES:
            score += W_TIME_DIFFERENT
            against = True
    if a.killed is not None and a.killed == b.killed and a.injured is not None and a.injured == b.injured:
        score += W_CASUALTIES_SAME
    return score, against


def pair_score(a: Report, b: Report, window_days: int) -> float | None:
    """Evidence that two reports describe one incident; None when they cannot."""
    found = pair_evidence(a, b, window_days)
    return None if found is None else found[0]


def cluster_evidence(report: Report, members: list[Report], window_days: int,
                     guards: list[Report] | None = None) -> tuple[float, bool] | None:
    """The best pair evidence of `report` against an incident's reports; None if no pair fits or any report
    conflicts with it on type, weapon, commune or place and day (one vague report must not let a mention past
    the others). `guards`, when given, are the reports checked for conflicts (else `members`)."""
    if any(conflicts(report, g) for g in (members if guards is None else guards)):
        return None
    if report.date is None and not all(casualties_close(report, m) for m in members if _same_spot(report, m)):
        return None  # an undated report must fit the victims of every report of its spot, not of one of them
    best: tuple[float, bool] | None = None
    for member in members:
        found = pair_evidence(report, member, window_days)
        if found is not None and (best is None or found[0] > best[0]):
            best = found
    return best


def cluster_score(report: Report, members: list[Report], window_days: int) -> float | None:
    """The score part of cluster_evidence."""
    found = cluster_evidence(report, members, window_days)
    return None if found is None else found[0]
