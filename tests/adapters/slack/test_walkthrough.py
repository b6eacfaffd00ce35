"""Findings of the blind walkthrough, replayed over real Slack HTTP (signed requests, fake API)."""

from __future__ import annotations

import itertools
import re
import textwrap
from pathlib import Path

from tests.adapters.slack import payloads
from tests.adapters.slack.conftest import RunningBot, StartSlackBot
from tests.fakes.slack_api import FakeSlackApi

_hooks = itertools.count(1)


def _support(bot: RunningBot, api: FakeSlackApi, text: str, **kw: str) -> str:
    """Run ``/support <text>`` (as the engineer unless ``user`` says otherwise); the answer."""
    name = f"walk-{next(_hooks)}-{payloads.next_ts()}"
    assert bot.send_command(text, response_url=api.hook_url(name), **kw).status_code == 200
    return str(api.wait_for(f"/hooks/{name}")[0].payload.get("text", ""))


def _customer_ticket(bot: RunningBot, api: FakeSlackApi, channel: str, subject: str) -> str:
    """A customer's ``/support ticket new``: its answer starts the ticket's thread in the
    channel (a root message everyone sees), not a private answer."""
    marker = payloads.next_ts()
    hook = api.hook_url(f"walk-{next(_hooks)}-{marker}")
    command = f"ticket new {subject} {marker}"
    sent = bot.send_command(
        command, response_url=hook, user="U_WALK1", channel=channel, user_name="olga.s"
    )
    assert sent.status_code == 200
    opened = api.wait_for(
        "chat.postMessage",
        where=lambda c: c.payload["channel"] == channel and marker in c.payload["text"],
    )[0].payload["text"]
    found = re.search(r"T-\d+", opened)
    assert found, opened
    return found.group(0)


def test_customer_history_shows_names_and_their_own_words(slack_bot, fake_slack) -> None:
    """Finding 12: a Russian customer's /support ticket shows no ids, enum names or English."""
    number = _customer_ticket(slack_bot, fake_slack, "C_GLOBEX", "Почта не работает")
    _support(slack_bot, fake_slack, f"take {number}")
    _support(slack_bot, fake_slack, f"status {number} provider")
    fields = ("service mail", "impact 30 без почты", "tried Перезапуск", "description Нет почты")
    for field in fields:
        _support(slack_bot, fake_slack, f"set {number} {field}")
    report = _support(slack_bot, fake_slack, f"escalate {number}")  # manual: no case number
    assert "What we have tried:\nПерезапуск" in report  # finding 14: only what was done
    assert "service health checked" not in report

    shown = _support(slack_bot, fake_slack, f"ticket {number}", user="U_WALK1", channel="C_GLOBEX")
    for internal in ("U_WALK1", "slack:", "alice", "waiting_on_provider", "vianet", "manual"):
        assert internal not in shown, (internal, shown)
    for english in ("business impact", "what was tried", "service ("):
        assert english not in shown, (english, shown)
    assert "Alice" in shown and "Globex" in shown and "сервис (Mail)" in shown
    assert "olga.s (Globex): заявка открыта" in shown  # the person who opened it, by name
    assert "Сервис: Mail" in shown
    assert "ждём ответа провайдера" in shown
    # the provider report the engineer filled in is for staff: not in the customer's history
    assert "влияние на работу" not in shown and "30 без почты" not in shown
    assert re.search(r"21Vianet\s*$", shown, re.MULTILINE), shown  # no "—" for a missing case


def test_waiting_reads_as_waiting_on_the_customer_for_staff(slack_bot, fake_slack) -> None:
    """Finding 11: the engineer reads "waiting on the customer"; the customer "waiting on you"."""
    number = _customer_ticket(slack_bot, fake_slack, "C_ACME", "Calendar sync stalls")
    changed = _support(slack_bot, fake_slack, f"status {number} waiting")
    assert f"{number} is now waiting on the customer." in changed
    staff_view = _support(slack_bot, fake_slack, f"ticket {number}")
    assert "Status: waiting on the customer" in staff_view and "on you" not in staff_view
    queue = _support(slack_bot, fake_slack, "tickets waiting")
    assert "waiting on the customer" in queue and "on you" not in queue
    customer_view = _support(
        slack_bot, fake_slack, f"ticket {number}", user="U_WALK1", channel="C_ACME"
    )
    assert "Status: waiting on you" in customer_view


def test_unknown_subcommand_is_named_above_the_help(slack_bot, fake_slack) -> None:
    """Finding 13: ``/support frobnicate`` says it doesn't know the command, then helps."""
    answer = _support(slack_bot, fake_slack, "frobnicate everything")
    first, _, rest = answer.partition("\n")
    assert first == "I don't know the command /support frobnicate."
    assert "/support take &lt;ticket&gt;" in rest


def test_wrong_names_are_answered_with_the_names_that_exist(slack_bot, fake_slack) -> None:
    """Finding 13: an unknown customer, engineer, incident state or status lists the real ones."""
    opened = _support(slack_bot, fake_slack, "ticket new nosuchcustomer Phone call")
    assert "I couldn't find that customer: nosuchcustomer" in opened
    assert "Known: acme, globex, huaxia" in opened and "&lt;subject&gt;" not in opened
    no_subject = _support(slack_bot, fake_slack, "ticket new acme")
    assert "Usage: /support ticket new &lt;customer&gt; &lt;subject&gt;" in no_subject
    assert "For example: /support ticket new acme Phone call" in no_subject
    number = _customer_ticket(slack_bot, fake_slack, "C_ACME", "Printer queue")
    assigned = _support(slack_bot, fake_slack, f"assign {number} bob")
    assert "I couldn't find that engineer: bob" in assigned
    assert "Known: alice (Alice), maria (Maria)" in assigned
    incident = _support(slack_bot, fake_slack, "incident open mail broken")
    assert "operational, maintenance, degraded, partial_outage, major_outage" in incident
    status = _support(slack_bot, fake_slack, f"status {number} later")
    assert "open, waiting, provider, closed" in status


