"""Slack payloads → InboundMessage, and the events the bot must not answer."""

from __future__ import annotations

from bot.adapters.slack import inbound
from bot.enums import Addressing, Platform
from tests.adapters.slack import payloads

BOT = "U_BOT"


def test_channel_message_starts_a_thread_under_itself() -> None:
    body = payloads.event(
        text="How do I reset my password?", ts="1764000000.000100", event_id="Ev1"
    )
    message = inbound.from_event(body, BOT)
    assert message is not None
    assert message.platform is Platform.SLACK
    assert (message.channel, message.user) == ("C_ACME", "U_CUSTOMER")
    assert message.text == "How do I reset my password?"
    assert message.thread == "1764000000.000100"
    assert message.delivery_id == "Ev1"
    assert message.addressing is Addressing.OPEN  # the channel's mode decides


def test_follow_up_by_the_thread_starter_stays_in_the_thread() -> None:
    body = payloads.event(
        text="still broken", thread_ts="1764000000.000100", parent_user_id="U_CUSTOMER"
    )
    message = inbound.from_event(body, BOT)
    assert message is not None and message.thread == "1764000000.000100"
    assert message.addressing is Addressing.OPEN


def test_people_talking_in_a_thread_reach_the_core_as_an_aside() -> None:
    """A colleague's words in someone's thread: stored on a ticket living there (the core
    decides), never answered as a question."""
    body = payloads.event(
        user="U_COLLEAGUE",
        text="did you try rebooting?",
        thread_ts="1764000000.000100",
        parent_user_id="U_CUSTOMER",
    )
    message = inbound.from_event(body, BOT)
    assert message is not None and message.addressing is Addressing.ASIDE
    assert message.thread == "1764000000.000100"


def test_an_answer_in_the_bots_own_thread_is_addressed_to_it() -> None:
    body = payloads.event(
        text="yes please", thread_ts="1764000000.000100", parent_user_id=BOT, user="U_CUSTOMER"
    )
    message = inbound.from_event(body, BOT)
    assert message is not None and message.addressing is Addressing.DIRECT


def test_a_mention_is_answered_once_from_app_mention() -> None:
    text = "<@U_BOT> what about the VPN?"
    as_message = payloads.event(text=text, thread_ts="1764000000.000100", parent_user_id="U_X")
    as_mention = payloads.event("app_mention", text=text, thread_ts="1764000000.000100")
    assert inbound.from_event(as_message, BOT) is None
    message = inbound.from_event(as_mention, BOT)
    assert message is not None and message.addressing is Addressing.DIRECT
    assert message.text == "what about the VPN?"
    assert message.thread == "1764000000.000100"


def test_direct_messages_are_always_answered() -> None:
    body = payloads.event(
        channel="D_CUSTOMER", text="hi", channel_type="im", thread_ts="1.1", parent_user_id="U_BOT"
    )
    message = inbound.from_event(body, BOT)
    assert message is not None and message.channel == "D_CUSTOMER"
    assert message.addressing is Addressing.DIRECT


def test_bots_edits_deletes_and_joins_are_ignored() -> None:
    ignored = [
        payloads.event("message_bot", user=None),
        payloads.event("message_changed", user=None),
        payloads.event("channel_join"),
        payloads.event(text="from myself", user=BOT),
        payloads.event(text="an app", bot_id="B_OTHER"),
        payloads.event(text="gone", subtype="message_deleted"),
        payloads.event(text="topic", subtype="channel_topic"),
    ]
    for body in ignored:
        assert inbound.from_event(body, BOT) is None, body["event"]


def test_unknown_event_types_carry_no_message() -> None:
    body = payloads.event(type="reaction_added")
    assert inbound.from_event(body, BOT) is None


def test_slash_command_becomes_the_core_command() -> None:
    from urllib.parse import parse_qsl

    form = dict(parse_qsl(payloads.command("show T-1001", response_url="https://hooks.example/x")))
    message = inbound.from_command(form)
    assert message.text == "/ticket T-1001"
    assert (message.channel, message.user) == ("D_ALICE", "U_ALICE")


def test_button_press_belongs_to_the_thread_of_its_message() -> None:
    body = payloads.button("kb_helped", "7", thread_ts="1764000000.000100")
    message = inbound.from_action(body)
    assert message is not None
    assert (message.action_id, message.action_value) == ("kb_helped", "7")
    assert message.thread == "1764000000.000100"
    assert message.channel == "C_ACME"


def test_button_on_a_top_level_message_uses_that_message() -> None:
    body = payloads.button("ticket_take", "T-1001", channel="C_ENG", user="U_ALICE")
    del body["message"]["thread_ts"]
    del body["container"]["thread_ts"]
    message = inbound.from_action(body)
    assert message is not None and message.thread == body["message"]["ts"]
