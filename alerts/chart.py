"""The digest's small chart: incidents per day over the last 30 days, as PNG bytes (matplotlib, Agg)."""

from __future__ import annotations

import datetime as dt
import io

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator


def daily_chart_png(daily: list[tuple[dt.date, int]], title: str) -> bytes:
    """A 600x200 px bar chart of (day, count), one bar per listed day (zeros included), ticks weekly."""
    fig = Figure(figsize=(6, 2), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    counts = [n for _, n in daily]
    positions = range(len(daily))
    ax.bar(positions, counts, width=0.8, color="#b03a2e")
    ax.set_title(title, fontsize=9, loc="left")
    ax.set_xlim(-0.6, len(daily) - 0.4)
    ticks = list(positions)[::-7][::-1]   # every 7th day, ending on the last one
    ax.set_xticks(ticks, [daily[i][0].strftime("%d/%m") for i in ticks])
    ax.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=4))
    ax.set_ylim(0, max(counts + [1]) * 1.15)
    ax.tick_params(labelsize=7)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.subplots_adjust(left=0.06, right=0.98, top=0.86, bottom=0.14)  # fixed margins: tight_layout costs ~3x
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()
