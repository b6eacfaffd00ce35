"""Which messages answer the bot's answer rather than ask something new (walkthrough 10,
finding 8): they belong to the conversation a ticket is opened from."""

from __future__ import annotations

import pytest

from bot.services.answer_reaction import reacts_to_answer

REACTIONS = [
    "still the same answer. the desktop outlook on my windows 11 pc, not web",
    "didnt help, its every single file not just open ones",
    "no, I meant the outlook desktop app on windows",
    "and on my phone?",
    "screenshot attached: it says 0x800CCC0E",
    "не помогло, пишет что код неверный",
    "нет, я имел в виду на андроиде",
    "а на телефоне?",
    "вот скрин ошибки",
    "这是报错截图：“你的网络连接存在问题”",
    "没用，页面提示我的组织没有开通密码重置",
    "还是连不上",
    "手机上呢？",
]
NEW_QUESTIONS = [
    "how do I reset my password",
    "no sound in teams meetings",
    "не работает почта",
    "как сбросить пароль",
    "如何重置密码",
]


@pytest.mark.parametrize("text", REACTIONS)
def test_verdicts_corrections_and_screenshots_answer_the_answer(text: str) -> None:
    assert reacts_to_answer(text)


@pytest.mark.parametrize("text", NEW_QUESTIONS)
def test_a_new_question_does_not(text: str) -> None:
    assert not reacts_to_answer(text)
