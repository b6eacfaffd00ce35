"""The finder recognises the KB answer's offer of a colleague's ticket by its words; the
words live in the locale files, so a rewording there must not silently turn replies to the
offer back into comments on the ticket (walkthrough 12, finding 1)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.services.ticket_finder import offers_a_colleagues_ticket, ticket_named_in

LOCALES = Path(__file__).resolve().parents[2] / "templates" / "locales"


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_the_offer_in_every_language_is_recognised(lang: str) -> None:
    strings = yaml.safe_load((LOCALES / f"{lang}.yml").read_text(encoding="utf-8"))
    offer = strings["kb_nearby_ticket"].format(number="T-1003")
    assert offers_a_colleagues_ticket(f"Some answer.\n\n{offer}")


def test_a_ticket_message_is_not_an_offer() -> None:
    notice = "Ticket T-1003 is open: ERP server RDP fails"
    assert not offers_a_colleagues_ticket(notice)
    assert ticket_named_in(notice) is not None
