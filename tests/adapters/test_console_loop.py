"""The README's two-terminal loop, as a user runs it: `supportbot chat` processes with pipes,
one after another, a customer and an engineer sharing one database (SQLite and
PostgreSQL), in English, Russian and Chinese."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.adapters.console import ConsoleAdapter, persona_message
from bot.app import build_runtime
from bot.dispatcher import Dispatcher
from tests.factories import write_conversation_config

OPENED = {"en": "Ticket T-1001 is open", "ru": "Заявка T-1001 открыта", "zh": "工单 T-1001 已创建"}
ADDED = {"en": "Added to T-1001", "ru": "Добавлено в T-1001", "zh": "已添加到 T-1001"}
CLOSED = {
    "en": "Thanks for confirming — T-1001 is closed.",
    "ru": "Спасибо за подтверждение — заявка T-1001 закрыта.",
    "zh": "感谢确认 — 工单 T-1001 已关闭。",
}
CUSTOMERS = {"en": "acme", "ru": "globex", "zh": "huaxia"}
NAMES = {"en": "Acme", "ru": "Globex", "zh": "Huaxia Trading"}  # as engineers read them


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    return write_conversation_config(tmp_path)


def chat(config: Path, database_url: str, persona: str, lines: str) -> str:
    """One terminal's session: ``printf lines | supportbot chat --as persona``."""
    env = {**os.environ, "DATABASE_URL": database_url, "SUPPORTBOT_KB_SEMANTIC": "0"}
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "--config", str(config), "chat", "--as", persona],
        input=lines,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return done.stdout


def test_the_two_terminal_loop_closes(config_file: Path, database_url: str) -> None:
    """Three customers (English, Russian, Chinese) each in their terminal, one engineer."""
    langs = ("en", "ru", "zh")
    number = {lang: f"T-{1001 + i}" for i, lang in enumerate(langs)}

    def as_customer(lang: str, lines: str) -> str:
        return chat(config_file, database_url, f"customer:{CUSTOMERS[lang]}", lines)

    def as_engineer(lines: str) -> str:
        return chat(config_file, database_url, "engineer", lines)

    def said(texts: dict[str, str], lang: str) -> str:
        return texts[lang].replace("T-1001", number[lang])

    for lang in langs:
        opened = as_customer(lang, f"/ticket new Outlook says Disconnected ({lang})\n")
        assert said(OPENED, lang) in opened

    first = as_engineer(
        "".join(f"/take {n}\n/reply {n} Please restart Outlook\n" for n in number.values())
    )
    for lang, n in number.items():  # the alerts waited for the engineer, shown first
        assert f"New ticket {n} from {NAMES[lang]}" in first.split("is yours now")[0]

    second = {}
    for lang in langs:
        second[lang] = as_customer(lang, f"Restarted, it still says Disconnected ({lang})\n")
        reply_at = second[lang].index("Please restart Outlook")  # the engineer's reply first
        assert number[lang] in second[lang][:reply_at]
        assert said(ADDED, lang) in second[lang][reply_at:]  # to the ticket, not the KB

    third = as_engineer(
        "".join(
            f"/note {n} Cached credentials, I think\n/resolve {n} Cleared the cached credentials\n"
            for n in number.values()
        )
    )
    assert third.startswith(f"New message from Acme on {number['en']}:\n")
    for lang in langs:
        assert f"Restarted, it still says Disconnected ({lang})" in third

    for lang in langs:
        fourth = as_customer(lang, "/yes\n")
        assert fourth.index("Cleared the cached credentials") < fourth.index(said(CLOSED, lang))
        assert "/yes" in fourth  # the console says how to answer "did this solve it?"
        history = as_customer(lang, f"/ticket {number[lang]}\n")
        assert "Cached credentials, I think" not in second[lang] + fourth + history  # the note
    assert as_engineer("").strip() == ""  # nothing new for the engineer: each shown once


def test_no_after_a_resolution_reopens_and_tells_the_engineer(dispatcher: Dispatcher) -> None:
    """Two consoles on one database, in one process: the customer's and the engineer's."""
    runtime = build_runtime(dispatcher)
    customer = ConsoleAdapter(runtime, persona_message("customer:acme", runtime))
    engineer = ConsoleAdapter(runtime, persona_message("engineer", runtime))
    customer.handle_line("/ticket new VPN drops")
    assert "New ticket T-1001 from Acme" in engineer.news()[0]
    engineer.handle_line("/resolve T-1001 Restarted the gateway")
    [resolved] = customer.news()
    assert "T-1001 has been resolved." in resolved and "/no" in resolved
    assert "T-1001 is open again" in customer.handle_line("/no")
    assert engineer.news() == ["The customer says T-1001 is not solved; it is open again."]
    assert customer.news() == [] and engineer.news() == []


def test_yes_no_and_engineer_after_not_sure(dispatcher: Dispatcher) -> None:
    runtime = build_runtime(dispatcher)
    adapter = ConsoleAdapter(runtime, persona_message("customer:acme", runtime))
    unsure = adapter.handle_line("qwzx flurble garnok")
    assert "not sure" in unsure and "/engineer" in unsure
    assert adapter.handle_line("/no").startswith("Sorry that didn't help")
    assert "Ticket T-1001 is open: qwzx flurble garnok" in adapter.handle_line("/engineer")
    # Right after opening it, a plainly new question is answered, not filed; /add files it.
    asked = adapter.handle_line("how do I reset my password?")
    assert "Reset a forgotten password" in asked and "reply /add" in asked
    assert adapter.handle_line("/add").startswith("Added to T-1001")
    # More about the ticket is taken to be about it; /ask says not.
    detail = adapter.handle_line("it says flurble garnok since this morning")
    assert detail.startswith("Added to T-1001") and "/ask" in detail
    assert "not sure" in adapter.handle_line("/ask")


def test_a_waiting_terminal_shows_what_arrives(dispatcher: Dispatcher) -> None:
    """At a prompt (a terminal), the engineer's reply shows without pressing a key."""
    import io
    import threading

    runtime = build_runtime(dispatcher)
    customer = ConsoleAdapter(
        runtime, persona_message("customer:acme", runtime), watch_seconds=0.05
    )
    engineer = ConsoleAdapter(runtime, persona_message("engineer", runtime))
    out = io.StringIO()
    shown = threading.Event()

    def typed() -> Iterator[str]:
        yield "/ticket new Printer offline\n"
        engineer.handle_line("/reply T-1001 Which model is it?")  # the other terminal
        for _ in range(200):  # the customer waits at the prompt
            if "Which model is it?" in out.getvalue():
                shown.set()
                break
            threading.Event().wait(0.02)

    assert customer.run(typed(), out, prompt="> ") == 1
    assert shown.is_set()
    text = out.getvalue()
    assert text.index("Ticket T-1001 is open") < text.index("Which model is it?")
