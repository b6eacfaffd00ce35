"""A customer's walk-through over Telegram (en, ru, zh): the ticket form left half-done
must not swallow their next message, "how bad is it?" asked again says what to type, and
an older "No, still broken" pressed after "Yes, solved" reopens nothing."""

from __future__ import annotations

import re
import textwrap
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from bot.adapters.telegram._html import to_plain_text
from bot.adapters.telegram.render import TelegramRenderer
from bot.clock import utc_now
from bot.enums import Role
from bot.messages import Actor
from bot.services.ticket_views import TicketFilter
from bot.settings import load_settings
from tests.factories import CONFIG, with_conversation_chats, write_kb
from tests.fakes.telegram_api import FakeTelegramApi

from .conftest import Bot, StartBot, add_telegram, telegram_environ
from .updates import ENGINEER_USER, answering, buttons, callback, mention, message, private

BOT = "acme_support_bot"
GROUPS = {"en": -100, "ru": -400, "zh": -300}
QUESTION = {"en": "I forgot my password", "ru": "Забыл пароль", "zh": "忘记密码了"}
STAFF = Actor(role=Role.ENGINEER, user_id="alice")
NEW_QUESTION = {
    "en": "how do I connect to the VPN?",
    "ru": "как подключиться к VPN?",
    "zh": "怎么连接VPN？",
}


class Clock:
    """The bot's clock: now, moved on by the test (the people walk away and come back)."""

    def __init__(self) -> None:
        self.offset = timedelta()

    def __call__(self) -> datetime:
        return utc_now() + self.offset


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    """Globex (Russian) gets a Telegram group beside Acme's and Huaxia's (Chinese)."""
    write_kb(tmp_path / "kb")
    text = with_conversation_chats(CONFIG).replace(
        "channels: [{platform: slack, id: C_GLOBEX}]",
        'channels: [{platform: slack, id: C_GLOBEX}, {platform: telegram, id: "-400"}]',
    )
    path = tmp_path / "supportbot.yml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return add_telegram(path)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def bot(
    start_bot: StartBot, config_file: Path, fake_api: FakeTelegramApi, tmp_path: Path, clock: Clock
) -> Bot:
    url = f"sqlite:///{tmp_path / 'var' / 'tg.db'}"
    settings = load_settings(config_file, environ=telegram_environ(fake_api, url))
    return start_bot(settings, clock=clock)


def _texts(bot: Bot, chat: int, count: int) -> list[str]:
    """The first ``count`` different messages to ``chat``. Delivery is at least once: on
    a loaded machine a send that timed out is retried after Telegram took it, and the same
    text arrives twice in a row (a customer sees it twice; nothing is lost)."""
    seen = count
    while True:
        texts = [to_plain_text(p["text"]) for p in bot.sent_to(chat, seen)]
        distinct = [t for i, t in enumerate(texts) if i == 0 or t != texts[i - 1]]
        if len(distinct) >= count:
            return distinct[:count]
        seen += count - len(distinct)


def _start_form(bot: Bot, lang: str) -> dict:
    """Ask, press "talk to an engineer": the subject prompt (the second message)."""
    t = TelegramRenderer().translator(lang)
    group = GROUPS[lang]
    bot.send(message(mention(QUESTION[lang]), chat_id=group))
    talk = buttons(bot.sent_to(group, 1)[0])[t("action_kb_talk_to_engineer")]
    bot.send(callback(talk, chat_id=group))
    answer = bot.sent_to(group, 1)[0]["text"]
    count = 2
    while True:  # the first message after the answer that is not the answer again
        later = [p for p in bot.sent_to(group, count)[1:] if p["text"] != answer]
        if later:
            return later[0]
        count += 1


def _no_ticket(bot: Bot) -> bool:
    return not bot.dispatcher.services.tickets.list_for(STAFF, TicketFilter(include_closed=True))


