"""The digest's small chart: incidents per day over the last 30 days, as PNG bytes (matplotlib, Agg)."""

from __future__ import annotations

import datetime as dt
import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402


def daily_chart_png(daily: list[tuple[dt.date, int]], title: str) -> bytes:
    """A 600x200 px bar chart of (day, count); every day should be present (zeros included)."""
    fig, ax = plt.subplots(figsize=(6, 2), dpi=100)
    try:
        days = [d for d, _ in daily]
        counts = [n for _, n in daily]
        ax.bar(days, counts, width=0.8, color="#b03a2e")
        ax.set_title(title, fontsize=9, loc="left")
        ax.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=4))
        ax.set_ylim(0, max(counts + [1]) * 1.15)
        ax.xaxis.set_major_locator(mdates.DayLocator(interval=7))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%d/%m"))
        ax.tick_params(labelsize=7)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        fig.tight_layout()
        buf = io.BytesIO()
        fig.savefig(buf, format="png")
        return buf.getvalue()
    finally:
        plt.close(fig)
