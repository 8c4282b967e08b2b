"""From cue-annotated sentences to incident events (one per real incident an article reports).

The rules, in order (extract/README.md explains each with examples):
1. Article gate: a negative cue in the title (sport, fiction, exercise, fireworks, accident, statistics, trial,
   anniversary, politics) or three or more sport/fiction/exercise/fireworks cues in the body: no incident.
2. Sentence filter: triggers in a sentence with a negative or background cue ("l'an dernier", "in 2023",
   "rappel", "vorig jaar") do not count.
3. Clustering: body sentences with a trigger are grouped by location (commune, or outside place); a sentence
   with no location joins the incident told just before; a new location opens a new incident only with a strong
   trigger. Sentences without a trigger join the incident told just before (casualties, weapons, hours).
4. Fields per incident: type by precedence (robbery > shooting > stabbing > explosion > arson > homicide >
   assault), weapon compatible with the type, date = earliest date expression of its trigger sentences,
   commune from place or commune names, counts from casualty cues (rules/numbers.py).
5. Drop incidents located only outside the region, with no location at all, or older than `max_age_days`
   before publication (30 days when the article is a follow-up: arrest, death, witness appeal).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from extract.rules.dates import DateMention, find_dates, find_hours
from extract.rules.numbers import VAGUE, count_after, count_before, count_objects_after

TYPE_PRECEDENCE = ("robbery", "shooting", "stabbing", "explosion", "arson", "homicide", "assault", "other")
WEAPON_PRECEDENCE = ("assault_rifle", "firearm", "knife", "explosive", "blunt", "vehicle", "other")
TYPE_WEAPONS = {
    "shooting": ("assault_rifle", "firearm"),
    "stabbing": ("knife",),
    "explosion": ("explosive",),
    "arson": ("other",),
}
DEFAULT_WEAPON = {"shooting": "firearm", "stabbing": "knife", "explosion": "explosive", "arson": "other"}
TITLE_NEGATIVE_KINDS = {"sport", "fiction", "exercise", "fireworks", "accident", "statistics", "trial", "anniversary",
                        "alert", "politics"}
BODY_NEGATIVE_KINDS = {"sport", "fiction", "exercise"}
SENTENCE_NEGATIVE_KINDS = TITLE_NEGATIVE_KINDS | {"negated", "nonviolent"}
SPECIFIC_TYPES = ("shooting", "stabbing", "explosion", "arson")
SECONDARY_TITLE_KINDS = {"politics", "sport"}  # may sit beside a real incident in a title
QUOTES = "«»\"'‘’“”„"
STREET = re.compile(
    r"(?<!\w)(?:(?:[Rr]ue|[Aa]venue|[Bb]oulevard|[Cc]haussée|[Pp]lace|[Ss]quare|[Pp]arvis|[Qq]uai|[Dd]rève|[Gg]alerie|"
    r"[Pp]assage|[Aa]llée)"
    r"\s+(?:de\s+la\s+|de\s+l['’]|du\s+|des\s+|de\s+|d['’])?[A-ZÉÈ][\w'’-]+(?:[\s-][A-ZÉÈ][\w'’-]+)*"
    r"|[A-Z][\w-]*(?:straat|laan|plein|steenweg|kaai|dreef|lei|markt|Straße|straße|Platz|platz)"
    r"|(?:Rue|Avenue|Boulevard|Chaussée|Place|Square|Parvis)\s+[A-Z][\w'’-]+(?:[\s-][A-Z][\w'’-]+)?)"
)


# a commune or place named as a landmark next to where it happened ("à Drogenbos, à la limite de Forest et d'Uccle",
# "in Dilbeek, vlakbij Anderlecht", "in Zaventem, near Evere"): not the incident's location
NEAR = re.compile(r"\b(?:(?:à la limite|à la frontière|aux portes|non loin|à deux pas|à proximité|limitrophe|voisine?s?|"
                  r"tout près|près)\s+(?:de|d['’]|du|des)|vlak ?bij|nabij|dicht bij|grens met|grenzend aan|"
                  r"near|next to|close to|bordering|(?:on )?the border (?:with|of)|on the edge of|"
                  r"an der grenze (?:zu|von)|nahe|unweit)(?!\w)", re.I)


def near_landmark(text: str, start: int) -> bool:
    """Whether the name at `start` follows a proximity phrase in its clause ("à la limite de Forest et d'Uccle")."""
    window = text[max(0, start - 60):start]
    breaks = list(re.finditer(r"[,;:.!?()\n]", window))
    if breaks:
        window = window[breaks[-1].end():]
    return bool(NEAR.search(window))


@dataclass
class Cue:
    label: str
    detail: str
    start: int
    end: int
    text: str


@dataclass
class Location:
    kind: str               # commune | place | postal | outside | ambiguous
    commune: str | None     # canonical commune for in-region kinds
    text: str
    start: int
    ident: str
    candidates: tuple[str, ...] = ()  # a place straddling communes: the communes it may be in
    generic: bool = False             # a name other towns share ("Grote Markt"): Brussels only if no town is named


@dataclass
class Sentence:
    start: int
    end: int
    text: str
    in_title: bool
    cues: list[Cue]
    locations: list[Location]
    dates: list[DateMention] = field(default_factory=list)
    hours: list[int] = field(default_factory=list)

    def labels(self, label: str) -> list[Cue]:
        return [c for c in self.cues if c.label == label]

    @property
    def negative_kinds(self) -> set[str]:
        return {c.detail for c in self.cues if c.label == "NEG"}

    @property
    def is_background(self) -> bool:
        return bool(self.labels("BACKGROUND"))

    def triggers(self) -> list[Cue]:
        """Trigger cues, without generic ones ("fusillades") and legal qualifications ("tentative de meurtre")."""
        legal = [(c.start, c.end) for c in self.labels("LEGAL")]
        return [c for c in self.labels("TRIGGER") if not c.detail.endswith("/generic")
                and not any(a <= c.start < b for a, b in legal)]

    @property
    def primary(self) -> Location | None:
        named_town = any(loc.kind == "outside" for loc in self.locations)
        inside = [loc for loc in self.locations if loc.kind in ("commune", "place", "postal")
                  and (loc.commune or loc.candidates) and not (loc.generic and named_town)]
        if inside:
            first = inside[0]
            if first.kind == "place":
                # "rue Heyvaert à Molenbeek": the commune the reporter names right after a place wins
                named = next((loc for loc in inside if loc.kind == "commune" and 0 < loc.start - first.start
                              <= len(first.text) + 40), None)
                if named is not None and named.commune != first.commune:
                    return Location("place", named.commune, first.text, first.start, first.ident)
                # "op de Ninoofsesteenweg in Dilbeek": a street that runs on outside the region, in the town named
                town = next((loc for loc in self.locations if loc.kind == "outside"
                             and 0 < loc.start - first.start <= len(first.text) + 12), None)
                if town is not None:
                    return town
            return first
        outside = [loc for loc in self.locations if loc.kind == "outside"]
        if outside:
            return outside[0]
        amb = [loc for loc in self.locations if loc.kind in ("ambiguous", "place")]
        if amb:
            return amb[0]
        centre = self.labels("IN_BRUSSELS")  # "la Brusselse binnenstad", "central Brussels": Brussels, commune unknown
        return Location("ambiguous", None, centre[0].text, centre[0].start, "ambiguous") if centre else None


@dataclass
class Cluster:
    location: Location | None
    sentences: list[Sentence] = field(default_factory=list)
    trigger_sentences: list[Sentence] = field(default_factory=list)

    def key(self) -> str | None:
        return location_key(self.location)


def location_key(loc: Location | None) -> str | None:
    if loc is None:
        return None
    if loc.kind == "outside":
        return "outside:" + loc.ident
    if loc.commune is None and loc.candidates:
        return "place:" + loc.ident
    return loc.commune or "ambiguous"


def is_active(sent: Sentence) -> bool:
    """Whether this sentence's triggers count (no negative or background context). Sport words only silence
    weak triggers ("tir enroulé", "fusille le gardien"): "poignardé après le match" stays an incident."""
    kinds = sent.negative_kinds & SENTENCE_NEGATIVE_KINDS
    if kinds and not (kinds == {"sport"} and any(c.detail.endswith("/strong") for c in sent.triggers())):
        return False
    return not sent.is_background


def title_is_hedged(title: Sentence) -> bool:
    """A title trigger inside quotes ("les « coups de feu »", "'schietpartij' blijkt") reports no real incident."""
    for cue in title.triggers():
        s, e = cue.start - title.start, cue.end - title.start
        before, after = title.text[max(0, s - 2):s], title.text[e:e + 2]
        if any(q in before for q in QUOTES) and any(q in after for q in QUOTES):
            return True
    return False


SPORT_SHOTS = re.compile(r"schoten|schot|tirs?|shots?|schüsse|schuss", re.I)  # also shots at goal
RECAP = re.compile(r"(?:pour )?rappel|ter herinnering|as a reminder|zur erinnerung", re.I)


def build_events(sentences: list[Sentence], published: dt.date | None, lang: str, body_start: int,
                 max_age_days: int = 3, followup_max_age_days: int = 30) -> tuple[list[dict[str, Any]], str | None]:
    """Incidents (dicts, offsets relative to the article text) and, when there are none, the reason."""
    title = [s for s in sentences if s.in_title]
    body = [s for s in sentences if not s.in_title]
    if any(c.label == "FOLLOWUP" for s in sentences for c in s.cues):
        # a follow-up recaps its own incident: "Pour rappel, deux hommes avaient été blessés jeudi" is not background
        # when the recap is the sentence's only background cue
        for s in sentences:
            bg = s.labels("BACKGROUND")
            if bg and all(RECAP.fullmatch(c.text) for c in bg):
                s.cues = [c for c in s.cues if c.label != "BACKGROUND"]
    for s in sentences:
        s.dates = [d for d in find_dates(s.text, lang, published)]
        s.hours = find_hours(s.text, lang)
    title_neg = set().union(*(s.negative_kinds for s in title)) & TITLE_NEGATIVE_KINDS if title else set()
    title_strong = any(c.detail.endswith("/strong") and not SPORT_SHOTS.fullmatch(c.text)
                       for s in title for c in s.triggers())  # "Union wint derby dankzij twee late schoten"
    if title_neg and title_neg <= SECONDARY_TITLE_KINDS and title_strong:
        # "Fusillade à Anderlecht : le ministre réagit", "Un supporter poignardé après le match": the incident is
        # the news, the reaction or the match is context
        for s in title:
            s.cues = [c for c in s.cues if not (c.label == "NEG" and c.detail in SECONDARY_TITLE_KINDS)]
        title_neg = set()
    if title_neg:
        return [], f"negative title: {', '.join(sorted(title_neg))}"
    if any(title_is_hedged(s) for s in title):
        return [], "negative title: quoted trigger"
    body_neg = [c for s in body for c in s.cues if c.label == "NEG" and c.detail in BODY_NEGATIVE_KINDS]
    if len(body_neg) >= 3 and not title_strong:
        return [], f"negative context: {', '.join(sorted({c.detail for c in body_neg}))}"

    title_communes = {location_key(loc) for s in title for loc in s.locations
                      if loc.kind in ("commune", "place", "postal") and loc.commune}
    multi = len(title_communes) > 1 or any(c.label == "MULTI" for s in sentences if not s.is_background
                                           for c in s.cues)
    clusters = cluster_sentences(body, multi)
    if len(clusters) == 1:
        # one incident: every usable sentence of the article may add its casualties, weapon or hour
        cl = clusters[0]
        have = {id(x) for x in cl.sentences}
        extra = [x for x in body if id(x) not in have and not x.is_background
                 and not (x.negative_kinds & SENTENCE_NEGATIVE_KINDS)]
        cl.sentences = sorted(cl.sentences + extra, key=lambda x: x.start)
    title_sent = title[0] if title else None
    if title_sent is not None and is_active(title_sent):
        # a title alone opens an incident unless the body told it in a negative context (an accident, a film...)
        body_negated = any(x.labels("TRIGGER") and not is_active(x) and not x.is_background for x in body)
        attach_title(title_sent, clusters, body_negated)
    if not clusters:
        return [], "no incident trigger"
    # an incident without a location of its own may take the one in the title or the lead, never one from far away
    # ("Anderlecht et le FC Bruges se sont quittés sur un score vierge" in the lead of a front page gives no place)
    article_locs = [loc for s in title + body[:3] if not s.is_background
                    and not (s.negative_kinds & SENTENCE_NEGATIVE_KINDS) for loc in s.locations]
    events, reasons = [], []
    for cl in clusters:
        lead = [s for s in body[:3] if not s.is_background]
        ev, why = make_event(cl, published, lang, body_start, article_locs, max_age_days, followup_max_age_days,
                             single=len(clusters) == 1, lead=lead)
        if ev is None:
            reasons.append(why)
        else:
            events.append(ev)
    events = merge_duplicates(events)
    return events, (None if events else "; ".join(sorted(set(r for r in reasons if r))) or "no incident")


ARREST = re.compile(r"arrêt|interpell|écrou|opgepakt|aangehouden|gearresteerd|aanhouding|arrest|detained|"
                    r"festgenommen|verhaftet|gefasst", re.I)


def cluster_sentences(body: list[Sentence], multi: bool = False) -> list[Cluster]:
    """Group trigger sentences into incidents. A second incident opens only in an article that announces several
    (`multi`: "deux fusillades", "twee schietpartijen", "two shootings", or a title naming two communes), or for
    another kind of incident (a robbery after a stabbing in a news round-up), at another commune at its own time."""
    clusters: list[Cluster] = []
    current: Cluster | None = None
    pending: Location | None = None  # location named by the sentence just before ("La première s'est produite au Peterbos.")
    pending_time = False
    for sent in body:
        trig = sent.triggers() if is_active(sent) else []
        if not trig:
            usable = not sent.is_background and not (sent.negative_kinds & SENTENCE_NEGATIVE_KINDS)
            # "Il a été interpellé à Saint-Gilles": where a suspect was arrested is not where it happened
            located = usable and not any(ARREST.search(c.text) for c in sent.labels("FOLLOWUP"))
            if current is not None and usable:
                current.sentences.append(sent)
                if current.location is None and located and sent.primary is not None and len(current.sentences) <= 3:
                    current.location = sent.primary
            pending = sent.primary if located else None
            pending_time = bool(sent.hours or sent.dates)
            continue
        strong = any(c.detail.endswith("/strong") for c in trig)
        has_casualty = bool(sent.labels("KILL") or sent.labels("INJURE") or sent.labels("NOHURT"))
        loc = sent.primary or pending
        borrowed_time = sent.primary is None and pending is not None and pending_time
        pending, pending_time = None, False
        key = location_key(loc)
        target = None
        if key is None:
            target = current
        else:
            target = next((c for c in clusters if c.key() == key), None)
            if (multi and target is not None and loc.kind == "place" and target.location is not None
                    and target.location.kind == "place" and target.location.ident != loc.ident
                    and (sent.hours or sent.dates or borrowed_time)):
                target = None  # a round-up: another place of the same commune, at its own time
            if target is None and clusters and clusters[0].location is None and len(clusters) == 1:
                target = clusters[0]
                target.location = loc
            elif target is None and current is not None and current.key() == "ambiguous" and loc.kind != "outside":
                target = current
                target.location = loc
        other_kind = current is not None and strong and not (strong_types(sent) & cluster_types(current))
        if target is None and clusters and not ((multi or other_kind)
                                                and opens_another(sent, loc, strong, has_casualty, borrowed_time)):
            target = current  # a trigger sentence naming another place without its own time or victims
            if target is not None:
                target.sentences.append(sent)
                target.trigger_sentences.append(sent)
            continue
        if target is None:
            concrete = bool(sent.hours or sent.dates) and loc is not None and loc.kind != "outside"
            if strong or has_casualty or concrete:
                target = Cluster(location=loc)
                clusters.append(target)
            else:
                continue
        target.sentences.append(sent)
        target.trigger_sentences.append(sent)
        current = target
    return clusters


def strong_types(sent: Sentence) -> set[str]:
    return {c.detail.split("/")[0] for c in sent.triggers() if c.detail.endswith("/strong")}


def cluster_types(cl: Cluster) -> set[str]:
    return {t for s in cl.trigger_sentences for t in strong_types(s)}


def opens_another(sent: Sentence, loc: Location | None, strong: bool, has_casualty: bool,
                  borrowed_time: bool = False) -> bool:
    """Whether a trigger sentence at a new location tells a second incident (round-ups): it names an in-region
    commune (or an outside place) and has its own time ("Vers 3h", "at around 8pm") or its own victims."""
    if loc is None or loc.kind == "ambiguous" or (loc.kind != "outside" and loc.commune is None):
        return False
    own_time = bool(sent.hours or sent.dates) or borrowed_time
    return own_time or (strong and has_casualty)


def attach_title(title: Sentence, clusters: list[Cluster], body_negated: bool = False) -> None:
    """The title supports the incident at its location (or the only incident); it may open one if the body has none."""
    key = location_key(title.primary)
    inside_keys = {location_key(loc) for loc in title.locations if loc.kind in ("commune", "place", "postal")}
    if len(clusters) == 1 and (key is None or clusters[0].key() in (None, key, "ambiguous") or len(inside_keys) <= 1):
        cl = clusters[0]
        if key is not None and cl.key() in (None, "ambiguous") and title.primary.kind != "ambiguous":
            cl.location = title.primary
        elif key is not None and cl.key() not in (None, key, "ambiguous") and title.primary.kind == "outside":
            return
        cl.sentences.insert(0, title)
        if title.triggers():
            cl.trigger_sentences.insert(0, title)
        return
    if len(inside_keys) > 1:
        return  # a round-up title: the body tells each incident
    for cl in clusters:
        if key is not None and cl.key() == key:
            cl.sentences.insert(0, title)
            if title.triggers():
                cl.trigger_sentences.insert(0, title)
            return
    if not clusters and any(c.detail.endswith("/strong") for c in title.triggers()) and not body_negated:
        clusters.append(Cluster(location=title.primary, sentences=[title], trigger_sentences=[title]))


FOUND_DEAD = re.compile(r"retrouvée?s? (?:morte?s?|sans vie)|corps sans vie|found dead|dood aangetroffen|levenloos|"
                        r"tot\b.*aufgefunden|leiche", re.I)


def pick_type(cl: Cluster) -> tuple[str, float]:
    """Incident type and trigger strength: robbery when a robbery is told; else the first specific type
    (shooting, stabbing, explosion, arson) a strong trigger names, title first; else homicide, else assault."""
    types: dict[str, str] = {}
    order: list[str] = []
    for s in cl.trigger_sentences:
        for c in s.triggers():
            t, strength = c.detail.split("/")
            if types.get(t) != "strong":
                types[t] = strength
            if strength == "strong" and t not in order:
                order.append(t)
    if types.get("robbery") == "strong":
        return "robbery", 1.0
    if any(FOUND_DEAD.search(c.text) for s in cl.trigger_sentences for c in s.triggers()):
        return "homicide", 1.0  # a body found ("found dead with stab wounds"): a homicide case
    specific = [t for t in order if t in SPECIFIC_TYPES]
    if specific:
        return specific[0], 1.0
    strong = [t for t in TYPE_PRECEDENCE if types.get(t) == "strong"]
    if strong:
        return strong[0], 1.0
    weak = [t for t in TYPE_PRECEDENCE if t in types]
    return (weak[0], 0.5) if weak else ("other", 0.3)


def pick_weapon(cl: Cluster, kind: str) -> str | None:
    cues = [c.detail for s in cl.sentences for c in s.labels("WEAPON")]
    allowed = TYPE_WEAPONS.get(kind)
    for w in WEAPON_PRECEDENCE:
        if w in cues and (allowed is None or w in allowed):
            return w
    return DEFAULT_WEAPON.get(kind)


SINCE = re.compile(r"\b(?:depuis|sinds|since|seit)\s+(?:le\s+|\w+\s+)?$", re.I)


def pick_date(cl: Cluster, published: dt.date | None, lead: list[Sentence] = ()) -> tuple[dt.date | None, bool, str | None]:
    """(incident day, found in text, time-of-day hint): the earliest day named in the incident's trigger sentences
    (within a week before publication), else in its other sentences, else in the article's first sentences."""
    hour = next((h for s in cl.trigger_sentences for h in s.hours), None)
    if hour is None:
        hour = next((h for s in cl.sentences[:4] for h in s.hours), None)
    hint = None if hour is None else ("midnight" if hour == 24 else f"{hour}h")
    candidates: list[dt.date] = []
    for group in (cl.trigger_sentences, cl.sentences, list(lead)):
        for s in group:
            said = [(c.start - s.start, c.end - s.start) for c in s.labels("REPORTING")]
            for d in s.dates:
                if any((0 <= d.start - e <= 15 and not re.search(r"[,.;:]", s.text[e:d.start]))
                       or 0 <= b - d.end <= 3 for b, e in said):
                    continue  # "a indiqué lundi", "said on Sunday", "am Sonntag mitteilte": when it was said
                if SINCE.search(s.text[max(0, d.start - 12):d.start]):
                    continue  # "depuis dimanche", "seit Sonntag nicht mehr gesehen": when a state began
                local_hour = s.hours[0] if s.hours else hour
                day = d.resolve(local_hour)
                if day is not None and (published is None or day <= published + dt.timedelta(days=1)):
                    candidates.append(day)
        if candidates:
            break
    if candidates:
        recent = [d for d in candidates if published is None or (published - d).days <= 7]
        return (min(recent) if recent else min(candidates)), True, hint
    return published, False, hint