def test_a_link_and_a_mention_in_a_ticket_thread_reach_the_engineer(slack_bot, fake_slack) -> None:
    """Finding 4: ``<url|label>`` keeps its address and ``<@U…>`` of staff reads as a name."""
    body = payloads.event(text=f"/ticket new Status page disagrees {payloads.next_ts()}")
    assert slack_bot.send_event(body).status_code == 200
    thread = body["event"]["ts"]
    fake_slack.wait_for("chat.postMessage", where=lambda c: c.payload.get("thread_ts") == thread)
    said = "See <https://status.acme.cn/incident/42|our status page>, <@U_ALICE> knows"
    comment = payloads.event(
        text=f"{said} {thread}", user="U_COLLEAGUE", thread_ts=thread, parent_user_id="U_CUSTOMER"
    )
    assert slack_bot.send_event(comment).status_code == 200
    seen = fake_slack.wait_for(
        "chat.postMessage",
        where=lambda c: c.payload["channel"] == "C_ENG" and thread in c.payload["text"],
    )[0].payload["text"]
    assert "our status page (https://status.acme.cn/incident/42)" in seen
    assert "@Alice knows" in seen and "U_ALICE" not in seen


ARTICLE = """\
    ---
    title: Is the mail service down
    aliases: [is mail down for everyone, check the mail service status]
    ---
    # Is the mail service down

    ## Check the service state

    Type `/health outlook` to see the state of the mail service, or `/health` for all of
    them. Keep `/etc/hosts` as it is.
    """


def test_an_articles_health_command_works_as_slack_shows_it(
    config_file: Path, start_slack_bot: StartSlackBot, fake_slack: FakeSlackApi
) -> None:
    """Finding 10: an article's `/health <alias>` is shown as `/support health <alias>`, and
    the alias (a keyword of the service, not its id) finds the service."""
    article = config_file.parent / "kb" / "updates" / "mail-down.md"
    article.parent.mkdir(parents=True, exist_ok=True)
    article.write_text(textwrap.dedent(ARTICLE), encoding="utf-8")
    bot = start_slack_bot()
    body = payloads.event(text="is mail down for everyone?")
    assert bot.send_event(body).status_code == 200
    answer = fake_slack.wait_for(
        "chat.postMessage", where=lambda c: c.payload.get("thread_ts") == body["event"]["ts"]
    )[0].payload["text"]
    assert "`/support health outlook`" in answer and "`/support health`" in answer
    assert "`/etc/hosts`" in answer
    health = _support(bot, fake_slack, "health outlook", user="U_CUSTOMER", channel="C_ACME")
    assert "Mail" in health and "couldn't find" not in health
    other = _support(bot, fake_slack, "health meetings", user="U_CUSTOMER", channel="C_ACME")
    assert "I couldn't find that service: meetings" in other and "Known: mail, vpn" in other


def test_minor_findings_of_the_walkthrough(slack_bot, fake_slack) -> None:
    """Finding 14: customer help without staff hints, "all" tickets titled as such, a DM
    from someone unknown told what to do, an incident state that reads as English."""
    customer = {"user": "U_WALK2", "channel": "C_ACME"}
    helped = _support(slack_bot, fake_slack, "help", **customer)
    for staff_only in ("staff", "customer first", "mine", "unassigned", "breached"):
        assert staff_only not in helped, staff_only
    staff_help = _support(slack_bot, fake_slack, "help")
    assert "the customer first, then the subject" in staff_help and "mine" in staff_help
    assert _support(slack_bot, fake_slack, "tickets all", **customer).startswith("*Tickets*")
    assert _support(slack_bot, fake_slack, "tickets", **customer).startswith("*Open tickets*")
    dm = payloads.event(text="hello, is mail down?", channel="D_WALK", user="U_WALK3")
    dm["event"]["channel_type"] = "im"
    assert slack_bot.send_event(dm).status_code == 200
    told = fake_slack.wait_for("chat.postMessage", where=lambda c: c.payload["channel"] == "D_WALK")
    assert "Ask me in your company's support channel" in told[0].payload["text"]
    opened = _support(slack_bot, fake_slack, "incident open vms major Hosts unreachable")
    assert "Virtual machines — major outage." in opened and "is major" not in opened


def test_the_ticket_form_says_where_longer_text_goes(slack_bot, fake_slack) -> None:
    """Finding 14: Slack caps the form's description at 3,000 characters; the hint says so."""
    body = payloads.event(text="Outlook cannot reach the mail server", user="U_WALK4")
    assert slack_bot.send_event(body).status_code == 200
    thread = body["event"]["ts"]
    answer = fake_slack.wait_for(
        "chat.postMessage", where=lambda c: c.payload.get("thread_ts") == thread
    )[0].payload
    buttons = next(b for b in answer["blocks"] if b["type"] == "actions")["elements"]
    value = next(b["value"] for b in buttons if b["action_id"] == "kb_talk_to_engineer")
    press = payloads.button("kb_talk_to_engineer", value, thread_ts=thread, user="U_WALK4")
    slack_bot.send_interaction(press)
    view = fake_slack.wait_for(
        "views.open", where=lambda c: c.payload["trigger_id"] == press["trigger_id"]
    )[0].payload["view"]
    description = next(b for b in view["blocks"] if b["block_id"] == "description")
    assert description["element"]["max_length"] == 3000
    assert "Up to 3,000 characters here" in description["hint"]["text"]
    assert "in the ticket's thread afterwards" in description["hint"]["text"]