# -- 1. a form walked away from ---------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_a_form_left_for_a_while_is_set_aside_and_the_new_question_answered(
    bot: Bot, clock: Clock, lang: str
) -> None:
    """The tester pressed "talk to an engineer", went for lunch and asked about the VPN
    on coming back: that became the ticket's subject. Now the question is answered, after
    a line saying the half-done ticket was set aside."""
    t = TelegramRenderer().translator(lang)
    group = GROUPS[lang]
    _start_form(bot, lang)
    clock.offset = timedelta(minutes=15)
    bot.send(message(mention(NEW_QUESTION[lang]), chat_id=group))
    said = _texts(bot, group, 3)[2]
    assert said.startswith(t("draft_set_aside", subject=QUESTION[lang])), said
    assert "Check the VPN client" in said and t("draft_severity_prompt") not in said
    assert _no_ticket(bot)
    bot.send(message(mention("c"), chat_id=group))  # no form waits any more
    assert t("draft_severity_prompt") not in _texts(bot, group, 4)[3]
    assert _no_ticket(bot)


def test_a_reply_to_the_forms_question_answers_it_even_later(bot: Bot, clock: Clock) -> None:
    """Replying to "1/3 Subject of the ticket" is plainly the answer, 20 minutes on too."""
    prompt = _start_form(bot, "en")
    clock.offset = timedelta(minutes=20)
    bot.send(answering(prompt, "Portal login loops", chat_id=GROUPS["en"]))
    assert "2/3 How bad is it?" in _texts(bot, GROUPS["en"], 3)[2]


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_another_command_sets_the_form_aside(bot: Bot, lang: str) -> None:
    """/health in the middle of the form: the next message that replies to nothing is a
    question again (with the word about the form); nothing is lost."""
    t = TelegramRenderer().translator(lang)
    group = GROUPS[lang]
    _start_form(bot, lang)
    bot.send(message(f"/health@{BOT}", chat_id=group))
    bot.sent_to(group, 3)
    bot.send(message(mention(NEW_QUESTION[lang]), chat_id=group))
    said = _texts(bot, group, 4)[3]
    assert said.startswith(t("draft_set_aside", subject=QUESTION[lang])), said
    assert "Check the VPN client" in said
    assert _no_ticket(bot)


def test_after_another_command_a_reply_to_the_question_still_answers_it(bot: Bot) -> None:
    group = GROUPS["en"]
    prompt = _start_form(bot, "en")
    bot.send(message(f"/tickets@{BOT}", chat_id=group))
    bot.sent_to(group, 3)
    bot.send(answering(prompt, "Portal login loops", chat_id=group))
    assert "2/3 How bad is it?" in _texts(bot, group, 4)[3]


def test_a_reply_to_another_answer_is_about_that_answer(bot: Bot) -> None:
    """During the form, "and on my phone?" in reply to the KB answer is a follow-up of that
    answer, not the ticket's subject."""
    group = GROUPS["en"]
    bot.send(message(mention(QUESTION["en"]), chat_id=group))
    answer = bot.sent_to(group, 1)[0]
    bot.send(callback(buttons(answer)["Talk to an engineer"], chat_id=group))
    bot.sent_to(group, 2)
    bot.send(answering(answer, "and on my phone?", chat_id=group))
    said = _texts(bot, group, 3)[2]
    assert said.startswith("You didn't finish the ticket you started"), said
    assert "2/3" not in said and _no_ticket(bot)


# -- 2. "how bad is it?" asked again -----------------------------------------------------

