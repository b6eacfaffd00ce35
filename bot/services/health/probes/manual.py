"""``kind: manual``: nothing is probed; engineers declare incidents (``/incident``)."""

from __future__ import annotations

from typing import ClassVar, Literal

from bot.services.health.probes.base import BaseCheck


class ManualCheck(BaseCheck):
    """A service watched by people only."""

    kind: Literal["manual"]
    probed: ClassVar[bool] = False
