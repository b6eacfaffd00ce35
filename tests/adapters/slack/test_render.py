"""Slack rendering: a template for every reply kind, escaping everywhere, buttons."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.adapters.slack.preview import render_preview
from bot.adapters.slack.render import SlackRenderer
from bot.messages import THREAD_ROOT, Action, Notice, Reply

TEMPLATES = Path(__file__).resolve().parents[3] / "templates"
HOSTILE = "<!channel> <!here|here> @everyone <@U_ALICE> <https://evil.example|click> & *x*"
DUE = "2026-11-24T10:00:00+00:00"


def _assert_harmless(text: str) -> None:
    assert "<!" not in text and "<@" not in text and "<https://evil" not in text
    assert "@everyone" not in text
    assert "&lt;!channel&gt;" in text


def _ticket(subject: str = HOSTILE, description: str = "") -> dict:
    return {
        "number": "T-1001",
        "subject": subject,
        "description": description,
        "severity": "B",
        "customer_id": "acme",
        "first_response_due": DUE,
        "assignee": None,
    }


@pytest.mark.parametrize(
    "reply",
    [
        Reply(kind="ticket_opened", data={"ticket": _ticket()}),
        Reply(kind="ticket_new_staff", data={"ticket": _ticket("VPN", HOSTILE)}),
        Reply(
            kind="notice_engineer_reply",
            data={"engineer": "Alice", "ticket": _ticket(), "text": HOSTILE},
        ),
        Reply(
            kind="ticket_list", data={"tickets": [{**_ticket(), "status": "open"}], "staff": True}
        ),
        Reply(kind="kb_search", data={"query": HOSTILE, "hits": []}),
        Reply(kind="unknown_command", data={"command": HOSTILE}),
    ],
    ids=lambda r: r.kind,
)
def test_hostile_text_cannot_ping_mention_or_link(reply: Reply) -> None:
    message = SlackRenderer().message(reply)
    _assert_harmless(message["text"])
    for block in message["blocks"]:
        if block["type"] == "section":
            _assert_harmless(block["text"]["text"])


def _answer(url: str = "https://kb.example/reset") -> Reply:
    hit = {"title": "Reset <b>|password", "section": "", "url": url, "article_id": "account/reset"}
    data = {
        "answer": {"best": hit, "excerpt": "Open <!here> the page & reset.", "see_also": []},
        "troubles": [{"name": "VPN", "state": "degraded", "note": "<!channel> drops"}],
        "question_id": 7,
    }
    actions = (
        Action("kb_helped", "7"),
        Action("kb_not_helped", "7"),
        Action("kb_talk_to_engineer", "7"),
    )
    return Reply(kind="kb_answer", data=data, actions=actions)


def test_kb_answer_has_escaped_text_a_safe_link_and_three_buttons() -> None:
    message = SlackRenderer().message(_answer())
    text = message["text"]
    assert "<https://kb.example/reset|Reset &lt;b&gt;¦password>" in text
    assert "&lt;!here&gt;" in text and "&lt;!channel&gt;" in text
    actions = [b for b in message["blocks"] if b["type"] == "actions"]
    assert len(actions) == 1
    buttons = actions[0]["elements"]
    assert [b["action_id"] for b in buttons] == [
        "kb_helped",
        "kb_not_helped",
        "kb_talk_to_engineer",
    ]
    assert [b["text"]["text"] for b in buttons] == ["Yes, it helped", "No", "Talk to an engineer"]
    assert {b["value"] for b in buttons} == {"7"}


def test_button_labels_follow_the_reply_language() -> None:
    reply = Reply(
        kind="kb_feedback",
        data={"helped": False},
        lang="ru",
        actions=(Action("kb_talk_to_engineer", "3"),),
    )
    message = SlackRenderer().message(reply)
    label = message["blocks"][-1]["elements"][0]["text"]["text"]
    assert label and label != "action_kb_talk_to_engineer"


def test_post_goes_under_the_thread() -> None:
    payload = SlackRenderer().post(Reply(kind="error_unknown_sender"), "C_X", "1.23")
    assert payload["channel"] == "C_X" and payload["thread_ts"] == "1.23"
    assert "isn't linked" in payload["text"]
    assert payload["unfurl_links"] is False


def test_a_tickets_first_notice_in_the_open_starts_its_thread() -> None:
    """Walkthrough 10, finding 4: "… opened T-1008 for you" is marked so the transport binds
    the ticket to the thread under it; posted in a thread already, it starts nothing."""
    reply = Reply(kind="error_unknown_sender", data={THREAD_ROOT: "T-1008"})
    [open_call] = SlackRenderer().calls(Notice("slack", "C_ACME", reply))
    assert open_call.thread_root == "T-1008" and "thread_ts" not in open_call.payload
    [in_thread] = SlackRenderer().calls(Notice("slack", "C_ACME", reply, thread="1.2"))
    assert in_thread.thread_root == ""
    plain = Reply(kind="error_unknown_sender")
    assert SlackRenderer().calls(Notice("slack", "C_ACME", plain))[0].thread_root == ""


def test_a_reply_kind_without_template_fails_loudly() -> None:
    from bot.rendering import RenderError

    with pytest.raises(RenderError):
        SlackRenderer().message(Reply(kind="no_such_kind"))


def test_preview_is_the_post_payload_as_json() -> None:
    shown = json.loads(render_preview(Reply(kind="ticket_opened", data={"ticket": _ticket("VPN")})))
    assert shown["blocks"][0]["type"] == "section"
    assert "T-1001" in shown["text"]


MARKS = "*urgent* _now_ ~maybe~ `code` john_doe 2*3"
HIT = {"score": 0.5, "title": "Mail", "section": "", "article_id": "mail"}


@pytest.mark.parametrize(
    "reply",
    [
        Reply(kind="ticket_new_staff", data={"ticket": _ticket(MARKS)}),
        Reply(kind="ticket_opened", data={"ticket": _ticket(MARKS)}),
        Reply(kind="kb_search", data={"query": MARKS, "hits": [HIT]}),
    ],
    ids=lambda r: r.kind,
)
def test_customer_marks_inside_a_bold_title_cannot_break_it(reply: Reply) -> None:
    """Walkthrough 12: ``*urgent*`` in a subject neither ends the bold title early nor
    makes bold, italic, struck or code text of its own; marks inside a word stay."""
    title = next(line for line in SlackRenderer().text(reply).splitlines() if "urgent" in line)
    bold = title[title.index("*") :]
    assert bold.startswith("*") and bold.endswith("*"), title
    inner = bold[1:-1]
    assert not any(mark in inner for mark in "*~`"), title
    assert "_now_" not in inner and "john_doe" in inner and "2*3" not in inner, title
    assert "urgent" in inner and "now" in inner and "maybe" in inner and "code" in inner
