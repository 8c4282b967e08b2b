"""The data the rules work on: cues, locations, sentences and the sentence groups that become incidents.

`Location` and the location logic the properties call live in extract/rules/location.py (re-exported here).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extract.rules.dates import DateMention
from extract.rules.location import Location, location_key, primary_location

__all__ = ["Cue", "Location", "Sentence", "SentenceGroup"]


@dataclass
class Cue:
    label: str
    detail: str
    start: int
    end: int
    text: str


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

    def inside(self, cue: Cue, label: str) -> bool:
        """Whether `cue` lies within a cue of `label` ("tirs" is a SHOTS word, "rappel" a RECAP phrase)."""
        return any(c.start <= cue.start and cue.end <= c.end for c in self.labels(label))

    def overlaps(self, cue: Cue, label: str) -> bool:
        """Whether a cue of `label` overlaps `cue` (an ARREST word in a FOLLOWUP cue)."""
        return any(c.start < cue.end and cue.start < c.end for c in self.labels(label))

    def near_before(self, label: str, pos: int, width: int) -> bool:
        """Whether a cue of `label` lies within `width` characters before sentence offset `pos`, in its clause
        (no clause break between it and `pos`)."""
        window = self.text[max(0, pos - width):pos]
        breaks = list(re.finditer(r"[,;:.!?()\n]", window))
        lo = max(0, pos - width) + (breaks[-1].end() if breaks else 0)
        return any(lo <= c.start - self.start and c.end - self.start <= pos for c in self.labels(label))

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
        """The location this sentence tells (location.primary_location)."""
        return primary_location(self)

    @property
    def sums_incidents(self) -> bool:
        """Rule 50: the sentence names two or more communes or announces several incidents (a MULTI cue): "Trois
        agressions au couteau à Molenbeek, Saint-Gilles et Anderlecht", "Two people were killed in multiple
        stabbings across Brussels"."""
        return len(self.communes) > 1 or bool(self.labels("MULTI"))

    @property
    def communes(self) -> set[str]:
        """The in-region communes the sentence names, by themselves or through their places."""
        return {loc.commune for loc in self.locations if loc.kind in ("commune", "place", "postal") and loc.commune}


@dataclass
class SentenceGroup:
    """The sentences telling one incident (its trigger sentences among them) and its location. `in_round_up`: one of
    several incidents of its article, whose sentences that sum them are no count of its own (rule 50)."""
    location: Location | None
    sentences: list[Sentence] = field(default_factory=list)
    trigger_sentences: list[Sentence] = field(default_factory=list)
    in_round_up: bool = False

    def key(self) -> str | None:
        return location_key(self.location)
