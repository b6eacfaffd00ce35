"""Where the knowledge base lives and how sure an answer must be."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from bot.settings.base import Strict


class KnowledgeBaseConfig(Strict):
    """The KB folder (relative to the config file), the answer threshold and reloads."""

    path: Path = Path("knowledge_base")
    # None: the threshold calibrated with the confidence weights (bot/kb/data/calibration.yml)
    min_confidence: float | None = Field(None, ge=0.0, le=1.0)
    # None: the calibrated floor from which an answer short of the threshold is shown as
    # the bot's best guess ("not certain", runners-up numbered); 1.0 turns guesses off
    tentative: float | None = Field(None, ge=0.0, le=1.0)
    synonyms: Path | None = None
    reload_seconds: float = Field(2.0, ge=0.0)
    url_base: str | None = None  # article link = url_base + path without .md, unless `url:`
