"""Telegram templates: one per reply kind, hostile text escaped, keyboards within limits."""

from __future__ import annotations

import re
from typing import Any

from bot.adapters.telegram import Target, TelegramRenderer
from bot.adapters.telegram.preview import render_preview
from bot.messages import Action, Reply
from bot.rendering import templates_dir

HOSTILE = '<script>alert("x")</script> & <b>bold</b> <a href="javascript:1">y</a>'
ALLOWED = {"b", "i", "u", "s", "code", "pre", "a", "blockquote"}


def tags(text: str) -> set[str]:
    return {m.lower() for m in re.findall(r"</?([A-Za-z][\w-]*)", text)}


def ticket(**overrides: Any) -> dict[str, Any]:
    base = {
        "number": "T-1001",
        "customer_id": "acme",
        "subject": HOSTILE,
        "description": HOSTILE + " details",
        "status": "open",
        "severity": "B",
        "assignee": None,
        "created_at": "2026-11-24T10:00:00+00:00",
        "first_response_due": "2026-11-24T12:00:00+00:00",
        "first_response_at": None,
        "resolution_due": None,
        "service_id": None,
        "paused": False,
        "upstream": None,
    }
    return base | overrides


def render(reply: Reply) -> list[dict[str, Any]]:
    return TelegramRenderer().payloads(reply, Target(chat_id=-100, thread_id=7, reply_to=3))


def test_hostile_user_text_is_escaped_everywhere_it_appears() -> None:
    replies = [
        Reply(
            kind="notice_engineer_reply",
            data={"ticket": ticket(), "engineer": HOSTILE, "text": HOSTILE},
        ),
        Reply(kind="notice_customer_comment", data={"ticket": ticket(), "text": HOSTILE}),
        Reply(kind="ticket_detail", data={"ticket": ticket(), "events": [], "staff": True}),
        Reply(kind="ticket_new_staff", data={"ticket": ticket()}),
        Reply(kind="ticket_opened", data={"ticket": ticket()}),
        Reply(kind="kb_search", data={"query": HOSTILE, "hits": []}),
        Reply(kind="unknown_command", data={"command": HOSTILE}),
        Reply(kind="ticket_draft_subject", data={"subject": HOSTILE}),
    ]
    for reply in replies:
        text = render(reply)[0]["text"]
        assert tags(text) <= ALLOWED, (reply.kind, text)
        assert "&lt;script&gt;" in text, (reply.kind, text)
        assert 'href="javascript' not in text


def test_kb_answer_turns_markdown_into_telegram_html() -> None:
    answer = {
        "best": {
            "title": "Reset <it>",
            "section": "",
            "url": "https://kb.example/reset",
            "article_id": "a",
        },
        "excerpt": "1. Choose **Forgot password**.\n2. Run `reset` <now>.",
        "see_also": [{"title": "VPN", "url": None, "article_id": "connectivity/vpn.md"}],
    }
    reply = Reply(
        kind="kb_answer",
        data={"answer": answer, "troubles": [], "question_id": 9},
        actions=(
            Action("kb_helped", "9"),
            Action("kb_not_helped", "9"),
            Action("kb_talk_to_engineer", "9"),
        ),
    )
    payload = render(reply)[0]
    text = payload["text"]
    assert "<b>Reset &lt;it&gt;</b>" in text
    assert "1. Choose <b>Forgot password</b>." in text
    assert "<code>reset</code> &lt;now&gt;" in text
    assert '<a href="https://kb.example/reset">' in text
    assert "\n\n\n" not in text
    rows = payload["reply_markup"]["inline_keyboard"]
    labels = [b["text"] for row in rows for b in row]
    assert labels == ["Yes, it helped", "No", "Talk to an engineer"]
    assert rows[0][0]["callback_data"] == "kb_helped:9"
    assert payload["message_thread_id"] == 7 and payload["reply_parameters"]["message_id"] == 3


def test_long_reply_is_split_and_the_keyboard_goes_on_the_last_message() -> None:
    body = "\n".join(f"{n}. " + "step " * 30 for n in range(1, 80))
    reply = Reply(
        kind="notice_engineer_reply",
        data={"ticket": ticket(subject="s"), "engineer": "Alice", "text": body},
        actions=(Action("ticket_confirm_yes", "T-1001"),),
    )
    payloads = render(reply)
    assert len(payloads) >= 3
    assert all(len(p["text"].encode("utf-16-le")) // 2 <= 4096 for p in payloads)
    assert [("reply_markup" in p) for p in payloads] == [False] * (len(payloads) - 1) + [True]
    assert "reply_parameters" in payloads[0] and "reply_parameters" not in payloads[1]


def test_callback_data_over_64_bytes_drops_the_button() -> None:
    reply = Reply(
        kind="error_generic", actions=(Action("kb_helped", "x" * 80), Action("kb_not_helped", "1"))
    )
    rows = render(reply)[0]["reply_markup"]["inline_keyboard"]
    assert [b["callback_data"] for row in rows for b in row] == ["kb_not_helped:1"]


def test_wording_follows_the_reply_language_with_telegram_keys() -> None:
    severity_a = Action("ticket_draft_severity_A", "A")
    ru = render(Reply(kind="ticket_draft_severity", lang="ru", actions=(severity_a,)))[0]
    assert "Насколько" in ru["text"]
    assert ru["reply_markup"]["inline_keyboard"][0][0]["text"].startswith("A —")


def test_preview_renders_html() -> None:
    assert "<b>" in render_preview(
        Reply(kind="ticket_opened", data={"ticket": ticket(subject="VPN")})
    )


def test_every_telegram_template_compiles() -> None:
    renderer = TelegramRenderer()
    folder = templates_dir() / "telegram"
    for path in folder.glob("*.html.j2"):
        renderer._env.get_template(f"telegram/{path.name}")