def count_casualties(cl: Cluster, lang: str) -> tuple[int | None, int | None]:
    killed: list[int] = []
    injured: list[int] = []
    explicit_injured = False    # an injured count with its own quantifier ("deux blessés")
    died_of_injuries = False    # "De man die werd neergestoken, is overleden": the injured victim died
    vague_k = vague_i = False
    none_hurt = no_dead = implied_dead = False
    for s in cl.sentences:
        killed_seen: list[Cue] = []
        injured_seen: list[Cue] = []
        blocked = [(c.start, clause_end(s, c.end)) for c in s.cues if c.label in ("NOHURT", "NOOTHER", "NODEAD")]
        if s.labels("NOHURT"):
            none_hurt = True
        if s.labels("NODEAD"):
            no_dead = True
        has_kill = bool(s.labels("KILL"))
        states: list[Cue] = []  # "buiten levensgevaar", "dans un état critique": a victim's condition
        for c in s.cues:
            if c.label == "KILL_TOTAL":
                total = count_after(s.text, c.end - s.start, lang)
                if total is not None and re.match(r"\W*\w+\s+(?:morts?|doden|dead|tote)", s.text[c.end - s.start:], re.I) \
                        or (total is not None and c.text.lower().startswith(("dodentol", "death toll", "zahl", "het aantal", "le bilan", "bilan"))):
                    killed.append(total)
                continue
            if c.label in ("KILL_AFTER", "INJURE_AFTER"):
                n_after = count_objects_after(s.text, c.end - s.start, lang)
                if n_after is not None:
                    (killed if c.label == "KILL_AFTER" else injured).append(n_after)
                continue
            if c.label == "INJURE_STATE":
                states.append(c)
                continue
            if c.label not in ("KILL", "INJURE", "KILL_IMPLIED"):
                continue
            if any(a <= c.start < b for a, b in blocked):
                continue
            if c.label == "KILL_IMPLIED":
                implied_dead = True
                continue
            n = count_before(s.text, c.start - s.start, lang, c.text)
            if c.label == "KILL":
                if n == VAGUE:
                    vague_k = True
                elif n is not None:
                    killed.append(n + added_to(s, c, "KILL", killed_seen, lang))
                    killed_seen.append(c)
            else:
                if has_kill and not injured_beside_dead(s, c, lang):
                    # "la victime, poignardée jeudi, est décédée dimanche": a later death of the injured victim
                    died_of_injuries |= any(k.start > c.start and any(f.start == k.start for f in s.labels("FOLLOWUP"))
                                            for k in s.labels("KILL"))
                    continue  # "grièvement blessé, il est décédé": the same victim
                if n == VAGUE:
                    vague_i = True
                elif n is not None:
                    injured.append(n + added_to(s, c, "INJURE", injured_seen, lang))
                    injured_seen.append(c)
                    explicit_injured |= another_victim(s, c, lang)
        # a condition says someone is injured only when the sentence counts no injury or death itself
        # ("L'autre victime est hors de danger"); "blessé ... dans un état critique" is the same victim
        for c in states:
            if injured_seen or has_kill or any(a <= c.start < b for a, b in blocked):
                break
            n = count_before(s.text, c.start - s.start, lang, c.text)
            if isinstance(n, int):
                injured.append(n)
                explicit_injured |= another_victim(s, c, lang)  # "De twee andere slachtoffers zijn buiten levensgevaar"
                break
    if not (killed or injured or implied_dead or none_hurt or no_dead or vague_k or vague_i):
        return None, None  # the text says nothing about victims (SCHEMA: null if not said)
    if died_of_injuries and killed and not explicit_injured:
        injured = []  # the one victim told as injured elsewhere ("werd neergestoken", "in kritieke toestand") died
    # victims are described: a kind of casualty not mentioned is 0 (the annotation convention)
    k = max(killed) if killed else (1 if implied_dead and not no_dead else (None if vague_k else 0))
    i = max(injured) if injured else (None if vague_i else 0)
    if none_hurt and not killed and not injured:
        k, i = (k if implied_dead else 0), 0
    return k, i


