"""The route table: commands, buttons and free text reach the right handler, parsed."""

from __future__ import annotations

from datetime import date

import pytest

from bot.arguments import Raw, TicketQuery, TicketSeverity, TicketText
from bot.enums import Platform, Role, Severity, TicketStatus
from bot.errors import BadInput
from bot.messages import InboundMessage
from bot.rendering import Renderer, load_locale, templates_dir
from bot.router import ACTIONS, ROUTES, Match, help_for, match, menu_commands, split_command


def _msg(text: str, **kw: str) -> InboundMessage:
    return InboundMessage(Platform.CONSOLE, channel="acme", user="u", text=text, **kw)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/ticket new VPN is down", ("ticket new", "VPN is down")),
        ("/TICKET New  VPN is down", ("ticket new", "VPN is down")),
        ("/ticket T-1001", ("ticket", "T-1001")),
        ("/tickets", ("tickets", "")),
        ("/health@supportbot mail", ("health", "mail")),
        ("/", ("", "")),
        ("how do I reset my password?", None),
        ("//not a command", None),
    ],
)
def test_split_command(text: str, expected: tuple[str, str] | None) -> None:
    assert split_command(text) == expected


def test_free_text_goes_to_the_knowledge_base() -> None:
    found = match(_msg("my VPN keeps dropping"), Role.CUSTOMER)
    assert found.match is Match.NONE
    assert found.route.command == "ask"


def test_manager_command_is_a_partial_match_for_customers_and_engineers() -> None:
    assert match(_msg("/digest"), Role.CUSTOMER).match is Match.PARTIAL
    assert match(_msg("/digest"), Role.ENGINEER).match is Match.PARTIAL
    assert match(_msg("/digest 2026-11-23"), Role.MANAGER).args == date(2026, 11, 23)


def test_unknown_command_is_routed_to_the_help() -> None:
    found = match(_msg("/frobnicate now"), Role.CUSTOMER)
    assert found.match is Match.FULL
    assert (found.route.command, found.args) == ("unknown", "/frobnicate")


def test_button_press_carries_its_parsed_value() -> None:
    found = match(_msg("", action_id="kb_helped", action_value="42"), Role.CUSTOMER)
    assert found.route.command == "kb_helped"
    assert found.args == 42


def test_handlers_receive_typed_arguments() -> None:
    assert match(_msg("/reply T-1001 We are on it"), Role.ENGINEER).args == TicketText(
        "T-1001", "We are on it"
    )
    assert match(_msg("/severity t1001 a"), Role.ENGINEER).args == TicketSeverity(
        "t1001", Severity.A
    )
    assert match(_msg("/status T-1001 waiting"), Role.ENGINEER).args.status is (
        TicketStatus.WAITING_ON_CUSTOMER
    )
    query = match(_msg("/tickets open A mine acme vpn"), Role.ENGINEER).args
    assert query == TicketQuery(
        (TicketStatus.OPEN,), (Severity.A,), mine=True, words=("acme", "vpn")
    )


def test_a_form_submission_is_parsed_from_its_fields() -> None:
    fields = {"subject": "VPN  drops", "severity": "a", "category": "billing", "description": "x"}
    found = match(
        _msg("", action_id="ticket_submit", action_value="7", fields=fields), Role.CUSTOMER
    )
    request = found.args
    assert (request.question_id, request.subject, request.severity) == (7, "VPN drops", "A")
    assert request.category == "billing"


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("/take", "ticket number"),
        ("/take banana", "ticket number"),
        ("/reply T-1001", "text"),
        ("/severity T-1001 Z", "severity"),
        ("/status T-1001 sleeping", "status"),
        ("/set T-1001 colour red", "field"),
        ("/digest yesterday", "date"),
        ("/subscribe acme", "customer and service"),
        ("/incident open mail sleepy text", "state"),
    ],
)
def test_arguments_that_do_not_parse_name_the_usage(text: str, what: str) -> None:
    with pytest.raises(BadInput) as caught:
        match(_msg(text), Role.MANAGER)
    route = next(r for r in ROUTES if r.command == caught.value.data["command"])
    assert caught.value.data["what"] == what
    assert caught.value.data["usage"] == route.usage
    assert caught.value.data["sample"] == route.example


def test_a_role_too_low_is_refused_before_its_arguments_are_read() -> None:
    found = match(_msg("/take banana"), Role.CUSTOMER)
    assert found.match is Match.PARTIAL


@pytest.mark.parametrize("route", [r for r in ROUTES if r.usage], ids=lambda r: r.command)
def test_every_example_parses(route) -> None:  # type: ignore[no-untyped-def]
    route.parse(Raw(route.example))


def test_every_listed_or_menu_command_has_a_help_line_in_every_language() -> None:
    folder = str(templates_dir())
    keys = {r.help_key for r in ROUTES if r.listed or r.menu}
    for lang in ("en", "ru", "zh"):
        missing = keys - set(load_locale(folder, lang))
        assert not missing, f"{lang}: {sorted(missing)}"


def test_every_button_has_a_label_in_every_language() -> None:
    folder = str(templates_dir())
    not_buttons = ("ticket_form", "ticket_submit", "ticket_draft")  # forms, and a start
    buttons = {f"action_{r.command}" for r in ACTIONS if r.command not in not_buttons}
    for lang in ("en", "ru", "zh"):
        assert not buttons - set(load_locale(folder, lang)), lang


def test_help_lists_what_a_role_may_use_and_hides_aliases() -> None:
    # Containment, not equality: a new command is one route line, not an edit here too.
    customer = [c.command for c in help_for(Role.CUSTOMER)]
    in_table_order = [c for c in customer if c in ("help", "health", "ticket new", "tickets")]
    assert in_table_order == ["help", "health", "ticket new", "tickets"]
    assert "ticket" in customer and not {"start", "cancel", "take", "digest"} & set(customer)
    engineer = [c.command for c in help_for(Role.ENGINEER)]
    assert {"take", "assign", "incident open"} <= set(engineer)
    assert "digest" not in engineer and "start" not in engineer
    assert "digest" in [c.command for c in help_for(Role.MANAGER)]
    # /cancel stops the typed ticket questions: listed only where they are asked
    on_telegram = [c.command for c in help_for(Role.CUSTOMER, Platform.TELEGRAM)]
    assert "cancel" in on_telegram and "start" not in on_telegram
    assert "cancel" not in [c.command for c in help_for(Role.CUSTOMER, Platform.SLACK)]


def test_telegram_menus_come_from_the_table() -> None:
    customer = menu_commands(Role.CUSTOMER)
    assert {"help", "health", "tickets", "ticket", "cancel"} <= set(customer)
    assert not {"start", "take", "ticket new"} & set(customer)  # alias, staff, two words
    staff = menu_commands(Role.ENGINEER)
    assert {"take", "reply", "status", "incidents", "kb", "link"} <= set(staff)
    assert all(" " not in name for name in staff)


@pytest.mark.parametrize(
    ("front_end", "prefix", "expected"),
    [("console", "/", "/take <ticket>"), ("slack", "/support ", "/support take <ticket>")],
)
def test_usage_is_written_in_each_front_ends_command_form(
    front_end: str, prefix: str, expected: str
) -> None:
    renderer = Renderer(front_end, command_prefix=prefix)
    assert renderer.command("take", "<ticket>") == expected
