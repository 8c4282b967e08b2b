"""How many were killed and injured (extract/README.md rules 11, 15, 19, 20): casualty cues per sentence, their
counts (rules/numbers.py), which injury cues tell another victim than the one who died."""

from __future__ import annotations

import re

from extract.lexicon import words_regex
from extract.rules.model import Cue, Sentence, SentenceGroup
from extract.rules.numbers import VAGUE, coordinated_objects, count_after, count_before, count_objects_after, one_of_group


def count_casualties(group: SentenceGroup, lang: str) -> tuple[int | None, int | None]:
    """Rules 11, 15, 19, 20: (killed, injured) of an incident: the largest count per kind over its sentences (counts
    in rules/numbers.py); nobody hurt -> 0/0; victims described -> a kind not mentioned is 0; nothing said -> null;
    an injured victim who died later is killed only; a condition counts an injury only where nothing else does."""
    killed: list[int] = []
    injured: list[int] = []
    explicit_injured = False    # an injured count with its own quantifier ("deux blessés")
    died_of_injuries = False    # "De man die werd neergestoken, is overleden": the injured victim died
    beside_dead = False         # an injury counted beside a death in its sentence ("un mort et un blessé")
    vague_k = vague_i = False
    one_of_them_died = False    # rule 47: "L'une des victimes ... est décédée": one of the victims counted as hit
    others_injured = False      # an injury told of "the others" ("deux autres blessés"): counted apart from the dead
    none_hurt = no_dead = implied_dead = False
    # rule 29: the attacker's own death or injury, as the text states it, counts (SCHEMA), once, beside the victims
    attacker_dead = any(s.labels("ATTACKER_DEAD") for s in group.sentences)
    attacker_hurt = not attacker_dead and any(s.labels("ATTACKER_HURT") for s in group.sentences)
    for s in group.sentences:
        if group.in_round_up and s.sums_incidents:
            continue  # rule 50: a round-up's sums are no one incident's counts
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
                # "... 3 morts", "le bilan s'élève à 3": the number counts the dead (DEAD after it, a TOLL word)
                if total is not None and (words_regex(DEAD_AFTER, lang).match(s.text[c.end - s.start:])
                                          or words_regex("{TOLL}", lang).match(c.text)):
                    killed.append(total)
                continue
            if c.label in ("KILL_AFTER", "INJURE_AFTER"):
                n_after = count_objects_after(s.text, c.end - s.start, lang)
                if n_after is not None:
                    (killed if c.label == "KILL_AFTER" else injured).append(n_after)
                continue
            if c.label in ("KILL", "INJURE", "KILL_IMPLIED", "INJURE_STATE") and \
                    (s.overlaps(c, "ATTACKER_DEAD") or s.overlaps(c, "ATTACKER_HURT")):
                continue  # the attacker's, counted once below
            if c.label == "INJURE_STATE":
                states.append(c)
                continue
            if c.label == "KILL" and s.overlaps(c, "INJURE_STATE"):
                continue  # rule 46: "en danger de mort", "tussen leven en dood": alive
            if c.label not in ("KILL", "INJURE", "KILL_IMPLIED"):
                continue
            if any(a <= c.start < b for a, b in blocked):
                continue
            if c.label == "KILL_IMPLIED":
                implied_dead = True
                continue
            if c.label == "INJURE" and fatally(s, c):
                c = Cue("KILL", c.detail, c.start, c.end, c.text)  # rule 62: "mortellement poignardé": killed
            n = count_before(s.text, c.start - s.start, lang, c.text)
            if c.label == "KILL" and one_of_group(s.text, lang):
                one_of_them_died = True
            done_to = coordinated_objects(s.text, c.end - s.start, lang)
            if done_to is not None:
                n = done_to  # rule 34: "a tué sa femme et deux enfants", "killed a magistrate and a clerk"
            if c.label == "KILL":
                if n == VAGUE:
                    vague_k = True
                elif n is not None:
                    killed.append(n + added_to(s, c, "KILL", killed_seen, lang))
                    killed_seen.append(c)
            else:
                if has_kill and not injured_beside_dead(s, c, lang):
                    # "un homme a été tué, un second ... a été blessé": another victim, told again elsewhere
                    explicit_injured |= another_victim(s, c, lang)
                    # "la victime, poignardée jeudi, est décédée dimanche": a later death of the injured victim
                    died_of_injuries |= any(k.start > c.start and any(f.start == k.start for f in s.labels("FOLLOWUP"))
                                            for k in s.labels("KILL"))
                    continue  # "grièvement blessé, il est décédé": the same victim
                if n == VAGUE:
                    vague_i = True
                elif n is not None:
                    beside_dead |= has_kill
                    injured.append(n + added_to(s, c, "INJURE", injured_seen, lang))
                    injured_seen.append(c)
                    others_injured |= others_named(s, c, lang)
                    explicit_injured |= another_victim(s, c, lang)
        # a condition says someone is injured only when the sentence counts no injury or death itself
        # ("L'autre victime est hors de danger"); "blessé ... dans un état critique" is the same victim
        for c in states:
            if injured_seen or has_kill or any(a <= c.start < b for a, b in blocked):
                break
            n = count_before(s.text, c.start - s.start, lang, c.text)
            if isinstance(n, int):
                injured.append(n)
                others_injured |= others_named(s, c, lang)
                explicit_injured |= another_victim(s, c, lang)  # "De twee andere slachtoffers zijn buiten levensgevaar"
                break
    if not (killed or injured or implied_dead or none_hurt or no_dead or vague_k or vague_i
            or attacker_dead or attacker_hurt):
        return None, None  # the text says nothing about victims (SCHEMA: null if not said)
    if (died_of_injuries or (max(killed, default=0) >= 1 and max(injured, default=0) == 1 and not beside_dead)) \
            and killed and not explicit_injured:
        # rule 31: one victim told as injured ("werd neergestoken", "grièvement blessé") and one or more who died, and
        # no other victim named ("un autre", "deux blessés", "un mort et un blessé"): one of the dead, killed only
        injured = []
    # victims are described: a kind of casualty not mentioned is 0 (the annotation convention)
    # a death implied ("braquage mortel") is the attacker's when the text tells the attacker died
    k = max(killed) if killed else (1 if implied_dead and not no_dead and not attacker_dead
                                    else (None if vague_k else 0))
    i = max(injured) if injured else (None if vague_i else 0)
    if vague_i and i is not None and i < 2:
        i = None  # rule 64: "fait plusieurs blessés" and one of them told: more were hurt than counted (SCHEMA: null)
    if none_hurt and not killed and not injured:
        k, i = (k if implied_dead else 0), 0
    if one_of_them_died and k and i is not None and i > k and not others_injured:
        i -= k  # rule 47: "trois victimes touchées par balles ... l'une d'elles est décédée": two injured, one dead
    if k is not None and attacker_dead:
        k += 1
    if i is not None and attacker_hurt:
        i += 1
    return k, i


