"""Service health: checks, states, incidents, history, announcements and the status page."""

from bot.services.health.history import Uptime
from bot.services.health.runner import RoundReport
from bot.services.health.service import HealthService
from bot.services.health.states import parse_state, worst
from bot.services.health.views import (
    IncidentView,
    ServiceDetail,
    ServiceStatus,
    StatusPage,
)

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
