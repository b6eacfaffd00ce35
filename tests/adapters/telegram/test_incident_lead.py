"""Walkthrough 11, finding 2, over the real Telegram front end and the fake Bot API: in a
Chinese customer's group, "开会进不去，tims是不是挂了" during a declared Teams outage got
"我不确定" and no outage notice. It now leads with the incident, in Chinese, with no
troubleshooting for a working service, and keeps the way to an engineer."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from bot.adapters.telegram._html import to_plain_text
from bot.settings import load_settings
from tests.factories import ARTICLES, CONFIG, with_conversation_chats, write_kb
from tests.fakes.telegram_api import FakeTelegramApi
from tests.handlers.test_incident_lead import ADVICE, OUTAGE, SERVICE, SYNONYMS, TEAMS_ARTICLE

from .conftest import StartBot, add_telegram, telegram_environ
from .updates import ENGINEER_USER, buttons, mention, message, private

HUAXIA_GROUP = -300


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    """Huaxia (Chinese, Telegram group -300) follows a Teams service; the KB has the Teams
    article with the advice the walkthrough got, and knows "tims" as Teams."""
    kb = write_kb(tmp_path / "kb", {**ARTICLES, "technical/teams.md": TEAMS_ARTICLE})
    (kb / "synonyms.yml").write_text(SYNONYMS, encoding="utf-8")
    text = with_conversation_chats(CONFIG)
    text = text.replace("      - id: vpn\n", SERVICE + "      - id: vpn\n", 1)
    text = text.replace("services: [mail]\n", "services: [mail, teams]\n")
    path = tmp_path / "supportbot.yml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return add_telegram(path)


def test_a_nickname_and_a_symptom_in_a_group_get_the_incident_first(
    start_bot: StartBot, config_file: Path, fake_api: FakeTelegramApi, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'var' / 'tg.db'}"
    bot = start_bot(load_settings(config_file, environ=telegram_environ(fake_api, url)))
    bot.send(private(OUTAGE, user_id=ENGINEER_USER))
    announced = to_plain_text(bot.sent_to(HUAXIA_GROUP, 1)[0]["text"])
    assert "Microsoft Teams" in announced

    bot.send(message(mention("开会进不去，tims是不是挂了"), chat_id=HUAXIA_GROUP))
    sent = bot.sent_to(HUAXIA_GROUP, 2)[1]
    answer = to_plain_text(sent["text"])
    assert answer.startswith("⚠️ 请注意：Microsoft Teams 当前出现部分中断。"), answer
    assert "Teams meetings fail to connect in China North 2" in answer
    assert "恢复后我们会通知您。" in answer
    assert "我不确定" not in answer
    for advice in ADVICE:
        assert advice not in answer, answer
    assert list(buttons(sent)) == ["联系工程师"]  # no "did it help?" about advice not given
