"""From cue-annotated sentences to incident events (one per real incident an article reports): the orchestration.

Each step is a module named for what it decides (extract/README.md numbers the rules and names where each is):
- rules/scope.py: the article gate (negative or hedged titles, negative body) and which sentences count;
- rules/grouping.py: trigger sentences grouped into incidents, the title attached to its incident;
- rules/location.py: every location rule (masks, primary location, borrowed location, commune, place);
- rules/kinds.py: type and weapon (from the project vocabulary); rules/incident_dates.py: the incident day;
- rules/casualties.py: killed and injured; rules/confidence.py: the confidence;
- here: `build_events` (the steps in order), `make_event` (one incident's fields, dropped when outside the region,
  without a location or too old) and `merge_duplicates`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from extract.rules.casualties import count_casualties
from extract.rules.confidence import confidence
from extract.rules.dates import find_dates, find_hours
from extract.rules.grouping import attach_title, group_sentences, widen_single
from extract.rules.incident_dates import pick_date
from extract.rules.kinds import pick_context, pick_type, pick_weapon
from extract.rules.location import (Location, article_locations, location_key, pick_commune, pick_place,
                                    resolve_location)
from extract.rules.model import Sentence, SentenceGroup
from extract.rules.scope import article_gate, is_active, keep_recaps

AGES = re.compile(r"(\d{1,2})(?:\s?ans|[- ]jarige|\s?jaar|[- ]year[- ]old|[- ]Jährige\w*)")


def build_events(sentences: list[Sentence], published: dt.date | None, lang: str, body_start: int,
                 max_age_days: int = 3, followup_max_age_days: int = 90) -> tuple[list[dict[str, Any]], str | None]:
    """Rules 2-23 in order: incidents (dicts, offsets relative to the article text) and, when there are none, the
    reason."""
    title = [s for s in sentences if s.in_title]
    body = [s for s in sentences if not s.in_title]
    keep_recaps(sentences)
    for s in sentences:
        s.dates = [d for d in find_dates(s.text, lang, published)]
        s.hours = find_hours(s.text, lang)
    reason = article_gate(title, body)
    if reason is not None:
        return [], reason
    drop_generic_communes(sentences)

    title_communes = {location_key(loc) for s in title for loc in s.locations
                      if loc.kind in ("commune", "place", "postal") and loc.commune}
    multi = len(title_communes) > 1 or any(c.label == "MULTI" for s in sentences if not s.is_background
                                           for c in s.cues)
    # rule 61: "bei Schießereien in Brüssel", "lors de fusillades": a plural in the lead announces several incidents,
    # and gives the type of those told only by their victims
    lead_plural = [c.detail.split("/")[0] for s in title + body[:2] if not s.is_background
                   for c in s.labels("TRIGGER") if c.detail.endswith("/generic")]
    multi = multi or bool(lead_plural)
    round_up_kind = next((c.detail.split("/")[0] for s in sentences if s.labels("MULTI") and not s.is_background
                          for c in s.labels("TRIGGER")), lead_plural[0] if lead_plural else None)
    groups = group_sentences(body, multi)
    widen_single(groups, body)
    for group in groups:
        group.in_round_up = len(groups) > 1  # rule 50: its sentences that sum the incidents are no count of its own
    title_sent = title[0] if title else None
    if title_sent is not None and is_active(title_sent):
        # a title alone opens an incident unless the body told it in a negative context (an accident, a film...)
        body_negated = any(x.labels("TRIGGER") and not is_active(x) and not x.is_background for x in body)
        attach_title(title_sent, groups, body_negated)
    if not groups:
        return [], "no incident trigger"
    # an incident without a location of its own may take the one in the title or the lead, never one from far away
    article_locs = article_locations(title, body)
    accidental = blast_was_an_accident(sentences)
    events, reasons = [], []
    for group in groups:
        lead = [s for s in body[:3] if not s.is_background]
        ev, why = make_event(group, published, lang, body_start, article_locs, max_age_days, followup_max_age_days,
                             single=len(groups) == 1, lead=lead, round_up_kind=round_up_kind)
        if ev is not None and accidental and ev["type"] in ACCIDENT_TYPES:
            ev, why = None, "accident: the blast or fire is told as an accident (gas)"
        if ev is None:
            reasons.append(why)
        else:
            events.append(ev)
    events = merge_duplicates(events)
    return events, (None if events else "; ".join(sorted(set(r for r in reasons if r))) or "no incident")


def drop_generic_communes(sentences: list[Sentence]) -> None:
    """Rule 56: a commune's short name that a town elsewhere uses too ("Berchem", a district of Antwerp) is no
    location in an article that names a town outside the region ("De nouvelles explosions à Anvers ... à Berchem")."""
    if any(loc.kind == "outside" for s in sentences for loc in s.locations):
        for s in sentences:
            s.locations = [loc for loc in s.locations if not (loc.kind == "commune" and loc.generic)]


TITLE_FOLLOWUP_MAX_AGE_DAYS = 366
ACCIDENT_TYPES = ("explosion", "arson")


def blast_was_an_accident(sentences: list[Sentence]) -> bool:
    """Rule 40: an explosion or fire whose cause the article tells as an accident in the same sentence ("une fuite de
    gaz est à l'origine de l'explosion", "an explosion caused by gas bottles") is no incident (SCHEMA: gas explosions
    and accidental fires are out of scope)."""
    return any(not s.is_background and any(c.detail == "accident" for c in s.labels("NEG"))
               and any(c.detail.split("/")[0] in ACCIDENT_TYPES for c in s.triggers()) for s in sentences)


def make_event(group: SentenceGroup, published: dt.date | None, lang: str, body_start: int,
               article_locs: list[Location], max_age: int, followup_max_age: int, single: bool,
               lead: list[Sentence] = (), round_up_kind: str | None = None) -> tuple[dict[str, Any] | None, str | None]:
    """Rules 4, 5 (and 7-11 through the pickers): one incident's fields, or None and why: no location, outside the
    region, or older than `max_age` days before publication (`followup_max_age` in a follow-up)."""
    loc = resolve_location(group, article_locs, single)
    if loc is None:
        return None, "no location"
    if loc.kind == "outside":
        return None, f"outside the region: {loc.text}"
    if any(s.triggers() for s in group.trigger_sentences):
        kind, strength = pick_type(group)
    elif round_up_kind is not None:
        kind, strength = round_up_kind, 0.5  # rule 61: an incident told by its victims takes the round-up's type
    else:
        return None, "no incident trigger"
    day, date_found, hour_hint = pick_date(group, published, lead)
    followup = any(s.labels("FOLLOWUP") for s in group.sentences)
    # rule 27: a title that is itself the follow-up ("Verdachte opgepakt in onderzoek naar schietpartij") reports new
    # facts on its incident whatever its age (a year at most); a trial or an anniversary never gets here (rule 2)
    title_followup = any(s.in_title and s.labels("FOLLOWUP") for s in group.sentences)
    if day is not None and published is not None:
        age = (published - day).days
        limit = TITLE_FOLLOWUP_MAX_AGE_DAYS if title_followup else followup_max_age if followup else max_age
        if age > limit:
            return None, f"older incident ({day.isoformat()})"
    killed, injured = count_casualties(group, lang)
    commune = pick_commune(group, loc)
    place = pick_place(group, commune)
    weapon = pick_weapon(group, kind)
    evidence = []
    for s in group.trigger_sentences or group.sentences:
        if s.in_title:
            continue
        text = s.text.rstrip()
        evidence.append({"text": text, "start": s.start - body_start, "end": s.start - body_start + len(text)})
    score = confidence(strength, commune, loc.kind, date_found, killed, injured, weapon,
                       any(s.in_title for s in group.trigger_sentences))
    ages = sorted({int(m.group(1)) for s in group.sentences for m in AGES.finditer(s.text)})
    details = {
        "time_of_day": hour_hint,
        "victim_ages": ages,
        "follow_up": followup,
        "date_from_text": date_found,
        "location": {"kind": loc.kind, "id": loc.ident, "text": loc.text},
        "triggers": sorted({c.text.lower() for s in group.trigger_sentences for c in s.triggers()}),
        "context": pick_context(group),
    }
    return {
        "type": kind,
        "date": day.isoformat() if day else None,
        "commune": commune,
        "place": place,
        "killed": killed,
        "injured": injured,
        "weapon": weapon,
        "confidence": score,
        "evidence": evidence,
        "details": details,
    }, None


def merge_duplicates(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rule 6: events of one article with the same commune, type and date (and the same place, or one unknown) are
    one incident: the later one's evidence joins the first."""
    out: list[dict[str, Any]] = []
    for ev in events:
        same = next((o for o in out if o["commune"] == ev["commune"] and o["type"] == ev["type"]
                     and o["date"] == ev["date"] and (o["place"] == ev["place"] or None in (o["place"], ev["place"]))),
                    None)
        if same is None:
            out.append(ev)
        else:
            same["evidence"].extend(ev["evidence"])
    return out
