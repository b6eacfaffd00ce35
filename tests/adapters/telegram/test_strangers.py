"""A private chat no customer owns yet, from people whose Telegram app is in Russian or
Chinese, or who write in it: the first thing they read is in their language
(walkthrough 10, finding 11)."""

from __future__ import annotations

import pytest

from bot.adapters.telegram._html import to_plain_text

from .conftest import Bot
from .updates import private

NOT_LINKED = {
    "en": "This chat isn't linked to a customer account yet",
    "ru": "Этот чат ещё не привязан к учётной записи клиента",
    "zh": "此聊天尚未关联客户账户",
}
BAD_CODE = {
    "en": "That code is unknown, already used or expired",
    "ru": "Код неизвестен, уже использован или истёк",
    "zh": "该代码无效、已被使用或已过期",
}


def _answer(bot: Bot, user: int) -> str:
    return to_plain_text(bot.sent_to(user)[0]["text"])


@pytest.mark.parametrize(
    ("user", "app", "text", "lang"),
    [
        (7101, "ru", "/start", "ru"),
        (7102, "ru-RU", "здравствуйте", "ru"),
        (7103, "zh-hans", "你好，我想问一下发票的问题", "zh"),
        (7104, "zh-hant", "/start", "zh"),
        (7105, "en", "/start", "en"),
        (7106, "de", "/start", "en"),  # a language we don't speak: the reseller's
        (7107, None, "/start", "en"),  # Telegram did not say
    ],
)
def test_a_stranger_is_answered_in_their_apps_language(
    bot: Bot, user: int, app: str | None, text: str, lang: str
) -> None:
    bot.send(private(text, user_id=user, language_code=app))
    assert NOT_LINKED[lang] in _answer(bot, user)


@pytest.mark.parametrize(
    ("user", "app", "text", "lang"),
    [
        (7201, "en", "у нас не работает почта, что делать?", "ru"),
        (7202, None, "邮箱登录不了，怎么办", "zh"),
        (7203, "ru", "hello, our outlook is not connecting since this morning", "en"),
    ],
)
def test_what_they_write_counts_over_the_apps_language(
    bot: Bot, user: int, app: str | None, text: str, lang: str
) -> None:
    bot.send(private(text, user_id=user, language_code=app))
    assert NOT_LINKED[lang] in _answer(bot, user)


@pytest.mark.parametrize(("user", "app"), [(7301, "ru"), (7302, "zh"), (7303, "en-GB")])
def test_a_wrong_link_code_is_refused_in_their_language(bot: Bot, user: int, app: str) -> None:
    bot.send(private("/start ZZZZ9999", user_id=user, language_code=app))
    assert BAD_CODE[app[:2]] in _answer(bot, user)
