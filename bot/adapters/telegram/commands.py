"""The command menus: customer commands for everyone, engineer commands in staff's private chats.

Which commands a menu offers comes from the route table (``menu=True``, through the
runtime); each description is the command's help line in the menu's language.
"""

from __future__ import annotations

import logging

from telegram import (
    Bot,
    BotCommand,
    BotCommandScope,
    BotCommandScopeChat,
    BotCommandScopeDefault,
)
from telegram.error import TelegramError

from bot.enums import Platform, Role
from bot.runtime import Runtime
from bot.settings import Config

from .render import TelegramRenderer

log = logging.getLogger(__name__)
MENU_LANGUAGES = ("ru", "zh")


def staff_chat_ids(config: Config) -> list[tuple[int, str]]:
    """(Telegram user id, language) of staff on Telegram; a private chat's id is the user id."""
    found: list[tuple[int, str]] = []
    for member in config.staff:
        for ref in member.identities:
            if ref.platform is Platform.TELEGRAM and ref.id.lstrip("-").isdigit():
                found.append((int(ref.id), member.language))
    return found


def _menu(
    renderer: TelegramRenderer, names: tuple[str, ...], lang: str, *, staff: bool = False
) -> list[BotCommand]:
    t = renderer.translator(lang, staff=staff)  # staff read the staff wording of a help line
    return [BotCommand(name, t(f"help_{name}")[:256]) for name in names]


async def register_commands(bot: Bot, runtime: Runtime, renderer: TelegramRenderer) -> None:
    """setMyCommands per scope; a failure is logged, it never stops the bot from starting."""
    config = runtime.settings.config
    customer, staff = runtime.menu(Role.CUSTOMER), runtime.menu(Role.ENGINEER)
    default_lang = config.reseller.default_language
    calls: list[tuple[BotCommandScope, str | None, list[BotCommand]]] = [
        (BotCommandScopeDefault(), None, _menu(renderer, customer, default_lang))
    ]
    for lang in MENU_LANGUAGES:
        if lang != default_lang:
            calls.append((BotCommandScopeDefault(), lang, _menu(renderer, customer, lang)))
    for chat_id, lang in staff_chat_ids(config):
        menu = _menu(renderer, staff, lang, staff=True)
        calls.append((BotCommandScopeChat(chat_id), None, menu))
    for scope, language, commands in calls:
        try:
            await bot.set_my_commands(commands, scope=scope, language_code=language)
        except TelegramError as exc:
            log.warning("setMyCommands (%s) failed: %s", scope.type, exc)