WRONG = {"en": "high", "ru": "срочно", "zh": "很急"}
SAID = {
    "en": "the whole office cannot send mail since 9",
    "ru": "весь офис не может отправлять почту с 9 утра",
    "zh": "整个办公室从九点开始都发不了邮件",
}
LETTER_B = {"en": "b", "ru": "В", "zh": "Ｂ"}  # ru: the Cyrillic letter; zh: full width


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_severity_asked_again_says_what_to_type_and_keeps_what_was_said(
    bot: Bot, lang: str
) -> None:
    t = TelegramRenderer().translator(lang)
    group = GROUPS[lang]
    prompt = _start_form(bot, lang)
    bot.send(callback(buttons(prompt)[t("action_ticket_draft_keep")], chat_id=group))
    severity = bot.sent_to(group, 3)[2]
    bot.send(answering(severity, WRONG[lang], chat_id=group))
    again = bot.sent_to(group, 4)[3]
    text = to_plain_text(again["text"])
    assert text.startswith(t("draft_not_a_choice", answer=WRONG[lang])), text
    assert t("draft_kept_for_description") not in text
    for letter in "ABC":
        assert f"{letter} — {t('draft_severity_' + letter)}" in text
    assert t("action_ticket_draft_severity_A") in buttons(again)

    bot.send(answering(again, SAID[lang], chat_id=group))
    kept = to_plain_text(bot.sent_to(group, 5)[4]["text"])
    assert t("draft_kept_for_description") in kept and t("draft_severity_prompt") in kept
    bot.send(answering(bot.sent_to(group, 5)[4], LETTER_B[lang], chat_id=group))
    description = bot.sent_to(group, 6)[5]
    assert t("draft_description_prompt") in to_plain_text(description["text"])
    bot.send(callback(buttons(description)[t("action_ticket_draft_skip")], chat_id=group))
    opened = _texts(bot, group, 7)[6]
    number = re.search(r"T-\d+", opened).group(0)  # type: ignore[union-attr]
    ticket, _ = bot.dispatcher.services.tickets.get(STAFF, number)
    assert ticket.severity == "B" and SAID[lang] in ticket.description
    assert WRONG[lang] not in ticket.description


# -- 3. an older "No, still broken" after "Yes, solved" ----------------------------------

SUBJECT = {"en": "Calendar not syncing", "ru": "Календарь не синхронизируется", "zh": "日历不同步"}
UNCLEAR = {"en": "I restarted the PC", "ru": "перезагрузил компьютер", "zh": "我重启了电脑"}
BROKEN = {"en": "it stopped syncing again", "ru": "опять не синхронизируется", "zh": "又不同步了"}


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_an_older_no_after_yes_reopens_nothing_and_words_still_can(bot: Bot, lang: str) -> None:
    """Resolved; the customer's "I restarted the PC" asked "did this solve it?" again
    under a second message; Yes there closed it. The first message's "No, still broken",
    pressed later, reopened the ticket. Now it says the ticket stays closed and how to say
    it broke again; saying so in reply to that message does reopen it."""
    t = TelegramRenderer().translator(lang)
    group = GROUPS[lang]
    bot.send(message(f"/ticket@{BOT} new {SUBJECT[lang]}", chat_id=group))
    number = re.search(r"T-\d+", _texts(bot, group, 1)[0]).group(0)  # type: ignore[union-attr]
    bot.send(private(f"/resolve {number} Re-added the account", user_id=ENGINEER_USER))
    asked = bot.sent_to(group, 2)[1]
    bot.send(answering(asked, UNCLEAR[lang], chat_id=group))
    again = bot.sent_to(group, 3)[2]
    bot.send(callback(buttons(again)[t("action_ticket_confirm_yes")], chat_id=group))
    assert _texts(bot, group, 4)[3] == t("ticket_confirmed_yes", number=number)

    bot.send(callback(buttons(asked)[t("action_ticket_confirm_no")], chat_id=group))
    stale = bot.sent_to(group, 5)[4]
    assert to_plain_text(stale["text"]) == t("ticket_confirmed_said_solved", number=number)
    ticket, events = bot.dispatcher.services.tickets.get(STAFF, number)
    assert ticket.status == "closed" and not [e for e in events if e.kind == "reopened"]

    bot.send(answering(stale, BROKEN[lang], chat_id=group))  # "it broke again", in words
    reopened = _texts(bot, group, 6)[5]
    assert t("ticket_comment_reopened", number=number) in reopened, reopened
    ticket, _ = bot.dispatcher.services.tickets.get(STAFF, number)
    assert ticket.status == "open"
