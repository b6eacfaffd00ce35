"""Walkthrough: ``/health vms`` minutes after monitoring began said "24 h 100% · 7 d 100% ·
30 d 100%": three figures counted over the same few minutes. Only a window the records
cover gets its figure; the rest is said once, as the share since monitoring began, in the
reader's language and time zone (here across midnight of the reader's day)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from freezegun import freeze_time

from bot.adapters.slack.render import SlackRenderer
from bot.adapters.telegram._html import to_plain_text
from bot.adapters.telegram.render import TelegramRenderer
from bot.app import build_dispatcher
from bot.enums import Platform
from bot.messages import InboundMessage
from bot.rendering import Renderer
from bot.settings import Settings
from tests.factories import CONFIG, with_conversation_chats, write_kb

START = "2026-12-01 13:30:00"  # UTC: 23:30 on Dec 1 in Vladivostok, 16:30 in Moscow


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    """Globex (Russian) reads times in Vladivostok (UTC+10); huaxia (Chinese) follows vms
    too; acme (English) reads the reseller's Moscow time."""
    write_kb(tmp_path / "kb")
    text = with_conversation_chats(CONFIG)
    text = text.replace("language: ru\n", "language: ru\n        timezone: Asia/Vladivostok\n", 1)
    text = text.replace("services: [mail]\n", "services: [mail, vms]\n")
    text = text.replace("services: [mail, vpn]", "services: [mail, vpn, vms]")
    path = tmp_path / "supportbot.yml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def _health(dispatcher, channel: str, user: str = "U_CUSTOMER", front_end: str = "console"):
    reply = dispatcher.handle(InboundMessage(Platform.SLACK, channel, user, "/health vms"))
    if front_end == "slack":
        return str(SlackRenderer().message(reply)["text"])
    if front_end == "telegram":
        return to_plain_text(TelegramRenderer().render(reply))
    return Renderer(front_end).render(reply)


def _uptime_line(text: str) -> str:
    return next(line for line in text.splitlines() if line.startswith(("Доступ", "Upt", "可用")))


@pytest.mark.parametrize("front_end", ["console", "slack", "telegram"])
def test_minutes_of_checks_give_one_figure_since_monitoring_began(
    settings: Settings, front_end: str
) -> None:
    with freeze_time(START):
        dispatcher = build_dispatcher(settings)
        dispatcher.services.health.sync()
    with freeze_time("2026-12-01 14:10:00"):  # 40 minutes later, past midnight in Vladivostok
        ru = _health(dispatcher, "C_GLOBEX", front_end=front_end)
        en = _health(dispatcher, "C_ACME", front_end=front_end)
        zh = _health(dispatcher, "C_HUAXIA", front_end=front_end)
    assert "Доступность: с 01.12.2026 23:30 UTC+10 — 100%." in ru, ru
    assert "Uptime: since 2026-12-01 16:30 MSK, 100%." in en, en
    assert "可用率：自2026年12月01日 16:30（UTC+3）起 100%。" in zh, zh
    # no figure for a window the few minutes of records do not cover
    assert [_uptime_line(text).count("·") for text in (ru, en, zh)] == [0, 0, 0]


def test_a_covered_day_gets_its_own_figure_and_the_rest_counts_since_the_start(
    settings: Settings,
) -> None:
    with freeze_time(START):
        dispatcher = build_dispatcher(settings)
        dispatcher.services.health.sync()
    with freeze_time("2026-12-02 02:00:00"):
        opened = dispatcher.handle(
            InboundMessage(Platform.SLACK, "C_ENG", "U_ALICE", "/incident open vms major Host lost")
        )
    with freeze_time("2026-12-02 03:00:00"):
        number = opened.data["incident"].id
        dispatcher.handle(
            InboundMessage(Platform.SLACK, "C_ENG", "U_ALICE", f"/incident resolve {number}")
        )
    with freeze_time("2026-12-03 15:00:00"):  # 49.5 h of records, the outage a day and more ago
        ru = _health(dispatcher, "C_GLOBEX")
        en = _health(dispatcher, "C_ACME")
        zh = _health(dispatcher, "C_HUAXIA")
    # 1 h down in 49.5 h: 97.98%; the last 24 h had no outage
    assert "Доступность: за сутки 100% · с 01.12.2026 23:30 UTC+10 — 97.98%." in ru, ru
    assert "Uptime: 24 h 100% · since 2026-12-01 16:30 MSK, 97.98%." in en, en
    assert "可用率：近 24 小时 100% · 自2026年12月01日 16:30（UTC+3）起 97.98%。" in zh, zh
    assert [_uptime_line(text).count("·") for text in (ru, en, zh)] == [1, 1, 1]


def test_a_month_of_records_gives_every_window(settings: Settings) -> None:
    with freeze_time(START):
        dispatcher = build_dispatcher(settings)
        dispatcher.services.health.sync()
    with freeze_time("2027-01-15 09:00:00"):
        en = _health(dispatcher, "C_ACME")
    assert "Uptime: 24 h 100% · 7 d 100% · 30 d 100%." in en, en
    assert "since" not in _uptime_line(en)
