"""Walkthrough 13, finding 1, over the real Telegram front end and the fake Bot API: in a
Chinese customer's group, a question about a company e-mail signature "the server adds"
during a VM incident is answered with the article, not opened with the VMs' banner; one
line after it says the VMs have an incident and how to see it."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from bot.adapters.telegram._html import to_plain_text
from bot.settings import load_settings
from tests.factories import ARTICLES, CONFIG, with_conversation_chats, write_kb
from tests.fakes.telegram_api import FakeTelegramApi
from tests.handlers.test_incident_banner_topic import OUTAGE, SIGNATURE, VMS

from .conftest import StartBot, add_telegram, telegram_environ
from .updates import ENGINEER_USER, buttons, mention, message, private

HUAXIA_GROUP = -300


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    """Huaxia (Chinese, Telegram group -300) follows mail and the VMs; "服务器" names the VMs."""
    write_kb(tmp_path / "kb", {**ARTICLES, **SIGNATURE})
    text = with_conversation_chats(CONFIG)
    text = text.replace("      - {id: vms, name: Virtual machines}\n", VMS, 1)
    text = text.replace("services: [mail]\n", "services: [mail, vms]\n")
    path = tmp_path / "supportbot.yml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return add_telegram(path)


def test_a_signature_how_to_in_a_group_is_not_opened_with_the_vm_incident(
    start_bot: StartBot, config_file: Path, fake_api: FakeTelegramApi, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'var' / 'tg.db'}"
    bot = start_bot(load_settings(config_file, environ=telegram_environ(fake_api, url)))
    bot.send(private(OUTAGE, user_id=ENGINEER_USER))
    assert "Virtual machines" in to_plain_text(bot.sent_to(HUAXIA_GROUP, 1)[0]["text"])

    bot.send(message(mention("怎么让服务器给所有邮件自动加公司签名？"), chat_id=HUAXIA_GROUP))
    sent = bot.sent_to(HUAXIA_GROUP, 2)[1]
    answer = to_plain_text(sent["text"])
    assert answer.startswith("为所有邮件统一添加 Outlook 公司签名"), answer
    assert "⚠️" not in answer and "China North 3" not in answer
    last = answer.strip().splitlines()[-1]
    assert last.startswith("另外（与您的问题无关）：Virtual machines 目前有"), answer
    assert "/health vms" in last
    assert "联系工程师" in buttons(sent)  # the usual answer's buttons