ANOTHER = re.compile(r"\b(?:autres?|another|other|anderen?|tweede|second|seconde|deuxième|weitere[rsn]?|zweite[rsn]?)\b",
                     re.I)


def another_victim(s: Sentence, cue: Cue, lang: str) -> bool:
    """Whether an injury cue counts a victim besides one who died: a count of two or more ("deux blessés") or
    another person ("un autre homme", "een tweede man", "another man"); "un homme poignardé" may be the one who died."""
    n = count_before(s.text, cue.start - s.start, lang, cue.text, implied=False)
    rel = cue.start - s.start
    return (isinstance(n, int) and n >= 2) or bool(ANOTHER.search(s.text[max(0, rel - 60):rel]))


JOIN = re.compile(r"\b(?:et|en|and|und)\b", re.I)
ADDITION = re.compile(r"^[^.;:]{0,40}?(?:,\s*|\s)(?:et|en|and|und|plus)\s+(?:\S+\s+){0,2}$", re.I)
SUBSET = re.compile(r"\b(?:dont|waarvan|van wie|of whom|including|among them|davon|darunter)\b", re.I)


def added_to(s: Sentence, cue: Cue, label: str, seen: list[Cue], lang: str) -> int:
    """The count this cue adds to: "un blessé grave et deux blessés légers" -> the first count is added to the
    second (1 + 2); "deux blessés, dont un grave" is a subset (nothing added)."""
    if not seen:
        return 0
    prev = seen[-1]
    between = s.text[prev.end - s.start:cue.start - s.start]
    if SUBSET.search(between) or not ADDITION.match(between):
        return 0
    n = count_before(s.text, prev.start - s.start, lang, prev.text, implied=False)
    return n if isinstance(n, int) else 0


