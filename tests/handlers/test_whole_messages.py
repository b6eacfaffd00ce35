"""Nothing cut, nothing dropped, chats handed over only on purpose — at the dispatcher, on
SQLite and PostgreSQL: a message up to 100,000 characters is kept whole and a longer one
is kept to that and the sender told in their language; a file alone is a comment on the
ticket it is about, or answered when it is about none; /unlink."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from freezegun import freeze_time

from bot.adapters.slack.render import build_renderer
from bot.adapters.telegram.render import TelegramRenderer
from bot.dispatcher import Dispatcher
from bot.enums import Platform, Role
from bot.messages import Actor, Attachment, InboundMessage, Reply
from bot.rendering import Renderer
from tests.conftest import Say

ENGINEER = {"channel": "C_ENG", "user": "U_ALICE"}
SHOT = Attachment("screenshot.png", 250_880, "image/png", "F0SHOT", "https://x.slack.com/f/1")


def _ticket(say: Say, channel: str = "C_ACME") -> tuple[str, str]:
    thread = f"1761000000.{abs(hash(channel)) % 999999:06d}"
    number = say("/ticket new Mail bounces", channel=channel, thread=thread).data["ticket"].number
    return number, thread


def test_a_long_comment_is_kept_whole_and_a_huge_one_is_told(say: Say, console: Renderer) -> None:
    number, thread = _ticket(say)
    long = "\n".join(f"line {i:05d} of the bounce" for i in range(3000))  # ~75,000 characters
    added = say(long, thread=thread)
    assert added.kind == "ticket_comment_added" and "truncated_input" not in added.data
    huge = "x" * 100_000 + "DROPPED"
    told = say(huge, thread=thread, channel="C_ACME")
    assert told.data["truncated_input"] is True
    assert "kept the first 100000" in console.render(told)
    events = say(f"/ticket {number}", **ENGINEER).data["events"]
    comments = [e.new for e in events if e.kind == "comment"]
    assert comments == [long, "x" * 100_000]


def test_a_long_ticket_subject_is_kept_whole_in_the_description(
    say: Say, console: Renderer
) -> None:
    """Walk-through (eleventh session): a 5,000-character "/ticket new …" kept its first
    200 characters as the subject and nothing else; "КОНЕЦ" at its end was nowhere."""
    text = " ".join(f"строка{i} сервер 1С тормозит," for i in range(300)) + " КОНЕЦ"
    ticket = say(f"/ticket new {text}", channel="C_GLOBEX").data["ticket"]
    assert len(ticket.subject) <= 200 and ticket.subject.startswith("строка0 сервер 1С")
    assert ticket.description == text
    shown = console.render(say(f"/ticket {ticket.number}", **ENGINEER))
    assert "КОНЕЦ" in shown
    short = say("/ticket new Mail bounces since 9:00", channel="C_GLOBEX").data["ticket"]
    assert short.subject == "Mail bounces since 9:00" and "Mail bounces" not in short.description


def test_a_huge_message_is_told_in_the_customers_language(console: Renderer, say: Say) -> None:
    _, thread = _ticket(say, "C_GLOBEX")
    told = say("я" * 100_001, channel="C_GLOBEX", thread=thread)
    assert "сохранил первые 100000" in console.render(told)


def test_a_file_alone_is_a_comment_on_its_ticket(say: Say, console: Renderer) -> None:
    number, thread = _ticket(say)
    added = say("", thread=thread, files=(SHOT,))
    assert added.kind == "ticket_comment_added"
    assert "📎 screenshot.png (245 KB)" in console.render(added)
    detail = say(f"/ticket {number}", **ENGINEER)
    shown = console.render(detail)
    assert "📎 1. screenshot.png (245 KB) https://x.slack.com/f/1" in shown


def test_the_history_line_after_a_file_starts_on_its_own_line(say: Say, console: Renderer) -> None:
    number, thread = _ticket(say)
    say("the log", thread=thread, files=(SHOT,))
    say("any news?", thread=thread)
    detail = say(f"/ticket {number}", **ENGINEER)
    for renderer in (console, build_renderer(), TelegramRenderer()):
        lines = renderer.render(detail).splitlines()
        [at] = [i for i, line in enumerate(lines) if "📎" in line]
        assert "any news?" not in lines[at] and "any news?" in lines[at + 1]


def test_a_file_about_no_ticket_is_answered_not_dropped(say: Say, console: Renderer) -> None:
    alone = say("", files=(SHOT,))
    assert alone.kind == "files_not_kept"
    assert "screenshot.png (245 KB)" in console.render(alone)
    asked = say("how do I reset my password", files=(SHOT,))
    assert asked.kind in ("kb_answer", "kb_unsure")
    shown = console.render(asked)
    assert "I kept screenshot.png (245 KB) with your question" in shown
    assert "didn't keep" not in shown


def test_a_hostile_file_name_is_cleaned(say: Say, console: Renderer) -> None:
    number, thread = _ticket(say)
    hostile = Attachment("evil\x00\u202egnp.exe", 10, "image/png\x07")
    say("see", thread=thread, files=(hostile,))
    events = say(f"/ticket {number}", **ENGINEER).data["events"]
    [file] = [f for e in events for f in e.files]
    assert file.name == "evilgnp.exe" and file.mime_type == "image/png"


def test_unlink(say: Say) -> None:
    in_config = say("/unlink", channel="C_ACME", user="U_ALICE")
    assert in_config.kind == "error_chat_not_linked" and in_config.data["in_config"] is True
    assert in_config.private  # said to the engineer alone: the chat is acme's
    assert say("/unlink", channel="C_NOBODY", user="U_ALICE").kind == "error_chat_not_linked"
    assert say("/unlink", channel="C_ACME").kind == "error_not_allowed"  # customers cannot
    code = say("/link globex", **ENGINEER).data["code"]
    assert say(f"/link {code}", channel="C_NEW", user="U_NEW").kind == "chat_linked"
    assert say("/tickets", channel="C_NEW", user="U_NEW").kind == "ticket_list"
    assert say("/unlink", channel="C_NEW", user="U_ALICE").kind == "chat_unlinked"
    assert say("/tickets", channel="C_NEW", user="U_NEW").kind == "error_unknown_sender"


def test_a_screenshot_as_the_description_of_a_new_ticket(say: Say, console: Renderer) -> None:
    thread = "1761000001.000001"
    asked = say("outlook keeps asking for my password", thread=thread, user="U_DRAFT")
    question = asked.actions[-1].value
    say("", thread=thread, user="U_DRAFT", action_id="ticket_draft", action_value=question)
    say("Outlook password prompt", thread=thread, user="U_DRAFT")
    say("B", thread=thread, user="U_DRAFT")
    opened = say("", thread=thread, user="U_DRAFT", files=(SHOT,))
    assert opened.kind == "ticket_opened"
    detail = console.render(say(f"/ticket {opened.data['ticket'].number}", **ENGINEER))
    assert "📎 1. screenshot.png (245 KB)" in detail


def test_a_paste_telegram_split_in_parts_reaches_the_ticket_whole(
    dispatcher: Dispatcher,
) -> None:
    """Telegram's apps send a paste over 4096 characters as several messages; only the
    first replies to the bot, the rest follow it within a second or two."""

    def telegram(text: str, **kw: Any) -> Reply:
        message = InboundMessage(Platform.TELEGRAM, channel="-100", user="4001", text=text, **kw)
        return dispatcher.handle(message)

    with freeze_time("2026-12-01 09:00:00", tz_offset=0) as clock:
        number = telegram("/ticket new Mail bounces").data["ticket"].number
        first = "\n".join(f"Received: hop {i:03d} by relay.example.net" for i in range(100))
        assert 3_500 <= len(first) <= 4_096
        added = telegram(first, replied_to_bot=f"{number}: Mail bounces")
        assert added.kind == "ticket_comment_added"
        clock.tick(timedelta(seconds=1))
        rest = telegram("550 5.7.1 Final-Recipient: rfc822; boss@acme.example END-OF-NDR")
        assert rest.kind == "ticket_comment_added" and rest.data["ticket"].number == number
        clock.tick(timedelta(minutes=11))  # later (not just opened), a question is a question
        assert telegram("how do I reset my password").kind == "kb_answer"
    staff = Actor(role=Role.ENGINEER, user_id="alice")
    _, events = dispatcher.services.tickets.get(staff, number)
    comments = [e.new for e in events if e.kind == "comment"]
    assert comments == [first, "550 5.7.1 Final-Recipient: rfc822; boss@acme.example END-OF-NDR"]
