"""The "talk to an engineer" conversation: subject, severity, description, then a ticket."""

from __future__ import annotations

from pathlib import Path

from bot.adapters.telegram._html import to_plain_text
from bot.enums import Role
from bot.messages import Actor
from bot.settings import Settings, load_settings
from bot.times import format_when
from tests.fakes.telegram_api import FakeTelegramApi

from .conftest import ACME_GROUPS, ENGINEERS_CHAT, Bot, StartBot, telegram_environ
from .updates import (
    CUSTOMER_USER,
    ENGINEER_USER,
    answering,
    buttons,
    callback,
    mention,
    message,
    private,
)

COLLEAGUE = CUSTOMER_USER + 1


def ask(bot: Bot, group: int, question: str = "I forgot my password") -> dict[str, str]:
    bot.send(message(mention(question), chat_id=group, topic=5))
    return buttons(bot.sent_to(group)[0])


def alert_for(bot: Bot, needle: str) -> str:
    calls = bot.api.wait_for(
        "sendMessage",
        where=lambda c: c.payload["chat_id"] == ENGINEERS_CHAT and needle in c.payload["text"],
    )
    return to_plain_text(calls[0].payload["text"])


def test_typed_subject_chosen_severity_and_description_open_a_ticket(bot: Bot) -> None:
    group = bot.new_group()
    bot.send(callback(ask(bot, group)["Talk to an engineer"], chat_id=group, topic=5))
    subject_prompt = bot.sent_to(group, 2)[1]
    assert "I forgot my password" in subject_prompt["text"]
    assert subject_prompt["message_thread_id"] == 5
    assert set(buttons(subject_prompt)) == {"Use this subject", "Cancel"}

    bot.send(answering(subject_prompt, "Portal <login> loops", chat_id=group, topic=5))
    severity_prompt = bot.sent_to(group, 3)[2]
    assert "production is down for everyone" in severity_prompt["text"]
    choices = buttons(severity_prompt)
    assert set(choices) >= {"A — production down", "B — partly affected", "C — can work around"}

    bot.send(callback(choices["A — production down"], chat_id=group, topic=5))
    description_prompt = bot.sent_to(group, 4)[3]
    assert "Skip" in buttons(description_prompt)

    bot.send(answering(description_prompt, "Since 9:00, all 40 users", chat_id=group, topic=5))
    opened = to_plain_text(bot.sent_to(group, 5)[4]["text"])
    assert "is open: Portal <login> loops" in opened and "Severity A" in opened
    alert = alert_for(bot, "Portal &lt;login&gt; loops")
    assert "[A]" in alert and "Since 9:00, all 40 users" in alert


def test_kept_subject_and_skipped_description(bot: Bot) -> None:
    group = bot.new_group()
    bot.send(
        callback(ask(bot, group, "vpn is not connecting")["Talk to an engineer"], chat_id=group)
    )
    bot.send(callback(buttons(bot.sent_to(group, 2)[1])["Use this subject"], chat_id=group))
    bot.send(callback(buttons(bot.sent_to(group, 3)[2])["C — can work around"], chat_id=group))
    bot.send(callback(buttons(bot.sent_to(group, 4)[3])["Skip"], chat_id=group))
    opened = to_plain_text(bot.sent_to(group, 5)[4]["text"])
    assert "is open: vpn is not connecting" in opened and "Severity C" in opened


def test_cancel_opens_nothing_and_later_text_is_a_question_again(bot: Bot) -> None:
    group = bot.new_group()
    bot.send(callback(ask(bot, group)["Talk to an engineer"], chat_id=group))
    bot.send(message("/cancel@acme_support_bot", chat_id=group))
    assert "no ticket was opened" in bot.sent_to(group, 3)[2]["text"]
    bot.send(message(mention("I forgot my password"), chat_id=group))
    assert "Reset a forgotten password" in bot.sent_to(group, 4)[3]["text"]