# the words are lexicon data (extract/README.md "Data files"), the glue is here
DEAD_AFTER = r"\W*\w+\s+(?:{DEAD})"
ANOTHER = r"\b(?:{ANOTHER})\b"
JOIN = r"\b(?:{AND})\b"
ADDITION = r"^[^.;:]{0,40}?(?:,\s*|\s)(?:{AND}|{PLUS})\s+(?:\S+\s+){0,2}$"
SUBSET = r"\b(?:{SUBSET})\b"


def fatally(s: Sentence, cue: Cue) -> bool:
    """Rule 62: an injury told as fatal ("mortellement poignardé", "dodelijk werd neergestoken", "fatally
    stabbed"): a KILL_IMPLIED word in the 15 characters before the cue, in its clause."""
    return any(0 <= cue.start - k.end <= 15 and not re.search(r"[,;:.]", s.text[k.end - s.start:cue.start - s.start])
               for k in s.labels("KILL_IMPLIED"))


def another_victim(s: Sentence, cue: Cue, lang: str) -> bool:
    """Rules 15, 20: whether an injury cue counts a victim besides one who died: a count of two or more ("deux
    blessés") or another person ("un autre homme", "een tweede man", "another man"); "un homme poignardé" may be the
    one who died (ANOTHER words)."""
    n = count_before(s.text, cue.start - s.start, lang, cue.text, implied=False)
    return (isinstance(n, int) and n >= 2) or others_named(s, cue, lang)


def others_named(s: Sentence, cue: Cue, lang: str) -> bool:
    """Rules 15, 47: another person is named before the cue ("un autre homme", "deux autres personnes", "De twee
    andere slachtoffers"): ANOTHER words in the 60 characters before it."""
    rel = cue.start - s.start
    return bool(words_regex(ANOTHER, lang).search(s.text[max(0, rel - 60):rel]))


def added_to(s: Sentence, cue: Cue, label: str, seen: list[Cue], lang: str) -> int:
    """Rule 11: the count this cue adds to: "un blessé grave et deux blessés légers" -> the first count is added to
    the second (1 + 2); "deux blessés, dont un grave" is a subset (nothing added)."""
    if not seen:
        return 0
    prev = seen[-1]
    between = s.text[prev.end - s.start:cue.start - s.start]
    if words_regex(SUBSET, lang).search(between) or not words_regex(ADDITION, lang).match(between):
        return 0
    n = count_before(s.text, prev.start - s.start, lang, prev.text, implied=False)
    return n if isinstance(n, int) else 0


def injured_beside_dead(s: Sentence, cue: Cue, lang: str) -> bool:
    """Rules 11, 20: in a sentence that also reports a death, an injury cue counts only for another victim: it has
    its own quantifier and comes after a death cue ("un mort et un blessé", "ums Leben gekommen, ein weiterer wurde
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
    return nxt is not None and bool(words_regex(JOIN, lang).search(s.text[cue.end - s.start:nxt.start - s.start]))


def clause_end(s: Sentence, pos: int) -> int:
    """Rule 11: end (doc offset) of the clause containing doc offset `pos` in sentence `s`."""
    m = re.search(r"[,;:.!?]", s.text[pos - s.start:])
    return pos + m.start() if m else s.end
