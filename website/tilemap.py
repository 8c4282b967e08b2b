"""The map of the public site: a tile grid (one square per commune, laid out as the region is) read from
website/data/tilegrid.json, validated against the gazetteer, coloured by a count with the count written in it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from gazetteer import commune_names

TILEGRID_FILE = "data/tilegrid.json"
TILE, GAP = 96, 6   # px of a square and of the gap between squares (the SVG scales to the page)
# Colour classes by count (bins are fixed so a colour means the same number everywhere): upper bound, class.
BINS = ((0, 0), (2, 1), (5, 2), (10, 3), (None, 4))


@dataclass(frozen=True)
class Tile:
    commune: str
    col: int
    row: int
    abbr: str


def parse(raw: dict[str, Any], names: tuple[str, ...]) -> tuple[int, int, list[Tile]]:
    """(columns, rows, tiles); ValueError when the grid does not hold exactly the gazetteer's communes, once each."""
    def fail(msg: str) -> ValueError:
        return ValueError(f"website/{TILEGRID_FILE}: {msg}")

    try:
        columns, rows = int(raw["columns"]), int(raw["rows"])
        tiles = [Tile(name, int(t["col"]), int(t["row"]), str(t["abbr"])) for name, t in raw["tiles"].items()]
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise fail(f"missing or malformed key ({exc})") from exc
    missing, unknown = set(names) - {t.commune for t in tiles}, {t.commune for t in tiles} - set(names)
    if missing or unknown:
        raise fail(f"communes missing {sorted(missing)}, not in the gazetteer {sorted(unknown)}")
    cells = [(t.col, t.row) for t in tiles]
    if len(set(cells)) != len(cells):
        raise fail("two communes share a square")
    if any(not (0 <= t.col < columns and 0 <= t.row < rows) or not t.abbr for t in tiles):
        raise fail(f"a square is outside the {columns}x{rows} grid or has no abbr")
    return columns, rows, tiles


@cache
def grid() -> tuple[int, int, list[Tile]]:
    raw = json.loads((resources.files("website") / TILEGRID_FILE).read_text(encoding="utf-8"))
    return parse(raw, commune_names())


def level(count: int) -> int:
    """The colour class (0-4) of a count."""
    for upper, cls in BINS:
        if upper is None or count <= upper:
            return cls
    raise AssertionError("unreachable")


def legend() -> list[tuple[int, str]]:
    """(class, range label) for the legend: 0, 1–2, 3–5, 6–10, 11+."""
    out, low = [], 0
    for upper, cls in BINS:
        if upper is None:
            out.append((cls, f"{low}+"))
        else:
            out.append((cls, str(upper) if upper == low else f"{low}–{upper}"))
            low = upper + 1
    return out


def layout(counts: dict[str, int]) -> dict[str, Any]:
    """The squares' geometry, colour class and count, and the SVG's size."""
    columns, rows, tiles = grid()
    step = TILE + GAP
    return {
        "width": columns * step - GAP, "height": rows * step - GAP, "size": TILE,
        "tiles": [{"commune": t.commune, "abbr": t.abbr, "x": t.col * step, "y": t.row * step,
                   "count": counts.get(t.commune, 0), "level": level(counts.get(t.commune, 0))} for t in tiles],
    }
