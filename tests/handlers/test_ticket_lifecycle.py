"""A ticket's whole life, as the customer's thread and `show` see it."""

from __future__ import annotations

from bot.messages import reply_from_dict
from bot.rendering import Renderer
from tests.conftest import Say

ENGINEER = {"user": "U_ALICE", "channel": "C_ENG"}
THREAD = "1700000000.000100"


def test_whole_life_from_question_to_confirmation(say: Say, outbox, console: Renderer) -> None:
    opened = say("/ticket new Mail bounces for the whole company", thread=THREAD)
    number = opened.data["ticket"].number
    [alert] = outbox("ticket_new_staff")
    assert (alert["platform"], alert["channel"]) == ("slack", "C_ENG")
    assert alert["actions"] == [["ticket_take", number], ["ticket_open", number]]

    assert say(f"/take {number}", **ENGINEER).data["change"] == "taken"
    [taken] = outbox("notice_ticket_taken")
    assert (taken["channel"], taken["thread"]) == ("C_ACME", THREAD)
    assert "Alice from the support team is working on T-1001" in console.render(
        reply_from_dict(taken["reply"])
    )

    say(f"/reply {number} Please send us a bounce message.", **ENGINEER)
    [answer] = outbox("notice_engineer_reply")
    assert answer["thread"] == THREAD
    assert "Please send us a bounce message." in console.render(reply_from_dict(answer["reply"]))

    # The customer answers in the thread: a comment, told to the assignee, not a KB question.
    comment = say("Here it is: 550 5.1.1 user unknown", thread=THREAD)
    assert comment.kind == "ticket_comment_added"
    [told] = outbox("notice_customer_comment")
    assert told["channel"] == "U_ALICE"

    say(f"/set {number} service mail", **ENGINEER)
    say(f"/set {number} impact 40 users cannot receive external mail", **ENGINEER)
    say(f"/set {number} description External senders get 550 5.1.1 since 09:00", **ENGINEER)
    missing = say(f"/escalate {number}", **ENGINEER)
    assert missing.data["missing"] == ["tried"]
    assert "/set T-1001 tried" in console.render(missing)
    say(
        f"/set {number} tried Checked service health and MX records; mail flow rules fine",
        **ENGINEER,
    )
    manual = say(f"/escalate {number}", **ENGINEER)
    report = console.render(manual)
    assert "Paste this report into the 21Vianet portal" in report
    assert "noc@reseller.example" in report and "40 users cannot receive" in report

    say(f"/upstream {number} 2611240010001234 https://portal.provider.example/c/1234", **ENGINEER)
    [escalated] = outbox("notice_escalated")
    text = console.render(reply_from_dict(escalated["reply"]))
    assert "reported T-1001 to 21Vianet on your behalf (their case 2611240010001234)" in text

    say(f"/upstream {number} status Engineers found a faulty transport rule", **ENGINEER)
    [update] = outbox("notice_upstream_update")
    assert "faulty transport rule" in console.render(reply_from_dict(update["reply"]))

    say(f"/resolve {number} The provider fixed the transport rule.", **ENGINEER)
    [resolved] = outbox("notice_ticket_resolved")
    assert resolved["actions"] == [["ticket_confirm_yes", number], ["ticket_confirm_no", number]]

    again = say("", action_id="ticket_confirm_no", action_value=number, thread=THREAD)
    assert again.data["ticket"].status == "open"
    assert outbox("notice_ticket_reopened")[0]["channel"] == "U_ALICE"
    say(f"/resolve {number}", **ENGINEER)
    closed = say("", action_id="ticket_confirm_yes", action_value=number, thread=THREAD)
    assert closed.data["ticket"].status == "closed"

    shown = console.render(say(f"/ticket {number}", **ENGINEER))
    for line in (
        "ticket opened",
        "assigned (Alice)",
        "replied (Please send us a bounce message.)",
        "customer wrote (Here it is",
        "escalated to the provider (manual)",
        "provider case (2611240010001234)",
        "provider update (sent to the provider → Engineers found a faulty transport rule)",
        "reopened by the customer",
        "status (resolved → closed)",
    ):
        assert line in shown, line
    assert "Provider case: 21Vianet 2611240010001234" in shown


