"""A message that fails while it is handled — a handler's bug, a parser's, a template's —
is logged with its traceback and answered politely in the reader's language; the console
chat never shows a traceback."""

from __future__ import annotations

import io
import logging
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from bot import cli, router
from bot.adapters.console import ConsoleAdapter, persona_message
from bot.app import build_runtime
from bot.dispatcher import Dispatcher
from bot.messages import Reply
from tests.factories import write_conversation_config

SORRY = {
    "en": "Sorry, something went wrong on our side",
    "zh": "抱歉，处理您的消息时我们这边出了问题。",
}


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    return write_conversation_config(tmp_path)


def _broken(monkeypatch: pytest.MonkeyPatch, command: str, **change: Any) -> None:
    """The route table with ``command``'s handler (or parser) replaced."""
    routes = tuple(replace(r, **change) if r.command == command else r for r in router.ROUTES)
    monkeypatch.setattr(router, "ROUTES", routes)


def _boom(*_args: object) -> Reply:
    raise RuntimeError("kaboom in the handler")


def _session(dispatcher: Dispatcher, persona: str, *lines: str) -> str:
    runtime = build_runtime(dispatcher)
    out = io.StringIO()
    ConsoleAdapter(runtime, persona_message(persona, runtime)).run(lines, out)
    return out.getvalue()


@pytest.mark.parametrize(("persona", "lang"), [("customer:acme", "en"), ("customer:huaxia", "zh")])
def test_a_handler_that_raises_is_logged_and_apologised_for(
    dispatcher: Dispatcher,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    persona: str,
    lang: str,
) -> None:
    _broken(monkeypatch, "tickets", handler=_boom)
    with caplog.at_level(logging.ERROR):
        shown = _session(dispatcher, persona, "/tickets", "/help")
    assert SORRY[lang] in shown
    assert "Traceback" not in shown and "kaboom" not in shown and "RuntimeError" not in shown
    [failed] = [r for r in caplog.records if r.exc_info]
    assert "route=tickets" in failed.getMessage() and "kaboom" in caplog.text
    assert "/ticket" in shown.split(SORRY[lang], 1)[1]  # the next line is answered as usual


def test_a_parser_that_raises_is_answered_the_same_way(
    dispatcher: Dispatcher, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    _broken(monkeypatch, "tickets", parse=_boom)
    with caplog.at_level(logging.ERROR):
        shown = _session(dispatcher, "customer:huaxia", "/tickets")
    assert SORRY["zh"] in shown and "Traceback" not in shown
    assert any(r.exc_info for r in caplog.records)


def test_a_template_error_is_logged_and_apologised_for(
    dispatcher: Dispatcher, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def no_template(message: object, ctx: Any) -> Reply:
        return Reply(kind="no_such_template", lang=ctx.actor.language)

    _broken(monkeypatch, "tickets", handler=no_template)
    with caplog.at_level(logging.ERROR):
        shown = _session(dispatcher, "customer:huaxia", "/tickets")
    assert shown.strip() == SORRY["zh"] + "问题已记录，您发送的内容不会丢失；请稍后再试。"
    [failed] = [r for r in caplog.records if r.exc_info]
    assert "no_such_template" in failed.getMessage() and "RenderError" in caplog.text


def test_supportbot_chat_keeps_the_traceback_in_its_log_file(
    config_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    """The terminal shows the apology; the traceback goes to var/console.log (beside the
    database), not between the chat's lines."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'var' / 'chat.db'}")
    monkeypatch.setenv("SUPPORTBOT_KB_SEMANTIC", "0")
    monkeypatch.setattr(sys, "stdin", io.StringIO("/tickets\n"))
    _broken(monkeypatch, "tickets", handler=_boom)
    try:
        code = cli.main(["--config", str(config_file), "chat", "--as", "customer:acme"])
    finally:
        logging.getLogger().handlers.clear()
    assert code == 0
    out, err = capfd.readouterr()
    assert SORRY["en"] in out
    assert "Traceback" not in out + err and "kaboom" not in out + err
    log = (tmp_path / "var" / "console.log").read_text(encoding="utf-8")
    assert "handling failed" in log and "Traceback" in log and "kaboom in the handler" in log
