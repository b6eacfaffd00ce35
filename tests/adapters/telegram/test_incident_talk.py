"""Walkthrough 13, findings 2 and 3, over the real Telegram front end and the fake Bot
API, in a Chinese customer's group: "什么时候能修好" after the mail incident's banner is
answered from the incident, not with an article; "生产系统全挂了" gets the engineer and
what severity A means at once, and the ticket conversation the button starts proposes A."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest

from bot.adapters.telegram._html import to_plain_text
from bot.enums import Role, Severity
from bot.messages import Actor
from bot.services.ticket_views import TicketFilter
from bot.settings import load_settings
from tests.factories import CONFIG, with_conversation_chats, write_kb
from tests.fakes.telegram_api import FakeTelegramApi

from .conftest import Bot, StartBot, add_telegram, telegram_environ
from .updates import ENGINEER_USER, buttons, callback, mention, message, private

HUAXIA_GROUP = -300
OUTAGE = "/incident open mail major Mail delivery is delayed in China East 2"


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    """The test config with huaxia (Chinese, Telegram group -300, follows mail)."""
    write_kb(tmp_path / "kb")
    path = tmp_path / "supportbot.yml"
    path.write_text(textwrap.dedent(with_conversation_chats(CONFIG)), encoding="utf-8")
    return add_telegram(path)


def _bot(start_bot: StartBot, config_file: Path, fake_api: FakeTelegramApi, tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'var' / 'tg.db'}"
    return start_bot(load_settings(config_file, environ=telegram_environ(fake_api, url)))


def test_when_will_it_be_fixed_in_a_group_is_answered_from_the_incident(
    start_bot: StartBot, config_file: Path, fake_api: FakeTelegramApi, tmp_path: Path
) -> None:
    bot = _bot(start_bot, config_file, fake_api, tmp_path)
    bot.send(private(OUTAGE, user_id=ENGINEER_USER))
    bot.sent_to(HUAXIA_GROUP, 1)  # the announcement
    bot.send(message(mention("邮件发不出去"), chat_id=HUAXIA_GROUP))
    banner = to_plain_text(bot.sent_to(HUAXIA_GROUP, 2)[1]["text"])
    assert banner.startswith("⚠️ 请注意：Mail 当前出现严重中断。"), banner

    bot.send(message(mention("什么时候能修好"), chat_id=HUAXIA_GROUP))
    sent = bot.sent_to(HUAXIA_GROUP, 3)[2]
    answer = to_plain_text(sent["text"])
    assert answer.startswith("⚠️ 请注意：Mail 当前出现严重中断。"), answer
    assert "最新进展（" in answer and "Mail delivery is delayed in China East 2" in answer
    assert "目前还没有确定的修复时间" in answer and "都会自动发到这里" in answer
    assert "工单会关联到这次故障。" in answer
    assert list(buttons(sent)) == ["联系工程师"]


def test_production_down_in_a_group_gets_the_engineer_and_severity_a(
    start_bot: StartBot, config_file: Path, fake_api: FakeTelegramApi, tmp_path: Path
) -> None:
    bot = _bot(start_bot, config_file, fake_api, tmp_path)
    bot.send(message(mention("生产系统全挂了"), chat_id=HUAXIA_GROUP))
    sent = bot.sent_to(HUAXIA_GROUP, 1)[0]
    answer = to_plain_text(sent["text"])
    assert answer.startswith("听起来您的业务已经停摆，需要工程师马上处理。"), answer
    assert "这正是 A 级的情况：生产系统中断或整个团队无法工作" in answer
    assert "并把工单设为 A 级" in answer
    engineer = buttons(sent)["联系工程师"]
    bot.send(callback(engineer, chat_id=HUAXIA_GROUP))
    form = to_plain_text(bot.sent_to(HUAXIA_GROUP, 2)[1]["text"])
    assert "生产系统全挂了" in form  # the ticket conversation starts from the message


def _severity_prompt(bot: Bot, group: int, said: str) -> dict[str, Any]:
    """Say ``said``, press "talk to an engineer", keep the subject: the "how bad?" step."""
    bot.send(message(mention(said), chat_id=group))
    first = bot.sent_to(group, 1)[0]
    bot.send(callback(buttons(first)["联系工程师"], chat_id=group))
    subject = bot.sent_to(group, 2)[1]
    bot.send(callback(buttons(subject)["使用此主题"], chat_id=group))
    return bot.sent_to(group, 3)[2]


def test_the_ticket_conversation_after_production_down_proposes_severity_a(
    start_bot: StartBot, config_file: Path, fake_api: FakeTelegramApi, tmp_path: Path
) -> None:
    """ "How bad is it?" proposes A, as the Slack form preselects it, with B and C still
    there to press; pressing A opens the ticket at A."""
    bot = _bot(start_bot, config_file, fake_api, tmp_path)
    prompt = _severity_prompt(bot, HUAXIA_GROUP, "生产系统全挂了")
    text = to_plain_text(prompt["text"])
    proposal = "根据您的描述，建议选 A（生产中断）：请按 A；如果没那么严重，也可以选 B 或 C。"
    assert text.endswith(proposal), text
    choices = list(buttons(prompt))
    assert choices[:3] == ["A — 生产中断", "B — 部分受影响", "C — 可绕过"], choices
    bot.send(callback(buttons(prompt)["A — 生产中断"], chat_id=HUAXIA_GROUP))
    skip = bot.sent_to(HUAXIA_GROUP, 4)[3]
    bot.send(callback(buttons(skip)["跳过"], chat_id=HUAXIA_GROUP))
    opened = to_plain_text(bot.sent_to(HUAXIA_GROUP, 5)[4]["text"])
    assert "A" in opened and "T-1001" in opened, opened
    staff = Actor(role=Role.ENGINEER, user_id="alice")
    (ticket,) = bot.dispatcher.services.tickets.list_for(staff, TicketFilter())
    assert ticket.severity == Severity.A


def test_an_ordinary_question_proposes_no_severity(
    start_bot: StartBot, config_file: Path, fake_api: FakeTelegramApi, tmp_path: Path
) -> None:
    bot = _bot(start_bot, config_file, fake_api, tmp_path)
    text = to_plain_text(_severity_prompt(bot, HUAXIA_GROUP, "忘记密码了")["text"])
    assert "2/3 影响有多严重？" in text and "建议选" not in text, text