def test_customers_cannot_work_the_queue(say: Say) -> None:
    number = say("/ticket new VPN down").data["ticket"].number
    for command in ("take", "escalate", "resolve", "reply", "severity", "upstream", "link", "kb"):
        reply = say(f"/{command} {number} A")
        assert reply.kind == "error_not_allowed", command


def test_another_customer_cannot_confirm_or_see_a_ticket(say: Say) -> None:
    number = say("/ticket new VPN down").data["ticket"].number
    say(f"/resolve {number}", **ENGINEER)
    other = say("", channel="C_GLOBEX", action_id="ticket_confirm_yes", action_value=number)
    assert other.kind == "error_not_found"
    mine = say(f"/ticket {number}")
    assert mine.data["ticket"].status == "resolved"


def test_queue_filters(say: Say) -> None:
    say("/ticket new Acme mail")
    b = say("/ticket new Globex VM slow", channel="C_GLOBEX").data["ticket"].number
    say(f"/severity {b} A", **ENGINEER)
    say(f"/take {b}", **ENGINEER)
    numbers = lambda args: [t.number for t in say(f"/tickets {args}", **ENGINEER).data["tickets"]]  # noqa: E731
    assert numbers("A") == [b]
    assert numbers("mine") == [b]
    assert numbers("unassigned") == ["T-1001"]
    assert numbers("globex") == [b]
    assert numbers("open") == [b]
    assert numbers("mail") == ["T-1001"]


def test_chat_link_codes(say: Say, console: Renderer) -> None:
    stranger = {"channel": "C_NEWCO", "user": "U_BOB"}
    assert say("/tickets", **stranger).kind == "error_unknown_sender"
    code = say("/link globex", **ENGINEER).data["code"]
    assert say("/link WRONGCODE", **stranger).kind == "error_link_code"
    linked = say(f"/link {code}", **stranger)
    assert linked.kind == "chat_linked"
    assert "Globex" in console.render(linked)
    assert say("/tickets", **stranger).kind == "ticket_list"
    # Single use: another chat cannot reuse it.
    assert say(f"/start {code}", channel="C_OTHER", user="U_EVE").kind == "error_link_code"


def test_a_customer_reads_their_ticket_without_what_is_kept_for_staff(
    say: Say, console: Renderer
) -> None:
    number = say("/ticket new Mail bounces", thread=THREAD).data["ticket"].number
    say(f"/take {number}", **ENGINEER)
    say(f"/note {number} Their admin broke the transport rule again", **ENGINEER)
    say(f"/set {number} service mail", **ENGINEER)
    say(f"/set {number} impact 40 users cannot receive external mail", **ENGINEER)
    say(f"/set {number} tried Checked MX records and the quarantine", **ENGINEER)
    say(f"/set {number} description Rewritten for the provider: 550 5.1.1 since 09:00", **ENGINEER)
    say(f"/set {number} links https://wiki.reseller.example/runbooks/mail", **ENGINEER)
    say(f"/escalate {number}", **ENGINEER)
    say(f"/upstream {number} 2611240010001234 https://portal.provider.example/c/1234", **ENGINEER)
    say(f"/upstream {number} status Engineers found a faulty transport rule", **ENGINEER)
    staff_only = (
        "internal note",
        "transport rule again",
        "business impact",
        "40 users",
        "what was tried",
        "quarantine",
        "Rewritten for the provider",
        "attachments and links",
        "wiki.reseller.example",
        "portal.provider.example",
        "Customer: Acme (acme)",
    )

    customer = console.render(say(f"/ticket {number}", thread=THREAD))  # in their own chat
    for text in staff_only:
        assert text not in customer, text
    # what the customer was told anyway: the provider's case number and its news
    assert "Provider case: 21Vianet 2611240010001234 (Engineers found a faulty" in customer
    assert "Service: Mail" in customer and "Mail bounces" in customer

    engineer = console.render(say(f"/ticket {number}", **ENGINEER))
    for text in staff_only:
        assert text in engineer, text
