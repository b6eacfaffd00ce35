"""The queue as engineers and customers read it: age, next SLA due time (in the reader's zone: a
customer's own, a staff member's own, else the reseller's), assignee;
/assign to a colleague; a ticket opened on a customer's behalf. Times are frozen (freezegun)."""

from __future__ import annotations

import textwrap
from dataclasses import replace
from pathlib import Path

import pytest
from freezegun import freeze_time

from bot.messages import reply_from_dict
from bot.rendering import Renderer
from tests.conftest import Say
from tests.factories import CONFIG, write_kb

ENGINEER = {"user": "U_ALICE", "channel": "D_ALICE"}
STAFF = """\
    staff:
      - id: alice
        name: Alice
        role: engineer
        identities: [{platform: slack, id: U_ALICE}]
      - id: bob
        name: Bob
        role: engineer
        identities: [{platform: slack, id: U_BOB}]
      - id: wang
        name: Wang Fang
        role: engineer
        language: zh
        timezone: Asia/Shanghai
        identities: [{platform: slack, id: U_WANG}]
      - id: maria
        name: Maria
        role: manager
        identities: [{platform: slack, id: U_MARIA}]
    """


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    """The shared config, with acme in Shanghai, a customer without chats and more staff."""
    write_kb(tmp_path / "kb")
    text = textwrap.dedent(CONFIG)
    text = text.replace(
        "  - id: acme\n    name: Acme\n",
        "  - id: acme\n    name: Acme\n    timezone: Asia/Shanghai\n",
    )
    text = text.replace("  - id: globex\n", "  - id: initech\n    name: Initech\n  - id: globex\n")
    text = text[: text.index("staff:")] + textwrap.dedent(STAFF)
    path = tmp_path / "supportbot.yml"
    path.write_text(text, encoding="utf-8")
    return path


def _line(text: str, number: str) -> str:
    return next(line for line in text.splitlines() if number in line)


def test_queue_shows_age_local_due_time_and_assignee(say: Say, console: Renderer) -> None:
    # 23:50 in Shanghai: the first response (2 h for A) is due after local midnight for
    # the customer; staff read the reseller's zone (Moscow), where it is still the 24th.
    with freeze_time("2026-11-24 15:50:00"):
        number = say("/ticket new VPN down in the Pudong office").data["ticket"].number
        say(f"/severity {number} A", **ENGINEER)
    with freeze_time("2026-11-24 16:25:00"):
        staff_view = _line(console.render(say("/tickets", **ENGINEER)), number)
        customer_view = _line(console.render(say("/tickets")), number)
    assert "opened 35m ago" in staff_view
    assert "due 2026-11-24 20:50 MSK" in staff_view  # 17:50 UTC: the staff's zone
    assert "unassigned" in staff_view and "acme" in staff_view
    assert "due 2026-11-25 01:50 CST" in customer_view and "acme" not in customer_view

    with freeze_time("2026-11-24 16:30:00"):
        assigned = say(f"/assign {number} bob", **ENGINEER)
    assert console.render(assigned) == f"{number} is now Bob's; they have been told."
    with freeze_time("2026-11-24 18:10:00"):
        late = _line(console.render(say("/tickets", **ENGINEER)), number)
    assert "Bob" in late and "opened 2h 20m ago" in late
    assert "overdue since 2026-11-24 20:50 MSK" in late


def test_another_customer_reads_its_own_zone_and_language(say: Say, console: Renderer) -> None:
    # Globex has no zone of its own: the reseller's (Moscow). 21:30 MSK + 8 h of office
    # hours (09:00-18:00, Mon-Fri) for C: due on Wednesday at 17:00 MSK.
    with freeze_time("2026-11-24 18:30:00"):
        say("/ticket new Почта не отправляется", channel="C_GLOBEX", user="U_G")
        text = console.render(say("/tickets", channel="C_GLOBEX", user="U_G"))
    with freeze_time("2026-11-24 19:35:00"):
        later = say("/tickets", channel="C_GLOBEX", user="U_G")
    assert "Открытые заявки" in text and "открыта 0 мин назад" in text
    assert "открыта 1 ч 05 мин назад" in console.render(later)
    assert "1小时05分钟前提交" in console.render(replace(later, lang="zh"))
    assert "срок 25.11.2026 17:00 MSK" in text  # written as Russians write dates


