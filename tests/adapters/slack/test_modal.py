"""The ticket form: built from locale wording, read back from a submission."""

from __future__ import annotations

import pytest

from bot.adapters.slack.modal import build_ticket_modal, parse_ticket_form
from bot.adapters.slack.render import SlackRenderer
from bot.enums import Category, Severity
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


def test_submission_round_trips_the_conversation() -> None:
    body = payloads.view_submission(
        _view()["private_metadata"],
        subject=" VPN down ",
        severity="A",
        category="billing",
        description="since 9:00",
    )
    form = parse_ticket_form(body["view"])
    assert (form.channel, form.thread, form.question_id) == ("C_ACME", "1.2", "9")
    assert (form.subject, form.description) == ("VPN down", "since 9:00")
    assert (form.severity, form.category) == (Severity.A, Category.BILLING)


def test_unknown_choices_fall_back_to_the_mildest() -> None:
    body = payloads.view_submission(
        _view()["private_metadata"], subject="x", severity="Z", category="weird"
    )
    form = parse_ticket_form(body["view"])
    assert (form.severity, form.category) == (Severity.C, Category.OTHER)


def test_a_view_without_metadata_is_rejected() -> None:
    with pytest.raises(ValueError):
        parse_ticket_form({"private_metadata": "", "state": {"values": {}}})