def injured_beside_dead(s: Sentence, cue: Cue, lang: str) -> bool:
    """In a sentence that also reports a death, an injury cue counts only for another victim: it has its own
    quantifier and comes after a death cue ("un mort et un blessé", "ums Leben gekommen, ein weiterer wurde
    verletzt") or is joined to the next one by a conjunction ("deux blessés et un mort")."""
    kills = [k for k in s.labels("KILL") if k.start != cue.start]
    before = [k for k in kills if k.end <= cue.start]
    if before:
        # the quantifier must come after the death ("un homme de 27 ans est décédé après avoir été touché": the same)
        off = max(k.end for k in before) - s.start
        return isinstance(count_before(s.text[off:], cue.start - s.start - off, lang, cue.text, implied=False), int)
    if not isinstance(count_before(s.text, cue.start - s.start, lang, cue.text, implied=False), int):
        return False
    nxt = min((k for k in kills if k.start > cue.start), key=lambda k: k.start, default=None)
    return nxt is not None and bool(JOIN.search(s.text[cue.end - s.start:nxt.start - s.start]))


def clause_end(s: Sentence, pos: int) -> int:
    """End (doc offset) of the clause containing doc offset `pos` in sentence `s`."""
    m = re.search(r"[,;:.!?]", s.text[pos - s.start:])
    return pos + m.start() if m else s.end


