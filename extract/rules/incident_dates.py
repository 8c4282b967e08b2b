"""When an incident happened (extract/README.md rules 10, 14): which date expression of its sentences
(found by rules/dates.py) is the incident day, and its time of day."""

from __future__ import annotations

import datetime as dt
import re

from extract.rules.model import Sentence, SentenceGroup



WRITTEN_MAX_AGE_DAYS = 31  # rule 59: a written date further back is background ("les attentats du 13 novembre 2015")


def pick_date(group: SentenceGroup, published: dt.date | None,
              lead: list[Sentence] = ()) -> tuple[dt.date | None, bool, str | None]:
    """Rules 10, 14: (incident day, found in text, time-of-day hint): the earliest day named in the incident's
    trigger sentences (within a week before publication), else in its other sentences, else in the article's first
    sentences; not the day something was said ("a indiqué lundi") nor when a state began ("depuis dimanche");
    else the publication day (not found in text)."""
    hour = next((h for s in group.trigger_sentences for h in s.hours), None)
    if hour is None:
        hour = next((h for s in group.sentences[:4] for h in s.hours), None)
    hint = None if hour is None else ("midnight" if hour == 24 else f"{hour}h")
    candidates: list[dt.date] = []
    written: list[dt.date] = []  # the candidates written as dates ("le 14 mars", "op 12 april")
    for group in (group.trigger_sentences, group.sentences, list(lead)):
        for s in group:
            said = [(c.start - s.start, c.end - s.start) for c in s.labels("REPORTING")]
            for d in s.dates:
                if any((0 <= d.start - e <= 15 and not re.search(r"[,.;:]", s.text[e:d.start]))
                       or 0 <= b - d.end <= 3 for b, e in said):
                    continue  # "a indiqué lundi", "said on Sunday", "am Sonntag mitteilte": when it was said
                if since(s, d.start):
                    continue  # "depuis dimanche", "seit Sonntag nicht mehr gesehen": when a state began
                if not s.triggers() and any(d.start - 30 <= a.end - s.start and a.start - s.start <= d.end + 30
                                            for a in s.labels("ARREST")):
                    continue  # "Un suspect a été interpellé mardi": when a suspect was arrested (rule 55)
                local_hour = s.hours[0] if s.hours else hour
                day = d.resolve(local_hour)
                if day is not None and (published is None or day <= published + dt.timedelta(days=1)):
                    candidates.append(day)
                    if d.kind == "absolute" and (published is None or (published - day).days <= WRITTEN_MAX_AGE_DAYS):
                        written.append(day)
        if candidates:
            break
    if written:
        # rule 59: a date written out ("on 14 March") is the incident's over a weekday told relative to it ("in the
        # early hours of that Saturday"), which would resolve to the last such day before publication
        candidates = written
    if candidates:
        recent = [d for d in candidates if published is None or (published - d).days <= 7]
        return (min(recent) if recent else min(candidates)), True, hint
    return published, False, hint


def since(s: Sentence, pos: int) -> bool:
    """Rule 10: whether the date at sentence offset `pos` follows a SINCE word ("depuis", "seit"), at most one word
    between ("depuis le", "sinds zondag"), within 12 characters."""
    return any(c.start - s.start >= pos - 12 and re.fullmatch(r"\s+(?:\w+\s+)?", s.text[c.end - s.start:pos])
               for c in s.labels("SINCE"))
