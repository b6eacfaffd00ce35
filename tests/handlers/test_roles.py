"""Who may do what: customers see only their own data; staff commands refuse customers."""

from __future__ import annotations

from bot.rendering import Renderer
from tests.conftest import Say


def test_customer_cannot_run_the_managers_digest(say: Say, console: Renderer) -> None:
    reply = say("/digest")
    assert reply.kind == "error_not_allowed"
    assert "support team only" in console.render(reply)


def test_engineer_cannot_run_the_digest_either(say: Say) -> None:
    assert say("/digest", user="U_ALICE").kind == "error_not_allowed"


def test_manager_gets_the_digest(say: Say) -> None:
    assert say("/digest", user="U_MARIA").kind == "digest"


def test_unmapped_channel_gets_a_polite_explanation_and_no_data(say: Say, console) -> None:
    say("/ticket new Secret outage at Acme")
    reply = say("/tickets", channel="C_STRANGER")
    assert reply.kind == "error_unknown_sender"
    text = console.render(reply)
    assert "isn't linked" in text and "Acme" not in text


def test_customer_sees_only_its_own_tickets(say: Say) -> None:
    acme = say("/ticket new Acme mail bounces").data["ticket"]
    globex = say("/ticket new Globex VM slow", channel="C_GLOBEX").data["ticket"]
    acme_list = [t.number for t in say("/tickets").data["tickets"]]
    assert acme_list == [acme.number]
    globex_view = say(f"/ticket {acme.number}", channel="C_GLOBEX")
    assert globex_view.kind == "error_not_found"
    assert say(f"/ticket {globex.number}", channel="C_GLOBEX").kind == "ticket_detail"


def test_engineer_sees_every_customers_tickets(say: Say) -> None:
    say("/ticket new Acme mail bounces")
    say("/ticket new Globex VM slow", channel="C_GLOBEX")
    reply = say("/tickets", user="U_ALICE", channel="D_ALICE")
    assert {t.customer_id for t in reply.data["tickets"]} == {"acme", "globex"}


def test_customer_sees_only_subscribed_services(say: Say) -> None:
    names = [s.service_id for s in say("/health").data["services"]]
    assert names == ["mail", "vpn"]
    assert say("/health vms").kind == "error_not_found"
    assert say("/health vms", user="U_ALICE").kind == "health_one"


def test_staff_identity_wins_in_a_customer_channel(say: Say) -> None:
    reply = say("/tickets", user="U_ALICE", channel="C_ACME")
    assert reply.data["staff"] is True