def test_a_stale_button_says_the_question_expired(bot: Bot) -> None:
    group = bot.new_group()
    bot.send(callback("ticket_draft_severity_A:A", chat_id=group))
    assert "expired" in bot.sent_to(group)[0]["text"]


def test_another_customers_question_cannot_be_escalated(bot: Bot) -> None:
    group = bot.new_group()
    bot.send(callback("kb_talk_to_engineer:999999", chat_id=group))
    assert "couldn" in to_plain_text(bot.sent_to(group)[0]["text"])


PHOTO = [
    {"file_id": "AgAD-small", "file_unique_id": "s1", "width": 90, "height": 60, "file_size": 900},
    {"file_id": "AgAD-big", "file_unique_id": "b1", "width": 1280, "height": 853,
     "file_size": 250_880},
]  # fmt: skip
LOG = {"file_id": "BQAD-log", "file_unique_id": "l1", "file_name": "vpn.log",
       "mime_type": "text/plain", "file_size": 2_048}  # fmt: skip


def test_files_sent_at_the_subject_and_severity_steps_go_on_the_ticket(bot: Bot) -> None:
    """A screenshot instead of a subject, a log instead of a severity: each is kept (and
    the customer told so), the question asked again, and both end up on the ticket."""
    group = bot.new_group()
    bot.send(
        callback(ask(bot, group, "vpn is not connecting")["Talk to an engineer"], chat_id=group)
    )
    bot.send(answering(bot.sent_to(group, 2)[1], None, chat_id=group, photo=PHOTO))
    again = bot.sent_to(group, 3)[2]
    assert "Got photo.jpg (245 KB): I'll attach it to the ticket." in to_plain_text(again["text"])
    assert "1/3 Subject" in again["text"] and "Use this subject" in buttons(again)

    bot.send(answering(again, "VPN drops every minute", chat_id=group))
    severity = bot.sent_to(group, 4)[3]
    assert "2/3" in severity["text"]
    bot.send(answering(severity, None, chat_id=group, document=LOG))
    again = to_plain_text(bot.sent_to(group, 5)[4]["text"])
    assert "Got vpn.log (2.0 KB)" in again and "2/3 How bad is it?" in again
    bot.send(callback("ticket_draft_severity_B:B", chat_id=group))
    bot.send(callback(buttons(bot.sent_to(group, 6)[5])["Skip"], chat_id=group))
    opened = to_plain_text(bot.sent_to(group, 7)[6]["text"])
    assert "is open: VPN drops every minute" in opened and "Severity B" in opened
    number = opened.split("Ticket ", 1)[1].split(" ", 1)[0]
    _, events = bot.dispatcher.services.tickets.get(Actor(role=Role.ENGINEER, user_id="a"), number)
    kept = [(f.name, f.file_id) for e in events for f in e.files]
    assert kept == [("photo.jpg", "AgAD-big"), ("vpn.log", "BQAD-log")]


def test_staff_read_the_new_ticket_in_the_resellers_zone(bot: Bot) -> None:
    """The engineers' chat and an engineer's /ticket show times in the reseller's zone
    (Moscow here; alice has none of her own), never UTC; each history line too."""
    group = bot.new_group()
    engineer = ask(bot, group, "vpn is not connecting")["Talk to an engineer"]
    bot.send(callback(engineer, chat_id=group))
    opened = finish(bot, group, 2)
    number = opened.split("Ticket ", 1)[1].split(" ", 1)[0]
    staff = Actor(role=Role.ENGINEER, user_id="alice")
    ticket, _ = bot.dispatcher.services.tickets.get(staff, number)
    due = format_when(ticket.first_response_due, tz="Europe/Moscow")
    assert due.endswith(" MSK")
    alert = alert_for(bot, number)
    assert f"First response due: {due}" in alert
    bot.send(private(f"/ticket {number}", user_id=ENGINEER_USER))
    detail = to_plain_text(bot.sent_to(ENGINEER_USER)[0]["text"])
    history = detail.split("History", 1)[1]
    opened_at = format_when(ticket.created_at, tz="Europe/Moscow")
    assert f"• {opened_at} User{CUSTOMER_USER} (Acme)" in history and "UTC" not in detail


