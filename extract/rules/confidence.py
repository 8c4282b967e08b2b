"""How sure the extraction is of an incident (extract/README.md "Confidence", 0..0.95)."""

from __future__ import annotations


def confidence(strength: float, commune: str | None, location_kind: str, date_found: bool, killed: int | None,
               injured: int | None, weapon: str | None, in_title: bool) -> float:
    """Confidence rule (README "Confidence"): 0.35 × trigger strength + 0.25 commune found (0.1 for "Brussels")
    + 0.15 date from the text + 0.1 casualties or weapon known + 0.1 the title tells it too; at most 0.95."""
    score = 0.35 * strength + (0.25 if commune else 0.1 if location_kind == "ambiguous" else 0.0) \
        + (0.15 if date_found else 0.0) + (0.1 if (killed or injured or weapon) else 0.0) \
        + (0.1 if in_title else 0.0)
    return round(min(score, 0.95), 2)