def test_staff_read_times_in_their_own_zone_else_the_resellers(
    say: Say, outbox, console: Renderer
) -> None:
    """Globex (Moscow) opens a ticket at 20:30 UTC: 23:30 on the 24th in Moscow, already
    04:30 on the 25th for Wang in Shanghai. Each reads the queue, the ticket and its
    history in their own zone and language; the engineers' channel reads the reseller's."""
    with freeze_time("2026-11-24 20:30:00"):
        number = say("/ticket new Почта не уходит", channel="C_GLOBEX", user="U_G")
        number = number.data["ticket"].number
    with freeze_time("2026-11-24 20:40:00"):
        say(f"/take {number}", user="U_WANG", channel="D_WANG")
        wang_queue = _line(console.render(say("/tickets", user="U_WANG", channel="D_WANG")), number)
        wang_ticket = console.render(say(f"/ticket {number}", user="U_WANG", channel="D_WANG"))
        alice_ticket = console.render(say(f"/ticket {number}", **ENGINEER))
        customer_ticket = console.render(say(f"/ticket {number}", channel="C_GLOBEX", user="U_G"))
    # C: 8 office hours (09:00-18:00 Moscow): due Wednesday 25th at 17:00 MSK.
    assert "2026年11月25日 22:00（UTC+8）" in wang_queue
    assert "2026年11月25日 04:30（UTC+8）" in wang_ticket  # opened, and the history line
    assert "2026年11月25日 04:40（UTC+8）" in wang_ticket  # taken, in the history
    assert "UTC" not in wang_ticket.replace("UTC+8", "")
    assert "2026-11-24 23:30 MSK" in alice_ticket and "2026-11-24 23:40 MSK" in alice_ticket
    assert "24.11.2026 23:40 MSK" in customer_ticket  # the customer's history, Russian shape
    [alert] = outbox("ticket_new_staff")
    assert alert["reply"]["zone"] == "Europe/Moscow"
    assert "due: 2026-11-25 17:00 MSK" in console.render(reply_from_dict(alert["reply"]))


def test_assign_tells_the_new_assignee_once_and_the_customer(
    say: Say, outbox, console: Renderer
) -> None:
    number = say("/ticket new Printer queue stuck", thread="1.1").data["ticket"].number
    say(f"/assign {number} Bob", **ENGINEER)
    again = say(f"/assign {number} bob", **ENGINEER)  # again: nobody is told twice
    assert console.render(again) == f"{number} is already Bob's; nobody was told again."
    [told] = outbox("notice_ticket_assigned")
    assert (told["platform"], told["channel"]) == ("slack", "U_BOB")
    text = console.render(reply_from_dict(told["reply"]))
    assert text == f"Alice gave you {number} [C] from Acme: Printer queue stuck"
    [customer] = outbox("notice_ticket_taken")
    assert (customer["channel"], customer["thread"]) == ("C_ACME", "1.1")
    assert "Bob from the support team" in console.render(reply_from_dict(customer["reply"]))
    assert say("/tickets mine", user="U_BOB", channel="D_BOB").data["tickets"][0].number == number


def test_assigning_a_ticket_to_oneself_says_it_is_yours(
    say: Say, outbox, console: Renderer
) -> None:
    """``/assign T-1001 alice`` by Alice: not "they have been told"; she has it."""
    number = say("/ticket new Printer queue stuck", thread="1.1").data["ticket"].number
    assert console.render(say(f"/assign {number} alice", **ENGINEER)) == f"{number} is yours now."
    wang = say(f"/assign {number} Wang Fang", user="U_WANG", channel="D_WANG")
    assert console.render(wang) == f"{number} 现在由您负责。"
    assert outbox("notice_ticket_assigned") == []  # nobody else to tell
    assert len(outbox("notice_ticket_taken")) == 2  # the customer hears who is on it


