"""A screenshot sent with a KB question (no ticket yet) is kept with the question, and the
ticket opened from that conversation — the button, "I want a person", the bot's own offer,
the Telegram conversation — gets it as its first comment, so the engineer sees it."""

from __future__ import annotations

from typing import Any

from bot.messages import Attachment, Reply
from bot.rendering import Renderer
from tests.conftest import Say

ENGINEER = {"channel": "C_ENG", "user": "U_ALICE"}
SHOT = Attachment("screenshot.png", 250_880, "image/png", "F0SHOT", "https://x.slack.com/f/1")
LOG = Attachment("outlook.log", 2_048, "text/plain", "F0LOG", "https://x.slack.com/f/2")


def _offered(reply: Reply) -> str:
    [value] = [a.value for a in reply.actions if a.action_id == "kb_talk_to_engineer"]
    return value


def _files_on(say: Say, number: str) -> list[tuple[str, list[str]]]:
    events = say(f"/ticket {number}", **ENGINEER).data["events"]
    return [(e.kind, [f.name for f in e.files]) for e in events if e.files]


def test_the_button_puts_the_screenshot_on_the_ticket(say: Say, console: Renderer) -> None:
    asked = say("outlook keeps asking for my password", files=(SHOT,))
    shown = console.render(asked)
    assert "I kept screenshot.png (245 KB) with your question" in shown
    assert "didn't keep" not in shown
    opened = say("", action_id="kb_talk_to_engineer", action_value=_offered(asked))
    number = opened.data["ticket"].number
    assert _files_on(say, number) == [("comment", ["screenshot.png"])]
    detail = console.render(say(f"/ticket {number}", **ENGINEER))
    assert "📎 1. screenshot.png (245 KB) https://x.slack.com/f/1" in detail
    # pressed again: the same ticket, the file not added twice
    say("", action_id="kb_talk_to_engineer", action_value=_offered(asked))
    assert _files_on(say, number) == [("comment", ["screenshot.png"])]


def test_i_want_a_person_after_a_screenshot_hands_it_over(
    say: Say, console: Renderer, outbox: Any
) -> None:
    say("outlook keeps asking for my password", files=(SHOT,))
    offer = say("I want a person")
    assert offer.kind == "person_offer"
    opened = say("", action_id="kb_talk_to_engineer", action_value=_offered(offer))
    number = opened.data["ticket"].number
    assert _files_on(say, number) == [("comment", ["screenshot.png"])]
    told = [n for n in outbox() if n["channel"] == "C_ENG" and "screenshot.png" in str(n["data"])]
    assert told, "the engineers' channel hears of the screenshot"


def test_files_of_a_whole_conversation_come_in_order(say: Say) -> None:
    say("outlook keeps asking for my password", files=(SHOT,))
    later = say("didn't help, here is the log", files=(LOG,))
    opened = say("", action_id="kb_talk_to_engineer", action_value=_offered(later))
    assert _files_on(say, opened.data["ticket"].number) == [
        ("comment", ["screenshot.png", "outlook.log"])
    ]


def test_with_a_person_request_in_words_the_file_is_kept(say: Say, console: Renderer) -> None:
    offer = say("can I talk to a real person please", files=(SHOT,))
    assert offer.kind == "person_offer"
    assert "I kept screenshot.png (245 KB)" in console.render(offer)
    opened = say("", action_id="kb_talk_to_engineer", action_value=_offered(offer))
    assert _files_on(say, opened.data["ticket"].number) == [("comment", ["screenshot.png"])]


def test_the_telegram_conversation_puts_all_files_in_one_comment(say: Say) -> None:
    thread = "1761000002.000001"
    asked = say("outlook keeps asking for my password", thread=thread, files=(SHOT,))
    start: dict[str, Any] = {"thread": thread, "action_id": "ticket_draft"}
    say("", action_value=_offered(asked), **start)
    say("Outlook password prompt", thread=thread)
    say("B", thread=thread)
    opened = say("it started on Monday", thread=thread, files=(LOG,))
    assert opened.kind == "ticket_opened"
    assert _files_on(say, opened.data["ticket"].number) == [
        ("comment", ["screenshot.png", "outlook.log"])
    ]


def test_a_file_that_cannot_be_kept_is_said_plainly(say: Say, console: Renderer) -> None:
    nowhere = Attachment("lost.png", 10, "image/png")  # no id, no link: nothing to find it by
    many = tuple(Attachment(f"shot{i}.png", 10, "image/png", f"F{i}") for i in range(11))
    asked = say("outlook keeps asking for my password", files=(nowhere, *many))
    shown = console.render(asked)
    assert "I couldn't keep lost.png (10 B), shot10.png (10 B)" in shown
    assert "at most 10 files" in shown
    opened = say("", action_id="kb_talk_to_engineer", action_value=_offered(asked))
    [(_, kept)] = _files_on(say, opened.data["ticket"].number)
    assert kept == [f"shot{i}.png" for i in range(10)]


def test_small_talk_with_a_file_says_it_was_not_kept(say: Say, console: Renderer) -> None:
    thanks = say("thanks!", files=(SHOT,))
    assert thanks.kind == "small_talk"
    assert "I didn't keep screenshot.png (245 KB)" in console.render(thanks)


def test_a_colleague_opening_the_ticket_still_brings_the_file(say: Say) -> None:
    asked = say("outlook keeps asking for my password", files=(SHOT,))
    other = say("", action_id="kb_talk_to_engineer", action_value=_offered(asked), user="U_BOB")
    number = other.data["ticket"].number  # a colleague opens it: the asker's file goes on it
    assert _files_on(say, number) == [("comment", ["screenshot.png"])]
