"""Which trigger sentences tell the same incident (extract/README.md rules 6, 13): sentence groups by location,
a second incident only in round-ups, the title attached to its incident."""

from __future__ import annotations

from extract.rules.location import Location, location_key
from extract.rules.model import Sentence, SentenceGroup
from extract.rules.scope import is_active, is_usable

def group_sentences(body: list[Sentence], multi: bool = False) -> list[SentenceGroup]:
    """Rules 6, 13: group trigger sentences into incidents. A second incident opens only in an article that announces
    several (`multi`: "deux fusillades", "twee schietpartijen", "two shootings", or a title naming two communes), or
    for another kind of incident (a robbery after a stabbing in a news round-up), at another commune at its own time.
    Where a suspect was arrested (an ARREST word in a FOLLOWUP cue) gives no location."""
    groups: list[SentenceGroup] = []
    current: SentenceGroup | None = None
    pending: Location | None = None  # location named by the sentence just before ("La première s'est produite au Peterbos.")
    pending_time = False
    for sent in body:
        trig = sent.triggers() if is_active(sent) else []
        if not trig:
            usable = is_usable(sent)
            # "Il a été interpellé à Saint-Gilles": where a suspect was arrested is not where it happened
            located = usable and not any(sent.overlaps(c, "ARREST") for c in sent.labels("FOLLOWUP"))
            if multi and located and victims_elsewhere(sent, current, groups):
                # rule 61: "Ook in Molenbeek viel een dodelijk slachtoffer": a round-up's incident told by its victims
                current = SentenceGroup(location=sent.primary, sentences=[sent], trigger_sentences=[sent])
                groups.append(current)
                pending, pending_time = None, False
                continue
            elsewhere = multi and current is not None and current.location is not None and \
                current.location.commune is not None and bool(sent.communes) and \
                current.location.commune not in sent.communes
            if current is not None and usable and not elsewhere:
                # rule 55: in a round-up, a sentence about another commune ("Deux autres personnes ont été blessées
                # à Anderlecht") tells nothing of the current incident
                current.sentences.append(sent)
                if located and sent.primary is not None and len(current.sentences) <= 3 and \
                        (current.location is None or (current.key() == "ambiguous" and sent.primary.commune)):
                    # "In Brussel is twee keer geschoten. (...) Het eerste incident vond plaats in Peterbos": the
                    # incident told in Brussels is where the next sentences place it (rule 58)
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
        if key is None and multi and current is not None and strong and sent.dates and \
                not (strong_types(sent) & group_types(current)):
            # rule 44: a round-up's other kind of incident on its own date, at the place told before ("une explosion
            # avait eu lieu le 18 décembre à la même adresse"): a second incident there
            target = SentenceGroup(location=current.location)
            groups.append(target)
        elif told_apart(sent, loc, strong, current):
            target = SentenceGroup(location=loc)
            groups.append(target)
        elif key is None:
            target = current
        else:
            target = next((g for g in groups if g.key() == key), None)
            if (multi and target is not None and loc.kind == "place" and target.location is not None
                    and target.location.kind == "place" and target.location.ident != loc.ident
                    and (sent.hours or sent.dates or borrowed_time)):
                target = None  # a round-up: another place of the same commune, at its own time
            if target is None and groups and groups[0].location is None and len(groups) == 1:
                target = groups[0]
                target.location = loc
            elif target is None and current is not None and current.key() == "ambiguous" and loc.kind != "outside":
                target = current
                target.location = loc
        other_kind = current is not None and strong and not (strong_types(sent) & group_types(current))
        if target is None and groups and not ((multi or other_kind)
                                              and opens_another(sent, loc, strong, has_casualty, borrowed_time)):
            target = current  # a trigger sentence naming another place without its own time or victims
            if target is not None:
                target.sentences.append(sent)
                target.trigger_sentences.append(sent)
            continue
        if target is None:
            concrete = has_own_time(sent) and loc is not None and loc.kind != "outside"
            if strong or has_casualty or concrete:
                target = SentenceGroup(location=loc)
                groups.append(target)
            else:
                continue
        target.sentences.append(sent)
        target.trigger_sentences.append(sent)
        current = target
    return groups


def strong_types(sent: Sentence) -> set[str]:
    """Rule 6: the incident types the sentence's strong triggers name."""
    return {c.detail.split("/")[0] for c in sent.triggers() if c.detail.endswith("/strong")}


def group_types(group: SentenceGroup) -> set[str]:
    """Rule 6: the incident types the group's strong triggers name."""
    return {t for s in group.trigger_sentences for t in strong_types(s)}


