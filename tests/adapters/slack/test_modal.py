"""The ticket form: built from locale wording, read back as the fields the customer sent."""

from __future__ import annotations

import pytest

from bot.adapters.slack.inbound import from_view
from bot.adapters.slack.modal import build_ticket_modal, read_submission
from bot.adapters.slack.render import SlackRenderer
from tests.adapters.slack import payloads


def _view(lang: str = "en") -> dict:
    t = SlackRenderer().translator(lang)
    return build_ticket_modal(
        t, subject="VPN <!here> down", channel="C_ACME", thread="1.2", question_id="9"
    )


def test_form_is_worded_from_the_locales() -> None:
    view = _view()
    assert view["title"]["text"] == "Talk to an engineer"
    labels = [b["label"]["text"] for b in view["blocks"]]
    assert labels == ["Subject", "Severity", "Category", "Description"]
    assert len(_view("ru")["title"]["text"]) <= 24
    assert _view("ru")["title"]["text"] != view["title"]["text"]


def test_a_submission_becomes_one_action_with_its_fields_in_the_conversation() -> None:
    body = payloads.view_submission(
        _view()["private_metadata"],
        subject=" VPN down ",
        severity="A",
        category="billing",
        description="since 9:00",
    )
    message = from_view(body)
    assert message is not None
    assert (message.channel, message.thread, message.user) == ("C_ACME", "1.2", "U_CUSTOMER")
    assert (message.action_id, message.action_value) == ("ticket_submit", "9")
    assert message.delivery_id == f"view:{body['view']['id']}:U_CUSTOMER"
    # Translated as sent: the core cleans and checks the fields like any other text.
    assert dict(message.fields) == {
        "subject": " VPN down ",
        "description": "since 9:00",
        "severity": "A",
        "category": "billing",
    }


def test_a_view_without_metadata_is_not_ours() -> None:
    with pytest.raises(ValueError):
        read_submission({"private_metadata": "", "state": {"values": {}}})
    assert from_view({"view": {"private_metadata": "x"}, "user": {"id": "U1"}}) is None
