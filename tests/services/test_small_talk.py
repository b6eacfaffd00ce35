"""Small talk told from questions: every word must be a greeting, thanks or an "ok"."""

from __future__ import annotations

import pytest

from bot.services.small_talk import SmallTalk, classify
from bot.services.ticket_finder import ticket_named_in

SMALL_TALK = {
    "hi": SmallTalk.GREETING,
    "Hello!": SmallTalk.GREETING,
    "hey there 👋": SmallTalk.GREETING,
    "good morning team": SmallTalk.GREETING,
    "thanks": SmallTalk.THANKS,
    "Thank you very much!!": SmallTalk.THANKS,
    "ok thanks!": SmallTalk.THANKS,
    "ok": SmallTalk.ACK,
    "got it, bye": SmallTalk.ACK,
    "привет": SmallTalk.GREETING,
    "Доброе утро!": SmallTalk.GREETING,
    "всем привет": SmallTalk.GREETING,
    "спасибо": SmallTalk.THANKS,
    "Спасибо большое!": SmallTalk.THANKS,
    "ок, понятно": SmallTalk.ACK,
    "你好": SmallTalk.GREETING,
    "大家好！": SmallTalk.GREETING,
    "谢谢": SmallTalk.THANKS,
    "非常感谢你们": SmallTalk.THANKS,
    "好的，收到": SmallTalk.ACK,
}
QUESTIONS = [
    "hi, outlook is down",
    "Hello, how do I reset my password?",
    "thanks but mail still bounces",
    "ok how do I add a user",
    "good morning, Teams is not connecting",
    "help",
    "yes",
    "no",
    "VPN",
    "привет, не работает vpn",
    "спасибо, но почта не приходит",
    "хорошо бы настроить переадресацию",
    "你好，邮箱无法登录",
    "谢谢，但是还是不行",
    "好用吗",
    "thanks " * 20,  # long: says something more, whatever the words
]


@pytest.mark.parametrize(("text", "kind"), sorted(SMALL_TALK.items()))
def test_small_talk_is_recognised(text: str, kind: SmallTalk) -> None:
    assert classify(text) is kind


@pytest.mark.parametrize("text", QUESTIONS)
def test_questions_are_not_small_talk(text: str) -> None:
    assert classify(text) is None


def test_a_bot_message_names_its_ticket_first() -> None:
    assert ticket_named_in("Alice (support) on T-1001:\nsee also T-1002") == 1
    assert ticket_named_in("Ticket T-1042 is open") == 42
    assert ticket_named_in("No ticket here, nor XT-1001 or T-999") is None
