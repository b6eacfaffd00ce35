"""The digest's chart: tickets opened and resolved per day over 14 days, as a PNG."""

from __future__ import annotations

import io
from datetime import date

from matplotlib.figure import Figure  # a bare Figure draws with Agg: no display needed
from matplotlib.ticker import AutoLocator


def render_chart(days: list[date], opened: list[int], resolved: list[int], title: str) -> bytes:
    """A small bar chart, readable in a chat preview (800×360)."""
    # A bare Figure (no pyplot state machine) and fixed margins: tight_layout alone
    # costs more than drawing the bars.
    figure = Figure(figsize=(8, 3.6), dpi=100)
    axes = figure.add_subplot()
    figure.subplots_adjust(left=0.06, right=0.99, top=0.9, bottom=0.2)
    positions = range(len(days))
    width = 0.4
    axes.bar([p - width / 2 for p in positions], opened, width, label="opened", color="#d9822b")
    axes.bar([p + width / 2 for p in positions], resolved, width, label="resolved", color="#2b8a3e")
    axes.set_xticks(list(positions))
    axes.set_xticklabels([d.strftime("%d.%m") for d in days], rotation=45, fontsize=8)
    axes.set_title(title, fontsize=10)
    counts = AutoLocator()  # matplotlib's default ticks, at whole numbers only
    counts.set_params(integer=True)
    axes.yaxis.set_major_locator(counts)
    axes.legend(fontsize=8, frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
