"""``supportbot serve --telegram-polling``: swap the webhook front end for a polling one."""

from __future__ import annotations

from bot.frontend import FrontEnd
from bot.runtime import Runtime

from .frontend import TelegramFrontEnd


def use_polling(runtime: Runtime, front_ends: list[FrontEnd]) -> list[FrontEnd]:
    """The same front ends, with Telegram served by long polling (development, no public URL).

    Polling deletes any registered webhook first: Telegram refuses getUpdates while
    a webhook is set.

    Raises:
        ConfigError: TELEGRAM_BOT_TOKEN is not set.
    """
    others = [f for f in front_ends if f.name != TelegramFrontEnd.name]
    return [*others, TelegramFrontEnd.from_settings(runtime, polling=True)]
