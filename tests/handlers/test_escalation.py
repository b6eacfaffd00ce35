"""From a question to one ticket: the button, the form, the step-by-step conversation."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from bot.rendering import Renderer
from tests.conftest import Say

COLLEAGUE = {"user": "U_COLLEAGUE"}


def _asked(say: Say, text: str = "How to read your invoice proration") -> str:
    return say(text, thread="9.1").actions[-1].value


def test_the_button_the_form_and_the_conversation_end_at_one_ticket(
    say: Say, console: Renderer
) -> None:
    qid = _asked(say)
    opened = say("", action_id="kb_talk_to_engineer", action_value=qid, thread="9.1")
    number = opened.data["ticket"].number
    form = say(
        "", action_id="ticket_submit", action_value=qid, fields={"subject": "x"}, **COLLEAGUE
    )
    assert console.render(form).startswith(f"{number} is already open for this question")
    assert say("", action_id="ticket_form", action_value=qid).kind == "ticket_exists"
    assert say("", action_id="ticket_draft", action_value=qid).kind == "ticket_exists"


def test_pressed_at_the_same_moment_from_two_devices_opens_one_ticket(say: Say) -> None:
    """Both presses race to insert; the question's one ticket wins, the other finds it."""
    qid = _asked(say, "VPN keeps disconnecting")

    def press(user: str):  # type: ignore[no-untyped-def]
        return say("", action_id="kb_talk_to_engineer", action_value=qid, user=user)

    with ThreadPoolExecutor(4) as pool:
        replies = list(pool.map(press, ["U_A", "U_B", "U_C", "U_D"]))
    assert sorted(r.kind for r in replies) == ["ticket_exists"] * 3 + ["ticket_opened"]
    assert len({r.data["ticket"].number for r in replies}) == 1
    assert len(say("/tickets").data["tickets"]) == 1


def test_a_closed_ticket_is_named_and_a_new_question_can_be_asked(
    say: Say, console: Renderer
) -> None:
    qid = _asked(say)
    number = say("", action_id="kb_talk_to_engineer", action_value=qid).data["ticket"].number
    engineer = {"user": "U_ALICE", "channel": "C_ENG"}
    say(f"/resolve {number}", **engineer)
    say("", action_id="ticket_confirm_yes", action_value=number)
    again = console.render(say("", action_id="kb_talk_to_engineer", action_value=qid))
    assert f"This question became {number}, which is now closed" in again
    assert "ask again" in again


def test_form_fields_are_cleaned_and_unknown_choices_are_the_mildest(say: Say) -> None:
    qid = _asked(say)
    fields = {
        "subject": "Invoice\x00 wrong\x1b[0m",
        "description": "Total\u202e is off\x07",
        "severity": "Z",
        "category": "weird",
    }
    ticket = say("", action_id="ticket_submit", action_value=qid, fields=fields).data["ticket"]
    assert ticket.subject == "Invoice wrong[0m"
    # cleaned, and the question asked is kept after it (the subject was changed)
    assert ticket.description.startswith("Total is off\n\n")
    assert (ticket.severity, ticket.category) == ("C", "other")
