"""The console speaks to a Russian and a Chinese customer in their language: what an
English-speaking engineer's work tells them, the resolution's "did this solve it?" with
how to answer it, their "/yes", and times in their zone (two consoles, one database)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from freezegun import freeze_time

from bot.adapters.console import ConsoleAdapter, persona_message
from bot.app import build_runtime
from bot.dispatcher import Dispatcher
from tests.factories import CONFIG, with_conversation_chats, write_kb

WORDS = {
    "ru": {
        "customer": "globex",
        "opened": "Заявка T-1001 открыта: Не приходит почта",
        "due": "первый ответ до 24.11.2026 23:30 MSK",  # Moscow: still the 24th
        "taken": "Alice из службы поддержки занимается заявкой T-1001.",
        "reply": "Alice (поддержка) по заявке T-1001:",
        "resolved": "Заявка T-1001 решена.",
        "ask": "Проблема решена?",
        "how": "Ответьте /yes, если проблема решена, или /no, если нет.",
        "closed": "Спасибо за подтверждение — заявка T-1001 закрыта.",
    },
    "zh": {
        "customer": "huaxia",
        "opened": "工单 T-1001 已创建：不能收邮件",
        "due": "首次响应截止 2026年11月25日 04:30（UTC+8）",  # Shanghai: already the 25th
        "taken": "支持团队的 Alice 正在处理 T-1001。",
        "reply": "Alice（支持团队）关于 T-1001：",
        "resolved": "T-1001 已解决。",
        "ask": "问题解决了吗？",
        "how": "如果问题已解决请回复 /yes，否则回复 /no。",
        "closed": "感谢确认 — 工单 T-1001 已关闭。",
    },
}
SUBJECT = {"ru": "Не приходит почта", "zh": "不能收邮件"}


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    """Globex (Russian, standard tier here) and Huaxia (Chinese, in Shanghai)."""
    write_kb(tmp_path / "kb")
    text = with_conversation_chats(CONFIG).replace(
        "language: ru\n        tier: basic\n", "language: ru\n"
    )
    text = text.replace("language: zh\n", "language: zh\n        timezone: Asia/Shanghai\n")
    path = tmp_path / "supportbot.yml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.mark.parametrize("lang", ["ru", "zh"])
def test_the_console_loop_in_the_customers_language(dispatcher: Dispatcher, lang: str) -> None:
    words = WORDS[lang]
    runtime = build_runtime(dispatcher)
    customer = ConsoleAdapter(runtime, persona_message(f"customer:{words['customer']}", runtime))
    engineer = ConsoleAdapter(runtime, persona_message("engineer", runtime))
    with freeze_time("2026-11-24 12:30:00"):  # a C ticket: first response due 20:30 UTC
        opened = customer.handle_line(f"/ticket new {SUBJECT[lang]}")
    assert words["opened"] in opened and words["due"] in opened

    engineer.handle_line("/take T-1001")
    engineer.handle_line("/reply T-1001 Please check the spam folder.")
    engineer.handle_line("/resolve T-1001 Transport rule fixed")
    taken, reply, resolved = customer.news()
    assert words["taken"] in taken
    assert words["reply"] in reply and "Please check the spam folder." in reply
    for part in ("resolved", "ask", "how"):
        assert words[part] in resolved, part
    assert words["closed"] in customer.handle_line("/yes")
