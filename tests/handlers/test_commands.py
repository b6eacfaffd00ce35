"""Each command through the router, rendered as the console shows it."""

from __future__ import annotations

from sqlmodel import Session, select

from bot.db import create_db_engine
from bot.db.models import Ticket
from bot.dispatcher import Dispatcher
from bot.rendering import Renderer
from tests.conftest import Say


def test_help_lists_commands_by_role(say: Say, console: Renderer) -> None:
    customer = console.render(say("/help"))
    manager = console.render(say("/help", user="U_MARIA"))
    assert "/ticket new" in customer and "/digest" not in customer
    assert "/digest" in manager


def test_help_speaks_the_customers_language(say: Say, console: Renderer) -> None:
    assert "Задайте вопрос" in console.render(say("/help", channel="C_GLOBEX"))


def test_health_shows_state_and_note(say: Say, console: Renderer) -> None:
    text = console.render(say("/health"))
    assert "Mail (mail): operational" in text
    assert "VPN gateway (vpn): degraded — Tunnels drop in Moscow." in text
    one = console.render(say("/health VPN gateway"))
    assert one.startswith("VPN gateway (vpn): degraded")


def test_open_list_and_show_a_ticket(say: Say, console: Renderer) -> None:
    opened = say("/ticket new Outlook asks for my password again and again")
    ticket = opened.data["ticket"]
    assert ticket.number == "T-1001"
    assert "Ticket T-1001 is open" in console.render(opened)
    assert "Severity C: first response by" in console.render(opened)
    second = say("/ticket new VPN drops").data["ticket"]
    assert second.number == "T-1002"
    listing = console.render(say("/tickets"))
    assert listing.index("T-1002") < listing.index("T-1001")
    shown = console.render(say("/ticket t-1001"))
    assert "Outlook asks for my password" in shown
    assert "ticket opened" in shown


def test_ticket_without_subject_or_number_explains_itself(say: Say, console: Renderer) -> None:
    assert "For example: /ticket new" in console.render(say("/ticket new   "))
    assert "For example: /ticket T-1001" in console.render(say("/ticket banana"))
    assert say("/ticket T-9999").kind == "error_not_found"


def test_unknown_command_and_empty_line(say: Say, console: Renderer) -> None:
    assert "/help" in console.render(say("/frobnicate"))
    assert say("").kind == "empty_message"
    assert say("  \x00\x07 ").kind == "empty_message"


def test_huge_and_hostile_input_gets_a_clear_reply(say: Say, console: Renderer) -> None:
    reply = say("password " * 12_000)  # over the 100,000 characters kept
    assert reply.kind in ("kb_answer", "kb_unsure")
    assert reply.data["truncated_input"] is True
    assert "very long" in console.render(reply) or reply.kind == "kb_unsure"
    opened = say("/ticket new " + "x" * 50_000)
    assert len(opened.data["ticket"].subject) <= 200
    control = say("/ticket new bad\x1b[31m red\x00 text")
    assert control.data["ticket"].subject == "bad[31m red text"


def test_failure_after_the_ticket_is_saved_is_answered_politely(
    say: Say, dispatcher: Dispatcher, console: Renderer, monkeypatch, caplog
) -> None:
    import handlers.tickets

    def broken(*_args, **_kw):
        raise RuntimeError("renderer exploded")

    monkeypatch.setattr(handlers.tickets, "ticket_opened", broken)
    reply = say("/ticket new Mail is down for everyone")
    assert reply.kind == "error_internal"
    assert "nothing you sent is lost" in console.render(reply)
    assert "renderer exploded" in caplog.text
    with Session(create_db_engine(dispatcher.settings.database_url)) as session:
        subjects = [t.subject for t in session.exec(select(Ticket)).all()]
    assert subjects == ["Mail is down for everyone"]
