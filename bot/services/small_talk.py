"""Greetings, thanks and small talk in English, Russian and Chinese, told from questions.

A message is small talk only when *every* word of it is a known greeting, thanks or
acknowledgement (with a few words that go with them: "hi team", "спасибо большое",
"谢谢你们"). Anything else — "hi, outlook is down" — is a question. The rule is small on
purpose: a question mistaken for small talk would go unanswered, so the lists hold
only phrases that ask nothing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from enum import StrEnum


class SmallTalk(StrEnum):
    """What kind of small talk a message is (the reply differs)."""

    GREETING = "greeting"
    THANKS = "thanks"
    ACK = "ack"  # ok, got it, bye


FILLER = "filler"  # words that only go with a phrase ("team", "большое", "你们")
# fmt: off
_GREETINGS = (
    "hi", "hello", "hey", "hiya", "howdy", "greetings", "good morning", "good afternoon",
    "good evening", "morning", "good day",
    "привет", "приветствую", "здравствуйте", "здравствуй", "добрый день", "доброе утро",
    "добрый вечер", "доброго дня", "хай",
    "你好", "您好", "大家好", "早上好", "早安", "下午好", "晚上好", "嗨", "哈喽", "在吗", "在么",
)
_THANKS = (
    "thanks", "thank you", "thx", "ty", "many thanks", "much appreciated", "appreciate it",
    "cheers",
    "спасибо", "спс", "благодарю", "благодарим", "spasibo", "spasibo bolshoe", "blagodaryu",
    "谢谢", "多谢", "感谢", "非常感谢", "谢了", "辛苦了", "xiexie", "xie xie",
)
_ACKS = (
    "ok", "okay", "k", "got it", "great", "cool", "nice", "perfect", "awesome", "sounds good",
    "all good", "noted", "understood", "bye", "goodbye", "see you",
    "ок", "окей", "хорошо", "понятно", "понял", "поняла", "ясно", "отлично", "супер", "ладно",
    "пока", "до свидания",
    "好的", "好", "收到", "明白", "知道了", "了解", "没问题", "再见", "拜拜", "嗯",
)
_FILLERS = (
    "there", "team", "all", "everyone", "guys", "folks", "bot", "support", "so much",
    "very much", "a lot", "again", "you", "and",
    "всем", "вам", "тебе", "большое", "огромное", "ещё", "еще", "раз", "и",
    "你", "您", "你们", "大家", "啊", "呀", "哦", "啦", "了",
)
# fmt: on
PHRASES: dict[str, str] = {
    **dict.fromkeys(_GREETINGS, SmallTalk.GREETING),
    **dict.fromkeys(_THANKS, SmallTalk.THANKS),
    **dict.fromkeys(_ACKS, SmallTalk.ACK),
    **dict.fromkeys(_FILLERS, FILLER),
}
MAX_CHARS = 60  # longer messages say something more
_NOT_WORD = re.compile(r"[^\w]+")
_CJK = re.compile(r"[\u3400-\u9fff]")
# When one message holds several kinds, the reply answers the strongest.
_PRECEDENCE = (SmallTalk.THANKS, SmallTalk.GREETING, SmallTalk.ACK)


def normalise(text: str) -> str:
    """Lower case, ``ё`` as ``е``, words separated by single spaces, punctuation gone."""
    text = unicodedata.normalize("NFKC", text).lower().replace("ё", "е")
    return " ".join(_NOT_WORD.sub(" ", text).replace("_", " ").split())


class PhraseTable:
    """Known phrases and their kinds: a short message is read as a run of them, and is
    something else as soon as one word is unknown (the rule of this module; the
    affirmation and person-request readers use it with their own phrases)."""

    def __init__(self, phrases: Mapping[str, str], max_chars: int = MAX_CHARS) -> None:
        self.kinds = dict(phrases)
        self.max_chars = max_chars
        self._by_length = sorted(self.kinds, key=len, reverse=True)

    def _phrase_at(self, text: str, start: int) -> str | None:
        """The longest known phrase at ``start`` that ends on a word boundary (any
        character for Chinese, which is written without spaces)."""
        for phrase in self._by_length:
            if not text.startswith(phrase, start):
                continue
            end = start + len(phrase)
            if end == len(text) or text[end] == " " or _CJK.match(phrase[-1]):
                return phrase
        return None

    def kinds_in(self, text: str) -> set[str] | None:
        """The kinds of the phrases ``text`` is made of; None when it is longer than
        ``max_chars`` or holds a word the table does not know."""
        if len(text) > self.max_chars:
            return None
        words = normalise(text)
        found: set[str] = set()
        position = 0
        while position < len(words):
            if words[position] == " ":
                position += 1
                continue
            phrase = self._phrase_at(words, position)
            if phrase is None:
                return None
            found.add(self.kinds[phrase])
            position += len(phrase)
        return found


_TABLE = PhraseTable(PHRASES)


def classify(text: str) -> SmallTalk | None:
    """The kind of small talk ``text`` is, or None when it says anything else.

    >>> classify("ok thanks!"), classify("hi, outlook is down")
    (<SmallTalk.THANKS: 'thanks'>, None)
    """
    found = _TABLE.kinds_in(text) or set()
    return next((kind for kind in _PRECEDENCE if kind in found), None)