def finish(bot: Bot, group: int, sent: int, user_id: int = CUSTOMER_USER) -> str:
    """Keep the subject, choose C, skip the description; the answer (``sent`` messages so far)."""
    for number, data in enumerate(
        ("ticket_draft_keep:", "ticket_draft_severity_C:C", "ticket_draft_skip:")
    ):
        bot.send(callback(data, chat_id=group, user_id=user_id))
        bot.sent_to(group, sent + number + 1)
    return to_plain_text(bot.sent_to(group, sent + 3)[-1]["text"])


def test_two_people_of_one_customer_get_one_ticket_for_one_question(bot: Bot) -> None:
    group = bot.new_group()
    engineer = ask(bot, group, "vpn is not connecting")["Talk to an engineer"]
    bot.send(callback(engineer, chat_id=group))
    bot.send(callback(engineer, chat_id=group, user_id=COLLEAGUE))  # on another phone
    opened = finish(bot, group, 3)
    number = opened.split("Ticket ", 1)[1].split(" ", 1)[0]
    assert "is open: vpn is not connecting" in opened
    # The colleague's conversation ends at the same ticket at their next press, and says so.
    bot.send(callback("ticket_draft_keep:", chat_id=group, user_id=COLLEAGUE))
    second = to_plain_text(bot.sent_to(group, 7)[-1]["text"])
    assert f"{number} is already open for this question" in second
    bot.send(callback(engineer, chat_id=group))  # pressed again later
    assert f"{number} is already open" in to_plain_text(bot.sent_to(group, 8)[-1]["text"])
    alerts = [c for c in bot.api.calls("sendMessage") if c.payload["chat_id"] == ENGINEERS_CHAT]
    assert sum("vpn is not connecting" in c.payload["text"] for c in alerts) == 1


def test_the_conversation_survives_a_restart_and_moves_between_workers(
    start_bot: StartBot, tg_settings: Settings
) -> None:
    """Drafts live in the database: any worker, or the next process, carries on."""
    first, second = start_bot(tg_settings), start_bot(tg_settings)
    group = ACME_GROUPS[0]
    first.send(message(mention("I forgot my password"), chat_id=group))
    first.send(callback(buttons(first.sent_to(group)[0])["Talk to an engineer"], chat_id=group))
    second.send(answering(first.sent_to(group, 2)[1], "Portal login loops", chat_id=group))
    choices = buttons(second.sent_to(group, 3)[2])
    first.send(callback(choices["B — partly affected"], chat_id=group))
    second.send(answering(second.sent_to(group, 4)[3], "Since the update", chat_id=group))
    opened = to_plain_text(first.sent_to(group, 5)[4]["text"])
    assert "is open: Portal login loops" in opened and "Severity B" in opened


def test_nul_and_control_characters_in_the_conversation(
    start_bot: StartBot, telegram_config: Path, fake_api: FakeTelegramApi, database_url: str
) -> None:
    """On PostgreSQL a NUL broke the insert and the conversation hung; now it is cleaned."""
    bot = start_bot(
        load_settings(telegram_config, environ=telegram_environ(fake_api, database_url))
    )
    group = ACME_GROUPS[1]
    bot.send(message(mention("I forgot my password"), chat_id=group))
    bot.send(callback(buttons(bot.sent_to(group)[0])["Talk to an engineer"], chat_id=group))
    subject = bot.sent_to(group, 2)[1]
    bot.send(answering(subject, "Portal\x00 login \x1b[0mloops\u202e", chat_id=group))
    choices = buttons(bot.sent_to(group, 3)[2])
    bot.send(callback(choices["A — production down"], chat_id=group))
    described = bot.sent_to(group, 4)[3]
    bot.send(answering(described, "Since\x00 9:00\x07, all users", chat_id=group))
    opened = to_plain_text(bot.sent_to(group, 5)[4]["text"])
    assert "is open: Portal login [0mloops" in opened
    alert = alert_for(bot, "Portal login [0mloops")
    assert "Since 9:00, all users" in alert and "\x00" not in alert


