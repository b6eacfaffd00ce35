"""The playground (``make playground``) driven by a script: a customer asks in Slack, opens
a ticket with the form, the engineer answers from Telegram and from Slack, and the
customer sees both answers in the ticket's thread."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tests.fakes.loopback import guard_loopback
from tests.fakes.playground.main import main

SCRIPT = """\
# the customer asks in Acme's Slack channel and gets the KB's answer
slack customer:acme how do I reset my password?
press 3
form subject="Password reset link never arrives" severity=B description="Tried twice"
# the engineer takes it in Telegram and answers the customer from there
telegram engineer:alice /take T-1001
telegram engineer:alice /reply T-1001 Please look in your spam folder
# the customer answers in the ticket's thread; the engineer answers there in Slack
thread customer:acme Not there either
thread customer:acme the page shows <b>all</b> & a < b
thread slack engineer:alice Resetting it for you now
slack customer:acme /support ticket T-1001
# a new question; the customer answers the bot in its thread, as Slack users do
slack customer:acme how do i set up out of office in outlook
thread customer:acme didnt help, where is it on my iphone?
# a mention, as Slack sends it: a message and an app_mention, answered once
slack customer:acme @bot where is my invoice
slack customer:acme /support ticket new VPN drops every 5 minutes
no such command
quit
slack customer:acme never read
"""


def _blocks(output: str) -> dict[str, str]:
    """What each typed line printed, by the line."""
    blocks: dict[str, str] = {}
    for chunk in output.split("\n> ")[1:]:
        line, _, printed = chunk.partition("\n")
        blocks[line] = printed
    return blocks


@pytest.fixture
def output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    guard_loopback(monkeypatch)
    monkeypatch.setenv("SUPPORTBOT_KB_CACHE", "off")  # the tests' KB search is word-only
    script = tmp_path / "script.txt"
    script.write_text(SCRIPT, encoding="utf-8")
    out = io.StringIO()
    assert main(["--script", str(script)], out=out) == 0
    return out.getvalue()


def test_a_ticket_from_slack_answered_from_telegram_and_slack(output: str) -> None:
    said = _blocks(output)
    assert "customer:acme" in output and "engineer:alice" in output  # who can talk

    asked = said["slack customer:acme how do I reset my password?"]
    assert asked.startswith('[slack · Acme Ltd\'s channel · thread "how do I reset my password?"]')
    assert "reset-password" in asked  # the shipped KB's article
    assert "[1] Yes, it helped  [2] No  [3] Talk to an engineer" in asked

    form = said["press 3"]
    assert "(Sam Carter presses “Talk to an engineer”)" in form
    assert "(a form opens: Talk to an engineer)" in form
    assert "subject: Subject = how do I reset my password?" in form

    opened = said[
        'form subject="Password reset link never arrives" severity=B description="Tried twice"'
    ]
    assert "[slack · engineers' channel] bot says:" in opened
    assert "[telegram · engineers' group] bot says:" in opened
    assert "New ticket T-1001 from Sam Carter (Acme Ltd) [B]" in opened  # named, not a handle
    assert "Ticket T-1001 is open: Password reset link never arrives" in opened

    taken = said["telegram engineer:alice /take T-1001"]
    assert "[telegram · Alice Engineer's private chat with the bot] bot says:" in taken
    assert "Alice Engineer from the support team is working on T-1001." in taken

    replied = said["telegram engineer:alice /reply T-1001 Please look in your spam folder"]
    customer_thread = '[slack · Acme Ltd\'s channel · thread "how do I reset my password?"]'
    assert f"{customer_thread} bot says:\n    *Alice Engineer (support) on T-1001:*" in replied
    assert "Please look in your spam folder" in replied

    comment = said["thread customer:acme Not there either"]
    assert "Added to T-1001." in comment
    assert "New message from Sam Carter (Acme Ltd) on T-1001:\n    Not there either" in comment

    # a person's message in a Slack thread is no bot reply: everyone there reads it as is...
    assert said["thread slack engineer:alice Resetting it for you now"] == "(no reply)\n"
    # ...and it went on the ticket, whose history the customer reads with the command
    history = said["slack customer:acme /support ticket T-1001"]
    assert history.startswith("[slack · Acme Ltd's channel, to Sam Carter] (only you see this)")
    assert "Resetting it for you now" in history and "Please look in your spam folder" in history
    # walk-through (fifteenth session): the fake sent "<" and "&" unescaped, so the bot read
    # "<b>all</b>" as Slack markup; Slack escapes them, and the engineer reads them as typed
    typed = said["thread customer:acme the page shows <b>all</b> & a < b"]
    assert "the page shows <b>all</b> & a < b" in typed, typed

    # walk-through (eleventh session): the fake sent thread replies without Slack's
    # parent_user_id, so the bot took them for talk between people and said nothing
    follow_up = said["thread customer:acme didnt help, where is it on my iphone?"]
    asked = '[slack · Acme Ltd\'s channel · thread "how do i set up out of office in outlook"]'
    assert follow_up.startswith(f"{asked} bot says:"), follow_up

    mentioned = said["slack customer:acme @bot where is my invoice"]
    assert mentioned.startswith('[slack · Acme Ltd\'s channel · thread "@bot where is my invoice"]')
    assert mentioned.count("bot says:") == 1, mentioned
    by_command = said["slack customer:acme /support ticket new VPN drops every 5 minutes"]
    assert "New ticket T-1002 from Sam Carter (Acme Ltd)" in by_command, by_command

    assert "(unknown line: 'no such command'; type `help`)" in said["no such command"]
    assert "never read" not in said  # quit stops the script
