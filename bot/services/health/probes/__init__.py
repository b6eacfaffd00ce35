"""The registry of health-check kinds: one module per kind, one line in ``CheckConfig``.

Adding a kind: write ``probes/<kind>.py`` with a settings model derived from
``NetworkCheck`` (or ``BaseCheck``) that has a ``kind`` literal and a ``probe``, import
it here and add it to the union. The config loader and the runner pick it up from
there; its row in docs/health.md's table is written by hand.
"""

from __future__ import annotations

from typing import Annotated, get_args

from pydantic import Field, TypeAdapter

from bot.services.health.probes.base import BaseCheck, CheckResult, NetworkCheck
from bot.services.health.probes.feed import FeedCheck
from bot.services.health.probes.http import HttpCheck
from bot.services.health.probes.manual import ManualCheck
from bot.services.health.probes.statuspage import StatuspageCheck
from bot.services.health.probes.tcp import TcpCheck

CheckConfig = Annotated[
    HttpCheck | TcpCheck | StatuspageCheck | FeedCheck | ManualCheck,
    Field(discriminator="kind"),
]
CHECK_KINDS: tuple[type[BaseCheck], ...] = get_args(get_args(CheckConfig)[0])
_ADAPTER: TypeAdapter[BaseCheck] = TypeAdapter(CheckConfig)


def parse_check(raw: dict[str, object]) -> BaseCheck:
    """One check's settings from a mapping, validated as the config loader does.

    Raises:
        pydantic.ValidationError: an unknown kind, a missing or wrong field.
    """
    return _ADAPTER.validate_python(raw)


__all__ = [
    "CHECK_KINDS",
    "BaseCheck",
    "CheckConfig",
    "CheckResult",
    "FeedCheck",
    "HttpCheck",
    "ManualCheck",
    "NetworkCheck",
    "StatuspageCheck",
    "TcpCheck",
    "parse_check",
]
