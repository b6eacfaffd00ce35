"""A provider case belongs to one customer's ticket: recording it on another customer's
ticket is refused unless staff link it on purpose (``--link``), and then every ticket that
carries it hears the provider's update (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Callable

from bot.dispatcher import Dispatcher
from bot.rendering import Renderer
from tests.conftest import Say

ENGINEER = {"channel": "C_ENG", "user": "U_ALICE"}


def _ticket(say: Say, channel: str, subject: str) -> str:
    return say(f"/ticket new {subject}", channel=channel, user=f"U_{channel}").data["ticket"].number


def _case_of(say: Say, number: str) -> str | None:
    upstream = say(f"/ticket {number}", **ENGINEER).data["ticket"].upstream
    return upstream.case_number if upstream else None


def test_a_case_on_another_customers_ticket_is_refused(say: Say, console: Renderer) -> None:
    acme = _ticket(say, "C_ACME", "Mail relay down")
    globex = _ticket(say, "C_GLOBEX", "Почта не уходит")
    assert say(f"/upstream {acme} CASE-9", **ENGINEER).kind == "ticket_changed"
    refused = say(f"/upstream {globex} CASE-9", **ENGINEER)
    assert refused.kind == "error_case_elsewhere"
    said = console.render(refused)
    assert acme in said and "Acme" in said and f"/upstream {globex} CASE-9 --link" in said
    assert _case_of(say, globex) is None  # nothing recorded
    # The same customer's second ticket about the same case needs no flag.
    again = _ticket(say, "C_ACME", "Mail relay down again")
    assert say(f"/upstream {again} CASE-9", **ENGINEER).kind == "ticket_changed"


def test_a_linked_case_tells_every_ticket(
    say: Say, dispatcher: Dispatcher, outbox: Callable[..., list[dict]]
) -> None:
    acme = _ticket(say, "C_ACME", "Mail relay down")
    globex = _ticket(say, "C_GLOBEX", "Почта не уходит")
    say(f"/upstream {acme} CASE-10", **ENGINEER)
    linked = say(f"/upstream {globex} CASE-10 https://portal.example/10 --link", **ENGINEER)
    assert linked.kind == "ticket_changed"
    assert _case_of(say, globex) == "CASE-10"
    assert say(f"/ticket {globex}", **ENGINEER).data["ticket"].upstream.link == (
        "https://portal.example/10"
    )
    upstream = dispatcher.settings.config.upstream
    assert upstream is not None
    dispatcher.services.upstream.update(
        f"provider:{upstream.name}", "Fix deployed", provider=upstream.name, case="CASE-10"
    )
    told = {
        (n["channel"], n["data"]["ticket"]["number"])
        for n in outbox("notice_upstream_update")
        if n["data"]["status"] == "Fix deployed"
    }
    assert told == {("C_ACME", acme), ("C_GLOBEX", globex)}  # each customer hears their own
    for number in (acme, globex):
        assert say(f"/ticket {number}", **ENGINEER).data["ticket"].upstream.status == (
            "Fix deployed"
        )