def resolve_location(cl: Cluster, article_locs: list[Location], single: bool) -> Location | None:
    if cl.location is not None:
        return cl.location
    if single:
        inside = [loc for loc in article_locs if loc.kind in ("commune", "place", "postal") and loc.commune]
        if inside:
            return inside[0]
        other = [loc for loc in article_locs if loc.kind in ("outside", "ambiguous")]
        if other:
            return other[0]
    return None


def pick_place(cl: Cluster, loc: Location | None) -> str | None:
    for s in cl.trigger_sentences + cl.sentences:
        for l_ in s.locations:
            if l_.kind == "place" and not near_landmark(s.text, l_.start - s.start):
                return l_.text  # not "non loin de la place Fernand Cocq", "unweit des Parc de Forest"
    for s in cl.trigger_sentences:
        m = STREET.search(s.text)
        if m:
            return m.group(0)
    return None


def make_event(cl: Cluster, published: dt.date | None, lang: str, body_start: int, article_locs: list[Location],
               max_age: int, followup_max_age: int, single: bool, lead: list[Sentence] = ()) -> tuple[dict[str, Any] | None, str | None]:
    loc = resolve_location(cl, article_locs, single)
    if loc is None:
        return None, "no location"
    if loc.kind == "outside":
        return None, f"outside the region: {loc.text}"
    kind, strength = pick_type(cl)
    day, date_found, hour_hint = pick_date(cl, published, lead)
    followup = any(s.labels("FOLLOWUP") for s in cl.sentences)
    if day is not None and published is not None:
        age = (published - day).days
        if age > (followup_max_age if followup else max_age):
            return None, f"older incident ({day.isoformat()})"
    killed, injured = count_casualties(cl, lang)
    commune = loc.commune if loc.kind in ("commune", "place", "postal") else None
    if commune is None and loc.candidates:
        named = [l_.commune for s in cl.sentences for l_ in s.locations if l_.kind == "commune" and l_.commune]
        commune = next((c for c in named if c in loc.candidates), None)
    place = pick_place(cl, loc)
    weapon = pick_weapon(cl, kind)
    evidence = []
    for s in cl.trigger_sentences or cl.sentences:
        if s.in_title:
            continue
        text = s.text.rstrip()
        evidence.append({"text": text, "start": s.start - body_start, "end": s.start - body_start + len(text)})
    confidence = 0.35 * strength + (0.25 if commune else 0.1 if loc.kind == "ambiguous" else 0.0) \
        + (0.15 if date_found else 0.0) + (0.1 if (killed or injured or weapon) else 0.0) \
        + (0.1 if any(s.in_title for s in cl.trigger_sentences) else 0.0)
    ages = sorted({int(m.group(1)) for s in cl.sentences for m in re.finditer(
        r"(\d{1,2})(?:\s?ans|[- ]jarige|\s?jaar|[- ]year[- ]old|[- ]Jährige\w*)", s.text)})
    details = {
        "time_of_day": hour_hint,
        "victim_ages": ages,
        "follow_up": followup,
        "date_from_text": date_found,
        "location": {"kind": loc.kind, "id": loc.ident, "text": loc.text},
        "triggers": sorted({c.text.lower() for s in cl.trigger_sentences for c in s.triggers()}),
    }
    return {
        "type": kind,
        "date": day.isoformat() if day else None,
        "commune": commune,
        "place": place,
        "killed": killed,
        "injured": injured,
        "weapon": weapon,
        "confidence": round(min(confidence, 0.95), 2),
        "evidence": evidence,
        "details": details,
    }, None


def merge_duplicates(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
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
