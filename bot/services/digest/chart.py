"""The digest's chart: tickets opened and resolved per day over 14 days, as a PNG."""

from __future__ import annotations

import io
from datetime import date

import matplotlib

matplotlib.use("Agg")  # no display on servers

from matplotlib import pyplot as plt


def render_chart(days: list[date], opened: list[int], resolved: list[int], title: str) -> bytes:
    """A small bar chart, readable in a chat preview (800×360)."""
    figure, axes = plt.subplots(figsize=(8, 3.6), dpi=100)
    try:
        positions = range(len(days))
        width = 0.4
        axes.bar([p - width / 2 for p in positions], opened, width, label="opened", color="#d9822b")
        axes.bar(
            [p + width / 2 for p in positions], resolved, width, label="resolved", color="#2b8a3e"
        )
        axes.set_xticks(list(positions))
        axes.set_xticklabels([d.strftime("%d.%m") for d in days], rotation=45, fontsize=8)
        axes.set_title(title, fontsize=10)
        axes.yaxis.get_major_locator().set_params(integer=True)
        axes.legend(fontsize=8, frameon=False)
        axes.spines[["top", "right"]].set_visible(False)
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
        return buffer.getvalue()
    finally:
        plt.close(figure)
