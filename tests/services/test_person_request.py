"""Asking for a person (walkthrough 6) is told from questions that mention people."""

from __future__ import annotations

import pytest

from bot.services.person_request import asks_for_person, demands_person

ASKS = [
    "can i talk to a real person pls",
    "Talk to a human",
    "I want to speak with an engineer",
    "speak to someone please",
    "real person please",
    "live agent",
    "connect me to support staff",
    "agent",
    "human please",
    "позовите живого человека",
    "можно поговорить с человеком?",
    "оператор",
    "Оператора, пожалуйста",
    "хочу связаться с инженером",
    "соедините со специалистом",
    "转人工",
    "人工客服",
    "我要人工服务",
    "找真人",
    "人工",
    "联系工程师",
    # a slip put right (walkthrough 10, finding 10)
    "sorry, wrong button. I do want an engineer",
    "oops wrong button, I want an engineer after all",
    "sorry, I do need a person",
    "on second thought, get me a person",
    "извините, не ту кнопку нажал. всё-таки нужен инженер",
    "ой, случайно отменил, позовите инженера",
    "не ту кнопку нажала, хочу поговорить с человеком",
    "不好意思，按错了，我还是要人工",
    "点错了，还是转人工吧",
    "抱歉，我想找工程师",
]
QUESTIONS = [
    "how do I add a person to a Teams meeting?",
    "the agent on the VM does not start",
    "human resources mailbox is full",
    "оператор связи блокирует порт 443",
    "как добавить человека в группу рассылки",
    "人工智能功能怎么开启",
    "工程师说要重启，怎么重启",
    "can a real person's mailbox be shared with a shared mailbox?",
    "talk",
    "hello",
    "the wrong button is greyed out",
    "do I need an engineer to add a user?",
    "sorry, outlook crashes again",
]


@pytest.mark.parametrize("text", ASKS)
def test_asking_for_a_person_is_recognised(text: str) -> None:
    assert asks_for_person(text)


@pytest.mark.parametrize("text", QUESTIONS)
def test_questions_about_people_are_questions(text: str) -> None:
    assert not asks_for_person(text)


@pytest.mark.parametrize(
    "text",
    [
        "sorry, wrong button. I do want an engineer",
        "I need an engineer to check the VPN tunnels",
        "нужен инженер по поводу счёта",
        "我想找工程师看看VPN",
    ],
)
def test_a_demand_inside_a_longer_message_still_asks_for_a_person(text: str) -> None:
    assert demands_person(text)