def test_the_conversation_speaks_the_customers_language(
    start_bot: StartBot, telegram_config: Path, fake_api: FakeTelegramApi, tmp_path: Path
) -> None:
    text = telegram_config.read_text(encoding="utf-8")
    text = text.replace(
        "channels: [{platform: slack, id: C_GLOBEX}]",
        'channels: [{platform: slack, id: C_GLOBEX}, {platform: telegram, id: "-150"}]',
    )
    text = text.replace(
        "  - id: globex\n",
        "  - id: initech\n    name: Initech\n    language: zh\n"
        '    channels: [{platform: telegram, id: "-160"}]\n  - id: globex\n',
    )
    telegram_config.write_text(text, encoding="utf-8")
    environ = telegram_environ(fake_api, f"sqlite:///{tmp_path / 'var' / 'lang.db'}")
    bot = start_bot(load_settings(telegram_config, environ=environ))
    bot.send(message(mention("Я забыл пароль"), chat_id=-150))
    bot.send(callback(buttons(bot.sent_to(-150)[0])["Связаться с инженером"], chat_id=-150))
    prompt = bot.sent_to(-150, 2)[1]
    assert "Передадим вопрос инженеру" in prompt["text"]
    assert set(buttons(prompt)) == {"Оставить тему", "Отмена"}
    bot.send(message("/cancel", chat_id=-150))
    assert "заявка не создана" in bot.sent_to(-150, 3)[2]["text"]

    bot.send(message(mention("我忘记了密码"), chat_id=-160))
    bot.send(callback(buttons(bot.sent_to(-160)[0])["联系工程师"], chat_id=-160))
    prompt = bot.sent_to(-160, 2)[1]
    assert "我们把问题转给工程师" in prompt["text"]
    bot.send(answering(prompt, "门户无法登录", chat_id=-160))
    assert "影响有多严重" in bot.sent_to(-160, 3)[2]["text"]


def _cleared(bot: Bot, group: int, message_id: int) -> bool:
    """Whether the keyboard of the bot's message ``message_id`` in ``group`` was taken away."""
    edits = bot.api.wait_for(
        "editMessageReplyMarkup",
        where=lambda c: c.payload["chat_id"] == group and c.payload["message_id"] == message_id,
    )
    return edits[0].payload["reply_markup"] == {"inline_keyboard": []}


def test_typed_answers_take_away_the_buttons_of_the_question_they_answer(bot: Bot) -> None:
    """Walkthrough 10, finding 13: a severity letter typed in reply to "how bad is it?"
    left the A/B/C buttons under the question; so did a typed subject and description."""
    group = bot.new_group()
    bot.send(callback(ask(bot, group)["Talk to an engineer"], chat_id=group, topic=5))
    prompts = iter((9101, 9102, 9103))
    for count, typed in ((2, "Portal loops after sign-in"), (3, "c"), (4, "Since 9:00")):
        prompt, number = bot.sent_to(group, count)[count - 1], next(prompts)
        assert buttons(prompt)
        answer = message(
            typed,
            chat_id=group,
            topic=5,
            reply_to_bot=True,
            replied_text=to_plain_text(prompt["text"]),
            replied_id=number,
            replied_markup=prompt["reply_markup"],
        )
        bot.send(answer)
        assert _cleared(bot, group, number)
    opened = to_plain_text(bot.sent_to(group, 5)[4]["text"])
    assert "is open: Portal loops after sign-in" in opened and "Severity C" in opened