def victims_elsewhere(sent: Sentence, current: SentenceGroup | None, groups: list[SentenceGroup]) -> bool:
    """Rule 61: in a round-up, a sentence without a trigger that tells victims (a death or an injury, not "nobody
    hurt") in one commune that no incident of the article is in yet ("Im Stadtteil Laeken wurde ein Mann schwer
    verletzt", "Ook in Molenbeek viel een dodelijk slachtoffer") tells one more incident."""
    if not (sent.labels("KILL") or sent.labels("INJURE")) or sent.labels("NOHURT") or len(sent.communes) != 1:
        return False
    loc = sent.primary
    if loc is None or loc.kind not in ("commune", "place") or loc.commune is None:
        return False
    return all(g.location is None or g.location.commune != loc.commune for g in groups) and \
        (current is None or current.location is None or current.location.commune != loc.commune)


def told_apart(sent: Sentence, loc: Location | None, strong: bool, current: SentenceGroup | None) -> bool:
    """Rule 54: a strong trigger sentence that says it is another incident (an ANOTHER word) and has its own day, not
    one of the current incident's, tells a second incident in the region ("Une autre habitation, rue du Métal, avait
    été la cible de coups de feu dans la nuit de vendredi à samedi"), in an article about one."""
    if current is None or not strong or not sent.labels("ANOTHER") or not sent.dates:
        return False
    if loc is None or loc.kind == "outside" or loc.commune is None:
        return False
    told = {d.day for s in current.sentences for d in s.dates}
    return bool(told) and not ({d.day for d in sent.dates} & told)


def has_own_time(sent: Sentence) -> bool:
    """Rule 6: the sentence tells when: an hour, a day, or a time told relative to the last incident ("Une heure plus
    tard", "Kort daarna", "Later that night": lexicon LATER, rule 58)."""
    return bool(sent.hours or sent.dates or sent.labels("LATER"))


def opens_another(sent: Sentence, loc: Location | None, strong: bool, has_casualty: bool,
                  borrowed_time: bool = False) -> bool:
    """Rule 6: whether a trigger sentence at a new location tells a second incident (round-ups): it names an
    in-region commune (or an outside place) and has its own time ("Vers 3h", "at around 8pm") or its own victims."""
    if loc is None or loc.kind == "ambiguous" or (loc.kind != "outside" and loc.commune is None):
        return False
    own_time = has_own_time(sent) or borrowed_time
    # "Bij andere steekpartijen zijn in Anderlecht drie gewonden gevallen", "een tweede steekpartij in Sint-Gillis":
    # another incident, told with its victims or as a strong trigger
    another = bool(sent.labels("ANOTHER"))
    return own_time or (has_casualty and (strong or another)) or (another and strong)


def widen_single(groups: list[SentenceGroup], body: list[Sentence]) -> None:
    """Rule 6: with one incident, every usable sentence of the article may add its casualties, weapon or hour."""
    if len(groups) == 1:
        group = groups[0]
        have = {id(x) for x in group.sentences}
        extra = [x for x in body if id(x) not in have and is_usable(x)]
        group.sentences = sorted(group.sentences + extra, key=lambda x: x.start)


def attach_title(title: Sentence, groups: list[SentenceGroup], body_negated: bool = False) -> None:
    """Rules 4, 6: the title supports the incident at its location (or the only incident); it may open one if the
    body has none (unless the body told it in a negative context)."""
    key = location_key(title.primary)
    inside_keys = {location_key(loc) for loc in title.locations if loc.kind in ("commune", "place", "postal")}
    if len(groups) == 1 and (key is None or groups[0].key() in (None, key, "ambiguous") or len(inside_keys) <= 1):
        group = groups[0]
        if key is not None and group.key() in (None, "ambiguous") and title.primary.kind != "ambiguous":
            group.location = title.primary
        elif key is not None and group.key() not in (None, key, "ambiguous") and title.primary.kind == "outside":
            return
        group.sentences.insert(0, title)
        if title.triggers():
            group.trigger_sentences.insert(0, title)
        return
    if len(inside_keys) > 1:
        return  # a round-up title: the body tells each incident
    for group in groups:
        if key is not None and group.key() == key:
            group.sentences.insert(0, title)
            if title.triggers():
                group.trigger_sentences.insert(0, title)
            return
    if not groups and any(c.detail.endswith("/strong") for c in title.triggers()) and not body_negated:
        groups.append(SentenceGroup(location=title.primary, sentences=[title], trigger_sentences=[title]))