def test_assign_explains_itself(say: Say, console: Renderer) -> None:
    number = say("/ticket new Mail delayed").data["ticket"].number
    refused = console.render(say(f"/assign {number} nobody", **ENGINEER))
    assert "couldn't find that engineer: nobody" in refused
    assert "alice (Alice), bob (Bob), wang (Wang Fang), maria (Maria)" in refused
    usage = console.render(say("/assign", **ENGINEER))
    assert "Usage: /assign <ticket> <engineer>" in usage
    assert "For example: /assign T-1001 alice" in usage
    assert say(f"/assign {number} bob").kind == "error_not_allowed"


def test_an_engineer_opens_a_ticket_for_a_customer_who_phoned(
    say: Say, outbox, console: Renderer
) -> None:
    with freeze_time("2026-11-24 15:50:00"):
        reply = say("/ticket new acme Printer on fire since the call", **ENGINEER)
    number = reply.data["ticket"].number
    assert console.render(reply) == (
        f"{number} is open for Acme: Printer on fire since the call\nTheir chat was told."
    )
    [told] = outbox("notice_ticket_opened_for_you")
    assert (told["platform"], told["channel"], told["thread"]) == ("slack", "C_ACME", None)
    text = console.render(reply_from_dict(told["reply"]))
    assert f"Alice from the support team opened {number} for you" in text
    assert "first response by 2026-11-25 07:50 CST" in text  # C: 8 h, local to acme
    assert [a["data"]["ticket"]["number"] for a in outbox("ticket_new_staff")] == [number]
    # The ticket is the customer's: they see it, and its notices go to their chat.
    assert [t.number for t in say("/tickets").data["tickets"]] == [number]
    say(f"/take {number}", **ENGINEER)
    assert outbox("notice_ticket_taken")[0]["channel"] == "C_ACME"


def test_a_customer_without_a_chat_is_not_told_and_the_engineer_knows(
    say: Say, outbox, console: Renderer
) -> None:
    reply = say("/ticket new initech License count wrong", **ENGINEER)
    assert "Initech has no chat with the bot: tell them yourself." in console.render(reply)
    assert outbox("notice_ticket_opened_for_you") == []
    unknown = say("/ticket new nobody Something", **ENGINEER)
    assert (unknown.kind, unknown.data["name"]) == ("error_not_found", "nobody")
    assert unknown.data["known"] == "acme, initech, globex"
    assert say("/ticket new acme", **ENGINEER).kind == "error_bad_input"


def test_a_russian_customer_hears_in_russian(say: Say, outbox, console: Renderer) -> None:
    say("/ticket new globex Не приходит почта", **ENGINEER)
    [told] = outbox("notice_ticket_opened_for_you")
    text = console.render(reply_from_dict(told["reply"]))
    assert "Служба поддержки (Alice) открыла для вас заявку" in text
    assert "(а)" not in text  # walkthrough 11: no gender hedge
    assert "MSK" in text
    assert "по-английски" not in text  # the subject is in Russian: nothing to say


def test_the_customer_reads_the_subject_without_the_teams_phoned_in(
    say: Say, outbox, console: Renderer
) -> None:
    """Walkthrough 11: "… открыл(а) для вас заявку T-1006: Phoned in: backup of VM …" — the
    team's "Phoned in:" and an English subject went to a Russian customer as they were."""
    opened = say("/ticket new globex Phoned in: backup of VM sib-erp01 failed", **ENGINEER)
    number = opened.data["ticket"].number
    [told] = outbox("notice_ticket_opened_for_you")
    text = console.render(reply_from_dict(told["reply"]))
    assert "Phoned in" not in text
    assert "(Служба поддержки написала это по-английски.)" in text
    assert f"заявку {number}: backup of VM sib-erp01 failed" in text
    customer = console.render(say(f"/ticket {number}", channel="C_GLOBEX", user="U_G"))
    assert "Phoned in" not in customer
    staff = console.render(say(f"/ticket {number}", **ENGINEER))
    assert "Phoned in" in staff  # kept for the team as an internal note