def test_a_typed_reply_to_an_answer_leaves_its_buttons(bot: Bot) -> None:
    """Only the ticket questions' buttons go: "and on my phone?" under a KB answer leaves
    that answer's "did it help?" alone."""
    group = bot.new_group()
    bot.send(message(mention("I forgot my password"), chat_id=group))
    answer = bot.sent_to(group)[0]
    follow_up = message(
        "and on my phone?",
        chat_id=group,
        reply_to_bot=True,
        replied_text=to_plain_text(answer["text"]),
        replied_id=9201,
        replied_markup=answer["reply_markup"],
    )
    bot.send(follow_up)
    bot.sent_to(group, 2)
    assert not [
        c for c in bot.api.calls("editMessageReplyMarkup") if c.payload["message_id"] == 9201
    ]


def _edits(bot: Bot, group: int, count: int) -> list[dict]:
    calls = bot.api.wait_for(
        "editMessageReplyMarkup", count, where=lambda c: c.payload["chat_id"] == group
    )
    return [c.payload for c in calls]


def test_a_typed_answer_clears_the_question_even_when_telegram_omits_its_keyboard(
    bot: Bot,
) -> None:
    """Walkthrough 11: the subject typed in reply to "1/3 Subject of the ticket" (an update
    whose quoted message came without its ``reply_markup``) left "Use this subject" there."""
    group = bot.new_group()
    bot.send(callback(ask(bot, group)["Talk to an engineer"], chat_id=group, topic=5))
    prompt = bot.sent_to(group, 2)[1]
    typed = message(
        "Portal loops after sign-in",
        chat_id=group,
        topic=5,
        reply_to_bot=True,
        replied_text=to_plain_text(prompt["text"]),
        replied_id=9201,
    )
    bot.send(typed)
    assert _cleared(bot, group, 9201)


def test_answers_typed_without_replying_clear_the_open_question(bot: Bot) -> None:
    """A severity letter ("@bot c") and /cancel typed without replying to the question: the question
    they answered loses its buttons all the same (walkthrough 11: /cancel left them)."""
    group = bot.new_group()
    bot.send(callback(ask(bot, group)["Talk to an engineer"], chat_id=group))
    bot.send(callback(buttons(bot.sent_to(group, 2)[1])["Use this subject"], chat_id=group))
    bot.sent_to(group, 3)  # "2/3 How bad is it?"
    first_edits = _edits(bot, group, 2)
    bot.send(message(mention("c"), chat_id=group))
    description = bot.sent_to(group, 4)[3]
    assert "Skip" in buttons(description)
    severity_cleared = _edits(bot, group, 3)[2]
    assert severity_cleared["reply_markup"] == {"inline_keyboard": []}
    assert severity_cleared["message_id"] not in {e["message_id"] for e in first_edits}
    bot.send(message("/cancel", chat_id=group))
    assert "no ticket was opened" in bot.sent_to(group, 5)[4]["text"]
    edits = _edits(bot, group, 4)
    assert edits[3]["reply_markup"] == {"inline_keyboard": []}
    assert edits[3]["message_id"] not in {e["message_id"] for e in edits[:3]}


def test_a_stale_no_pressed_after_yes_changes_nothing(bot: Bot) -> None:
    """Walkthrough 11: "Yes, it helped" then "No" on the same answer gave two contradictory
    replies. A press that arrives anyway (another device, before the keyboard went) is
    told it was answered already."""
    group = bot.new_group()
    answer = ask(bot, group)
    bot.send(callback(answer["Yes, it helped"], chat_id=group))
    assert "glad it helped" in bot.sent_to(group, 2)[1]["text"]
    bot.send(callback(answer["No"], chat_id=group))
    stale = to_plain_text(bot.sent_to(group, 3)[2]["text"])
    assert stale == "You already answered this one (it helped), so nothing has changed."
