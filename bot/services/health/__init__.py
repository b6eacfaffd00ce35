"""Service health: checks, states, incidents, history, announcements and the status page.

Names are re-exported lazily: the settings import the check kinds
(``bot.services.health.probes``) while they load, and the service modules import
the settings, so this package must not import its service modules up front.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.services.health.history import Uptime
    from bot.services.health.runner import RoundReport
    from bot.services.health.service import HealthService
    from bot.services.health.states import parse_state, worst
    from bot.services.health.views import IncidentView, ServiceDetail, ServiceStatus, StatusPage

_HOMES = {
    "HealthService": "service",
    "IncidentView": "views",
    "RoundReport": "runner",
    "ServiceDetail": "views",
    "ServiceStatus": "views",
    "StatusPage": "views",
    "Uptime": "history",
    "parse_state": "states",
    "worst": "states",
}
__all__ = [
    "HealthService",
    "IncidentView",
    "RoundReport",
    "ServiceDetail",
    "ServiceStatus",
    "StatusPage",
    "Uptime",
    "parse_state",
    "worst",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{home}"), name)