def test_help_is_the_route_table_in_the_readers_language(say: Say, console: Renderer) -> None:
    english = console.render(say("/help", **ENGINEER))
    assert "/take <ticket> — Assign a ticket to yourself" in english
    assert "/assign <ticket> <engineer> — Give a ticket to a colleague" in english
    assert "/start" not in english and "/digest" not in english
    russian = console.render(say("/help", channel="C_GLOBEX", user="U_G"))
    assert "/ticket new <тема> — Открыть заявку для инженера" in russian
    assert "/take" not in russian
    chinese = console.render(say("/help", user="U_WANG", channel="D_WANG"))
    assert "/take <工单> — 将工单分配给自己" in chinese
    assert "用法：/reply <工单> <内容>" in console.render(say("/reply", user="U_WANG", channel="D"))


def test_the_queue_is_headed_with_what_was_asked_for(say: Say, console: Renderer) -> None:
    """``/tickets resolved`` is not headed "Open tickets"; staff read the queue's wording."""
    wang = {"user": "U_WANG", "channel": "D_WANG"}
    number = say("/ticket new VPN down").data["ticket"].number
    say(f"/resolve {number}", **ENGINEER)

    resolved = console.render(say("/tickets resolved", **ENGINEER)).splitlines()
    assert resolved[0] == "Resolved tickets" and number in resolved[1]
    assert console.render(say("/tickets resolved", **wang)).splitlines()[0] == "已解决的工单"
    assert console.render(say("/tickets resolved")).splitlines()[0] == "Resolved tickets"
    both = console.render(say("/tickets resolved waiting", **ENGINEER)).splitlines()[0]
    assert both == "Tickets: resolved, waiting on the customer"
    assert console.render(say("/tickets resolved waiting", **wang)).startswith(
        "状态为已解决、等待客户回复的工单"
    )
    assert console.render(say("/tickets all", **ENGINEER)).splitlines()[0] == "Tickets"
    mine = console.render(say("/tickets all VPN", **ENGINEER)).splitlines()
    assert mine[:2] == ["Tickets", "Filters: all VPN"]


def test_an_empty_queue_says_so_to_staff(say: Say, console: Renderer) -> None:
    """Staff read that the queue (with those filters) is empty, not "you have no tickets"."""
    wang = {"user": "U_WANG", "channel": "D_WANG"}
    assert console.render(say("/tickets", **ENGINEER)) == "The queue is empty: no open tickets."
    assert console.render(say("/tickets")) == "You have no open tickets."
    assert console.render(say("/tickets", **wang)) == "队列为空：没有未关闭的工单。"
    number = say("/ticket new VPN down").data["ticket"].number
    say(f"/resolve {number}", **ENGINEER)
    narrowed = console.render(say("/tickets resolved A", **ENGINEER))
    assert narrowed == "No tickets in the queue match resolved A."
    waiting = console.render(say("/tickets waiting", **ENGINEER))
    assert waiting == "No tickets in the queue match waiting."
    assert console.render(say("/tickets waiting")) == "You have no tickets matching waiting."
    assert console.render(say("/tickets waiting", **wang)) == "队列中没有符合 waiting 的工单。"


def test_a_customers_list_keeps_a_resolved_ticket_until_they_confirm(
    say: Say, console: Renderer
) -> None:
    """Walk-through: "/support tickets" said "You have no open tickets." while a resolved
    ticket waited for the customer's "did this solve it?"; the queue stays active only."""
    number = say("/ticket new VPN down").data["ticket"].number
    say(f"/resolve {number} Rebuilt the tunnel", **ENGINEER)
    listed = console.render(say("/tickets"))
    assert number in listed and "resolved" in listed.lower()
    assert console.render(say("/tickets", **ENGINEER)) == "The queue is empty: no open tickets."


def test_all_tickets_when_there_are_none_says_so_without_echoing_all(
    say: Say, console: Renderer
) -> None:
    """Walk-through: "/tickets all" in Chinese read "您没有符合 all 的工单"."""
    wang = {"user": "U_WANG", "channel": "D_WANG"}
    assert console.render(replace(say("/tickets all"), lang="zh")) == "您还没有任何工单。"
    assert console.render(say("/tickets all")) == "You have no tickets yet."
    assert console.render(say("/tickets all", **wang)) == "目前还没有任何工单。"
    assert console.render(say("/tickets all VPN")) == "You have no tickets matching all VPN."
