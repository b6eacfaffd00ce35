"""The registry of front-end kinds' settings: one model per platform, one line in the union.

A front end is on when the config's ``front_ends:`` lists it, or, without that
section, when its secrets are in the environment (``from_environment``). Secrets stay
in the environment; these models hold what a reseller chooses (how events arrive).
The code that serves each kind is registered in ``bot/frontend.py``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Literal, get_args

from pydantic import Field

from bot.settings.base import Strict
from bot.settings.environment import Environment


class SlackFrontEndConfig(Strict):
    """Slack: the Events API at ``POST /slack/events``, or Socket Mode (no public URL;
    needs ``SLACK_APP_TOKEN``)."""

    kind: Literal["slack"]
    mode: Literal["events", "socket"] = "events"

    @classmethod
    def from_environment(cls, env: Environment) -> SlackFrontEndConfig | None:
        if env.slack_bot_token and env.slack_signing_secret:
            return cls(kind="slack")
        return None


class TelegramFrontEndConfig(Strict):
    """Telegram: a webhook at ``POST /telegram/webhook``, or long polling (development)."""

    kind: Literal["telegram"]
    mode: Literal["webhook", "polling"] = "webhook"

    @classmethod
    def from_environment(cls, env: Environment) -> TelegramFrontEndConfig | None:
        return cls(kind="telegram") if env.telegram_bot_token else None


FrontEndConfig = Annotated[
    SlackFrontEndConfig | TelegramFrontEndConfig, Field(discriminator="kind")
]
FRONT_END_KINDS: tuple[type[SlackFrontEndConfig | TelegramFrontEndConfig], ...] = get_args(
    get_args(FrontEndConfig)[0]
)


def choose_front_ends(
    configured: Sequence[FrontEndConfig] | None, env: Environment
) -> tuple[FrontEndConfig, ...]:
    """The configured front ends, or every kind whose secrets the environment holds."""
    if configured is not None:
        return tuple(configured)
    found = (kind.from_environment(env) for kind in FRONT_END_KINDS)
    return tuple(config for config in found if config is not None)
