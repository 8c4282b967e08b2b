"""The site's charts as geometry for inline SVG (the templates draw them): stacked bars of incidents per month."""

from __future__ import annotations

import datetime as dt
from typing import Any

WIDTH, HEIGHT = 720, 220
LEFT, RIGHT, TOP, BOTTOM = 34, 6, 10, 34


def nice_max(value: int) -> int:
    """The top of the y axis: at least 2, and even, so the middle tick is a whole number."""
    return max(2, value + value % 2)


def monthly_bars(months: list[tuple[dt.date, dict[str, int]]], types: tuple[str, ...]) -> dict[str, Any]:
    """One bar per month, stacked by type in `types` order (bottom first); ticks at 0, half and the top."""
    top = nice_max(max((sum(by_type.values()) for _, by_type in months), default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(months), 1)
    bars = []
    for i, (month, by_type) in enumerate(months):
        x = LEFT + i * slot + slot * 0.15
        y = TOP + plot_h
        segments = []
        for kind in types:
            n = by_type.get(kind, 0)
            if n:
                h = plot_h * n / top
                y -= h
                segments.append({"type": kind, "n": n, "y": round(y, 2), "h": round(h, 2)})
        bars.append({"month": month, "x": round(x, 2), "w": round(slot * 0.7, 2), "total": sum(by_type.values()),
                     "segments": segments, "label_x": round(x + slot * 0.35, 2), "show_label": month.month in (1, 4, 7, 10)})
    ticks = [{"value": v, "y": round(TOP + plot_h - plot_h * v / top, 2)} for v in (0, top // 2, top)]
    return {"width": WIDTH, "height": HEIGHT, "left": LEFT, "right": WIDTH - RIGHT, "baseline": TOP + plot_h,
            "bars": bars, "ticks": ticks, "types": [t for t in types if any(b.get(t) for _, b in months)]}
