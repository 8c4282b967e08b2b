"""Incident dates: find date expressions in a sentence and resolve them against the publication day.

Conventions (../shared/eval/SCHEMA.md, "Dates"):
- relative days ("hier", "gisteravond", "yesterday", "gestern") count back from the publication day;
- a weekday ("mercredi soir", "on Tuesday", "am Freitagabend") is the latest such day on or before publication
  ("samedi dernier" / "last Saturday": strictly before);
- a night spanning two days ("dans la nuit de samedi à dimanche", "in de nacht van dinsdag op woensdag",
  "cette nuit", "vannacht", "in der Nacht zum Samstag") is the later day, unless an hour says otherwise:
  an hour from noon on gives the first day, an hour before noon (or "minuit") the later day;
- "ce week-end" / "dit weekend" / "this weekend" / "am Wochenende": the latest Sunday on or before publication
  (Saturday when published on a Saturday);
- absolute dates ("le samedi 30 mai 2026", "op 12 april", "on 12 April", "am 12. April") take the year written,
  else the publication year (the previous year if that would put the date after publication);
- without a publication day only absolute dates with a year resolve, or with a weekday ("le samedi 23 mars": the
  latest year, up to today, in which that day was a Saturday; rule 60); everything else is None.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "dates.json"
WEEKDAY_SUFFIXES = r"(?:avond|ochtend|morgen|middag|namiddag|voormiddag|nacht|abend|nachmittag|vormittag|mittag)?"
DAYPART_EN = r"(?:\s+(?P<part>night|evening|morning|afternoon))?"


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    kind: str                      # absolute | relative | weekday | night
    day: dt.date | None            # the resolved day (for a night: the later day)
    first_day: dt.date | None = None  # a night's first day; None otherwise

    def resolve(self, hour: int | None) -> dt.date | None:
        """The incident day given the hour found near this mention (24 = midnight)."""
        if self.kind == "night" and hour is not None and 12 <= hour < 24 and self.first_day is not None:
            return self.first_day
        return self.day


@lru_cache(maxsize=None)
def _tables(lang: str) -> dict:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    t = data.get(lang) or data["fr"]
    wd = "|".join(t["weekdays"])
    months = "|".join(sorted(t["months"], key=len, reverse=True))
    rel = "|".join(re.escape(k) for k in sorted(t["relative"], key=len, reverse=True))
    out = dict(t)
    out["re_night_between"] = re.compile(t["night_between"].format(wd=wd), re.I) if t["night_between"] else None
    out["re_night_of"] = re.compile(t["night_of"].format(wd=wd), re.I) if t["night_of"] else None
    out["re_relative"] = re.compile(rf"(?<!\w)(?:{rel})(?!\w)", re.I)
    last = "|".join(t["last"])
    out["re_weekday"] = re.compile(
        rf"(?<!\w)(?:(?P<last1>{last})\s+)?(?P<wd>{wd}){WEEKDAY_SUFFIXES}(?!\w)"
        rf"{DAYPART_EN if lang == 'en' else ''}(?:\s+(?P<last2>{last}|prochain|prochaine|volgende|next|nächsten|kommenden))?",
        re.I)
    out["re_absolute"] = re.compile(
        rf"(?<!\w)(?:(?P<wd>{wd}),?\s+)?(?P<d>\d{{1,2}})(?:er|e|\.)?\s+(?P<m>{months})(?:\s+(?P<y>(?:19|20)\d\d))?(?!\w)"
        rf"|(?<!\w)(?P<m2>{months})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y2>(?:19|20)\d\d))?(?!\w)"
        rf"|(?<!\d)(?P<d3>\d{{1,2}})[/.](?P<m3>\d{{1,2}})[/.](?P<y3>(?:19|20)\d\d)(?!\d)",
        re.I)
    weekend = "|".join(re.escape(w) for w in sorted(t.get("weekend", []), key=len, reverse=True))
    out["re_weekend"] = re.compile(rf"(?<!\w)(?:{weekend})(?!\w)", re.I) if weekend else None
    out["weekday_index"] = {w: i for i, w in enumerate(t["weekdays"])}
    out["month_index"] = {m: i + 1 for i, m in enumerate(t["months"])}
    return out


def _latest_weekday(published: dt.date, weekday: int, strictly_before: bool = False) -> dt.date:
    delta = (published.weekday() - weekday) % 7
    if delta == 0 and strictly_before:
        delta = 7
    return published - dt.timedelta(days=delta)


def _year_of_weekday(day: int, month: int, weekday: int, today: dt.date | None = None) -> dt.date | None:
    """The latest date on or before `today`, at most YEARS_BACK years back, that is `day`/`month` and falls on
    `weekday`; None if there is none."""
    today = today or dt.date.today()
    for year in range(today.year, today.year - YEARS_BACK - 1, -1):
        try:
            date = dt.date(year, month, day)
        except ValueError:
            continue
        if date <= today and date.weekday() == weekday:
            return date
    return None


YEARS_BACK = 11  # a day and month fall on each weekday at least once in 11 years


def _absolute(m: re.Match, t: dict, published: dt.date | None) -> dt.date | None:
    if m.group("d3"):
        day, month, year = int(m.group("d3")), int(m.group("m3")), int(m.group("y3"))
    else:
        day = int(m.group("d") or m.group("d2"))
        month = t["month_index"].get((m.group("m") or m.group("m2")).lower())
        ys = m.group("y") or m.group("y2")
        if month is None:
            return None
        if ys:
            year = int(ys)
        elif published is None and m.group("wd"):
            # "le samedi 23 mars" in an undated capture: the latest year, up to today, in which that day was a
            # Saturday (the weekday fixes the year among the recent ones; news is read soon after it is written)
            return _year_of_weekday(day, month, t["weekday_index"][m.group("wd").lower()])
        elif published is not None:
            year = published.year
            try:
                if dt.date(year, month, day) > published + dt.timedelta(days=2):
                    year -= 1
            except ValueError:
                return None
        else:
            return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def find_dates(text: str, lang: str, published: dt.date | None) -> list[DateMention]:
    """Date expressions in `text`, in text order, resolved against `published` (None when unresolvable)."""
    t = _tables(lang)
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    def add(m: DateMention) -> None:
        taken.append((m.start, m.end))
        found.append(m)

    for m in t["re_absolute"].finditer(text):
        if free(m.start(), m.end()):
            add(DateMention(m.start(), m.end(), "absolute", _absolute(m, t, published)))
    wdi = t["weekday_index"]
    if t["re_night_between"] is not None:
        for m in t["re_night_between"].finditer(text):
            if free(m.start(), m.end()):
                d2 = _latest_weekday(published, wdi[m.group("d2").lower()]) if published else None
                add(DateMention(m.start(), m.end(), "night", d2, d2 - dt.timedelta(days=1) if d2 else None))
    if t["re_night_of"] is not None:
        for m in t["re_night_of"].finditer(text):
            if not free(m.start(), m.end()) or published is None:
                if free(m.start(), m.end()):
                    add(DateMention(m.start(), m.end(), "night", None))
                continue
            names = m.groupdict()
            if names.get("d2"):
                d2 = _latest_weekday(published, wdi[names["d2"].lower()])
            else:
                d1 = _latest_weekday(published, wdi[names["d1"].lower()])
                d2 = min(d1 + dt.timedelta(days=1), published)
            add(DateMention(m.start(), m.end(), "night", d2, d2 - dt.timedelta(days=1)))
    for m in t["re_relative"].finditer(text):
        if free(m.start(), m.end()):
            phrase = m.group(0).lower()
            offset = t["relative"].get(phrase, t["relative"].get(phrase.replace("’", "'"), 0))
            day = published - dt.timedelta(days=offset) if published else None
            if phrase in t["night_relative"]:
                add(DateMention(m.start(), m.end(), "night", day, day - dt.timedelta(days=1) if day else None))
            else:
                add(DateMention(m.start(), m.end(), "relative", day))
    if t["re_weekend"] is not None:
        for m in t["re_weekend"].finditer(text):
            if free(m.start(), m.end()):
                day = None
                if published is not None:
                    day = published if published.weekday() == 5 else _latest_weekday(published, 6)
                add(DateMention(m.start(), m.end(), "relative", day))
    for m in t["re_weekday"].finditer(text):
        if not free(m.start(), m.end()):
            continue
        last = m.group("last2") or ""
        if last.lower() in ("prochain", "prochaine", "volgende", "next", "nächsten", "kommenden"):
            continue  # a future day is never the incident day
        if published is None:
            add(DateMention(m.start(), m.end(), "weekday", None))
            continue
        strictly = bool(m.group("last1") or last)
        day = _latest_weekday(published, wdi[m.group("wd").lower()], strictly)
        word = m.group(0).lower()
        if lang in ("nl", "de") and re.search(r"nacht\b", word):
            later = min(day + dt.timedelta(days=1), published)
            add(DateMention(m.start(), m.end(), "night", later, later - dt.timedelta(days=1)))
        else:
            add(DateMention(m.start(), m.end(), "weekday", day))
    found.sort(key=lambda d: d.start)
    return found


_HOUR_PATTERNS = {
    "fr": [r"(?<![\w.,])(?P<h>\d{1,2})\s?h(?:eures?)?\s?(?P<m>\d{2})?(?!\w)"],
    "nl": [r"(?<![\w.,])(?P<h>\d{1,2})(?:[.:u](?P<m>\d{2}))?\s?uur(?!\w)"],
    "en": [r"(?<![\w.,])(?P<h>\d{1,2})(?:[.:](?P<m>\d{2}))?\s?(?P<ap>am|pm|a\.m\.|p\.m\.)(?!\w)",
           r"(?<![\w.,])(?P<h>\d{1,2}):(?P<m>\d{2})(?!\w)"],
    "de": [r"(?<![\w.,])(?P<h>\d{1,2})(?:[.:](?P<m>\d{2}))?\s?uhr(?!\w)"],
}


def find_hours(text: str, lang: str) -> list[int]:
    """Hours of the day named in `text` (0-23; 24 for midnight), in text order."""
    hits: list[tuple[int, int]] = []
    for pat in _HOUR_PATTERNS.get(lang, _HOUR_PATTERNS["fr"]):
        for m in re.finditer(pat, text, re.I):
            h = int(m.group("h"))
            ap = (m.groupdict().get("ap") or "").lower().replace(".", "")
            if ap == "pm" and h < 12:
                h += 12
            elif ap == "am" and h == 12:
                h = 0
            if 0 <= h <= 23:
                hits.append((m.start(), h))
    for word in _tables(lang)["midnight"]:
        for m in re.finditer(rf"(?<!\w){word}(?!\w)", text, re.I):
            hits.append((m.start(), 24))
    return [h for _, h in sorted(hits)]
