"""Which articles and sentences may tell an incident (extract/README.md rules 2, 3, 18, 22): the article-level gate
on the title and the body, and which sentences' triggers and facts count.

Rule 1 (the keyword gate before the pipeline) is extract/gate.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from extract.rules.model import Sentence

TITLE_NEGATIVE_KINDS = {"sport", "fiction", "exercise", "fireworks", "accident", "statistics", "trial", "anniversary",
                        "alert", "politics"}
BODY_NEGATIVE_KINDS = {"sport", "fiction", "exercise"}
SENTENCE_NEGATIVE_KINDS = TITLE_NEGATIVE_KINDS | {"negated", "nonviolent"}
LEAD_NEGATIVE_KINDS = {"trial", "anniversary", "statistics"}  # an untitled article's first sentence, as a title
SECONDARY_TITLE_KINDS = {"politics", "sport"}  # may sit beside a real incident in a title
QUOTES = "«»\"'‘’“”„"


def sentence_negative_kinds(sent: Sentence) -> set[str]:
    """Rules 3, 41: the negative contexts of a sentence; a politician who reports the facts ("at least three were
    killed, Interior Minister X said", "a annoncé le ministre") is a source, not a policy debate."""
    kinds = sent.negative_kinds & SENTENCE_NEGATIVE_KINDS
    if "politics" in kinds and sent.labels("REPORTING"):
        kinds.discard("politics")
    return kinds


def is_active(sent: Sentence) -> bool:
    """Rule 3: whether this sentence's triggers count (no negative or background context). Sport words only silence
    weak triggers ("tir enroulé", "fusille le gardien"): "poignardé après le match" stays an incident."""
    kinds = sentence_negative_kinds(sent)
    if kinds and not (kinds == {"sport"} and any(c.detail.endswith("/strong") for c in sent.triggers())):
        return False
    return not sent.is_background


def is_usable(sent: Sentence) -> bool:
    """Rule 3: whether a sentence may give facts (casualties, weapon, hour, location): neither background nor
    negative."""
    return not sent.is_background and not sentence_negative_kinds(sent)


def title_is_hedged(title: Sentence) -> bool:
    """Rule 2: a title trigger inside quotes ("les « coups de feu »", "'schietpartij' blijkt") reports no real
    incident."""
    for cue in title.triggers():
        s, e = cue.start - title.start, cue.end - title.start
        before, after = title.text[max(0, s - 2):s], title.text[e:e + 2]
        if any(q in before for q in QUOTES) and any(q in after for q in QUOTES):
            return True
    return False


def keep_recaps(sentences: list[Sentence]) -> None:
    """Rule 18: a follow-up recaps its own incident: "Pour rappel, deux hommes avaient été blessés jeudi" is not
    background when the recap (a RECAP cue) is the sentence's only background cue (drops those BACKGROUND cues in
    place)."""
    if any(c.label == "FOLLOWUP" for s in sentences for c in s.cues):
        for s in sentences:
            bg = s.labels("BACKGROUND")
            if bg and all(s.inside(c, "RECAP") for c in bg):
                s.cues = [c for c in s.cues if c.label != "BACKGROUND"]


def article_gate(title: list[Sentence], body: list[Sentence]) -> str | None:
    """Rules 2, 22: why the article tells no incident, or None: a negative cue in the title, a quoted title trigger,
    three or more sport/fiction/exercise cues in the body. A title with a strong trigger (not a word for shots, a SHOTS
    cue, which may be shots at goal) keeps its incident beside politics or sport: those NEG cues are dropped from the title."""
    title_neg = set().union(*(s.negative_kinds for s in title)) & TITLE_NEGATIVE_KINDS if title else set()
    title_strong = any(c.detail.endswith("/strong") and not s.inside(c, "SHOTS")
                       for s in title for c in s.triggers())  # "Union wint derby dankzij twee late schoten"
    if title_neg and title_neg <= SECONDARY_TITLE_KINDS and title_strong:
        # "Fusillade à Anderlecht : le ministre réagit", "Un supporter poignardé après le match": the incident is
        # the news, the reaction or the match is context
        for s in title:
            s.cues = [c for c in s.cues if not (c.label == "NEG" and c.detail in SECONDARY_TITLE_KINDS)]
        title_neg = set()
    if title_neg:
        return f"negative title: {', '.join(sorted(title_neg))}"
    lead = next((s for s in body if s.triggers()), None)  # the first sentence that tells an incident
    lead_neg = lead.negative_kinds & LEAD_NEGATIVE_KINDS if lead is not None else set()
    if lead_neg:
        # rule 39: an article opens with its news: a lead about a sentence or an anniversary is a trial or
        # anniversary piece, whatever it recalls of the incident, and whatever its title names (rule 65: "Fusillade
        # de la rue Heyvaert : « ... », plaide le prévenu" over "Le procès de la fusillade s'est ouvert lundi")
        return f"negative lead: {', '.join(sorted(lead_neg))}"
    if any(title_is_hedged(s) for s in title):
        return "negative title: quoted trigger"
    body_neg = [c for s in body for c in s.cues if c.label == "NEG" and c.detail in BODY_NEGATIVE_KINDS]
    # rule 36: riots after a match are news of their own (SCHEMA: riots are incidents of type other)
    riots = any(c.detail == "other/strong" for s in body for c in s.triggers() if not s.is_background)
    if len(body_neg) >= 3 and not title_strong and not riots:
        return f"negative context: {', '.join(sorted({c.detail for c in body_neg}))}"
    return None
