"""`supportbot chat` as a new user runs it: piped lines in, replies out, data persisted."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bot.adapters.console import ConsoleAdapter, persona_message
from bot.app import build_runtime
from bot.dispatcher import Dispatcher


def _chat(config: Path, lines: str, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", "--config", str(config), "chat", *extra],
        input=lines,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_piped_session_then_engineer_sees_the_ticket(config_file: Path) -> None:
    first = _chat(
        config_file,
        "how do I reset my password?\n/health\n/ticket new Outlook keeps asking for a password\n",
    )
    assert first.returncode == 0, first.stderr
    out = first.stdout
    assert "Reset a forgotten password" in out
    assert "VPN gateway (vpn): degraded" in out
    assert "Ticket T-1001 is open" in out
    assert "Traceback" not in first.stderr

    second = _chat(config_file, "/tickets\n", "--as", "engineer")
    assert second.returncode == 0, second.stderr
    assert "T-1001" in second.stdout and "acme" in second.stdout


def test_unknown_persona_is_refused(config_file: Path) -> None:
    result = _chat(config_file, "", "--as", "customer:nobody")
    assert result.returncode == 2
    assert "customer:<acme, globex>" in result.stderr


def test_console_buttons_become_short_commands(dispatcher: Dispatcher) -> None:
    runtime = build_runtime(dispatcher)
    adapter = ConsoleAdapter(runtime, persona_message("customer:acme", runtime))
    answer = adapter.handle_line("how do I reset my password?")
    assert "/yes" in answer
    assert adapter.handle_line("/no").startswith("Sorry that didn't help")
    assert "Ticket T-1001 is open: how do I reset my password?" in adapter.handle_line("/engineer")
    assert "don't know the command /yes" in adapter.handle_line("/yes")


def test_engineer_in_a_new_run_hands_the_last_question_over(dispatcher: Dispatcher) -> None:
    # walk-through (twelfth session): the bot said "Reply /engineer", the customer came
    # back in a new run and was told "I don't know the command /engineer"
    runtime = build_runtime(dispatcher)
    first = ConsoleAdapter(runtime, persona_message("customer:acme", runtime))
    assert "/engineer" in first.handle_line("how do I reset my password?")
    resumed = ConsoleAdapter(runtime, persona_message("customer:acme", runtime))
    offer = resumed.handle_line("/engineer")
    assert "don't know the command" not in offer
    assert "> how do I reset my password?" in offer  # the question it will hand over
    assert "Ticket T-1001 is open: how do I reset my password?" in resumed.handle_line("/engineer")


def test_each_line_gets_an_answer_even_bad_ones(dispatcher: Dispatcher) -> None:
    import io

    runtime = build_runtime(dispatcher)
    adapter = ConsoleAdapter(runtime, persona_message("customer", runtime))
    out = io.StringIO()
    lines = ["", "\x00\x01", "/nope", "é" * 50_000, "/ticket new ok"]
    assert adapter.run([line + "\n" for line in lines], out) == 5
    blocks = [b for b in out.getvalue().split("\n\n") if b.strip()]
    assert len(blocks) >= 5
    assert "Ticket T-1001 is open: ok" in out.getvalue()
