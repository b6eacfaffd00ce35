"""What a customer's short message right after an answer says about that answer.

After "how do I set up MFA?" and its answer, people rarely press buttons. They write
"didn't help", "не помогло", "没用" — a verdict, not a new question: searching the
articles for "didn't help" finds nothing useful, and a ticket opened from it has
"didn't help" for a subject. Or they ask on: "and on my phone?", "а на телефоне?",
"手机上呢" — a question that means nothing without the one before it.

- :func:`says_not_helped`: every word is a known one (the small-talk rule), and one of them
  says the answer did not help or the problem is still there.
- :func:`follow_up_of`: a short message that opens like a follow-up ("and …", "what
  about …", "а …", "и …") or ends with 呢 is read together with the question before it.
- :func:`meant_instead`: "didn't help, I meant the Outlook app on my iPhone" corrects the
  question before it: what they meant is read together with that question (searched
  alone, "the Outlook app on my iPhone" has lost the out-of-office it was about).
"""

from __future__ import annotations

import re

from bot.services.small_talk import FILLER, PhraseTable, normalise

MAX_CHARS = 80
_NOT_HELPED = "not_helped"
# fmt: off
_NOT_HELPED_PHRASES = (
    "didn t help", "didnt help", "did not help", "doesn t help", "doesnt help", "no help",
    "not helpful", "not helped", "that didn t work", "didn t work", "didnt work",
    "did not work", "doesn t work", "doesnt work", "not working", "still not working",
    "still broken", "still the same", "same problem", "same issue", "same thing", "no luck",
    "no change", "nothing changed", "useless", "not what i asked", "wrong answer",
    "не помогло", "не помог", "не помогла", "не помогает", "не сработало", "не работает",
    "все равно не работает", "по прежнему", "без изменений", "то же самое", "та же ошибка",
    "не то", "ничего не изменилось", "бесполезно", "не помогло увы",
    "ne pomoglo", "ne rabotaet",
    "没用", "没有用", "不行", "还是不行", "没解决", "没有解决", "还是一样", "不管用", "没效果",
    "没有效果", "不对", "不是这个", "还是不能用", "还是没用",
)
_NOT_HELPED_FILLERS = (
    "it", "that", "this", "sorry", "but", "still", "unfortunately", "at all", "really",
    "the", "answer", "article", "tried", "i tried", "it s", "its", "nope", "no", "again",
    "after", "restart", "restarting", "restarted", "reboot", "rebooted", "reinstall",
    "reinstalled", "even", "i", "did", "everything", "steps", "the steps", "either", "too",
    "к сожалению", "увы", "но", "это", "ваш", "ответ", "статья", "совсем", "пробовал",
    "пробовала", "все", "равно", "нет", "а", "после", "перезагрузки", "перезапуска",
    "переустановки", "даже", "я", "сделал", "сделала", "все сделал", "все сделала",
    "还是", "啊", "呢", "了", "的", "这个", "试了", "都", "完全", "可是", "但是", "文章",
    "重启", "重启后", "重启了", "重装", "重装了", "也", "我",
)
# fmt: on
_TABLE = PhraseTable(
    {
        **dict.fromkeys(_NOT_HELPED_PHRASES, _NOT_HELPED),
        **dict.fromkeys(_NOT_HELPED_FILLERS, FILLER),
    },
    max_chars=MAX_CHARS,
)
# A follow-up opens with these (after normalising: lower case, punctuation gone) ...
_FOLLOW_UP_OPENINGS = re.compile(
    r"^(and|and what about|and how about|what about|how about|also|same for|and for|and on"
    r"|а|и|а если|а как|а для|а на|а в|а у|а что|а с|тоже)\b"
)
# ... or, in Chinese, ends with 呢 ("手机上呢") or opens with 那 ("那手机呢").
_CHINESE_FOLLOW_UP = re.compile(r"^那|呢$")
FOLLOW_UP_WORDS = 6  # at most this many words, the opening and one more at least
FOLLOW_UP_HAN = 6  # or Chinese characters ("手机上呢"; "什么时候开发票呢" is a question)


# "I meant …" in a customer's words (after normalising); what follows is what they meant.
_MEANT = re.compile(
    r"\b(?:i meant|what i meant is|i was asking about|i am asking about|i m asking about"
    r"|я имел в виду|я имела в виду|имел в виду|имела в виду|имею в виду|я спрашивал про"
    r"|я спрашивала про|я про)\b|我是说|我说的是|我指的是|我问的是|我的意思是"
)
MEANT_MAX_CHARS = 200  # longer is a new description, not a correction


def meant_instead(text: str) -> str | None:
    """What the customer says they meant ("… i meant the app on iphone" -> "the app on
    iphone"), or None when ``text`` is no such correction."""
    words = normalise(text)
    found = _MEANT.search(words) if len(text) <= MEANT_MAX_CHARS else None
    if found is None:
        return None
    meant = words[found.end() :].strip()
    return meant or None


# "Sorry, wrong button." / "ой, не ту кнопку нажала." / "不好意思，按错了。" before the real
# verdict: the customer pressed "yes, it helped" by mistake and says so first.
_SLIP = re.compile(
    r"^(?:(?:sorry|oops|oh|my bad|ой|упс|извините|простите|сорри|不好意思|抱歉|对不起)\s*)*"
    r"(?:(?:i )?(?:pressed|clicked|hit) (?:the )?wrong (?:button|one)|wrong button|by mistake"
    r"|my mistake|(?:случайно )?не ту кнопку (?:нажал\w*)?|нажал\w* не ту кнопку"
    r"|случайно нажал\w*|按错了|点错了|按错|点错)\s*"
)


def owns_up_to_slip(text: str) -> bool:
    """Does ``text`` begin by saying a button was pressed by mistake ("sorry, wrong
    button. it didnt help, …")?"""
    return _SLIP.match(normalise(text)) is not None


def _past_slip(text: str) -> str:
    """``text`` (normalised) without an opening "sorry, wrong button"."""
    words = normalise(text)
    return _SLIP.sub("", words, count=1) or words


# What opens a message that answers the bot's answer rather than asks anew: a verdict
# ("still the same answer. …", "didnt help, its every single file …"), or the screenshot
# or error the customer was asked about ("这是报错截图：…").
_REACTION_OPENING = re.compile(
    r"^(?:still|same|didn t help|didnt help|did not help|doesn t help|doesnt help"
    r"|that didn t work|didn t work|didnt work|not what i|not that|wrong answer|that s not"
    r"|thats not|here s the screenshot|here is the screenshot|screenshot|see the screenshot"
    r"|see screenshot|see attached|attached"
    r"|не помогло|не помог|не то|не сработало|все равно|по прежнему|то же самое|вот скрин\w*"
    r"|скрин\w*)\b"
    r"|^(?:没用|没有用|不是这个|不对|还是|这是报错截图|这是截图|截图|附上截图|报错截图)"
)
# A bare "no," or "нет." before the rest: the answer missed.
_NO_OPENING = re.compile(r"^\s*(?:no|nope|нет|неа|不是|不)\s*[,.!;:，。！；：]", re.IGNORECASE)


def reacts_to_answer(text: str) -> bool:
    """Does ``text`` answer the bot's answer to the question before it (a verdict, a
    correction, a follow-up, the screenshot asked for) rather than ask something new?"""
    words = _past_slip(text)
    return bool(
        says_not_helped(text)
        or not_helped_with_details(text)
        or meant_instead(text) is not None
        or is_follow_up(text)
        or _REACTION_OPENING.search(words)
        or _NO_OPENING.match(text)
    )


# "Didn't help, …" followed by what the customer sees: a verdict with details, not a new
# question ("didnt help, its every single file and also on my macbook").
_NOT_HELPED_OPENING = re.compile(
    r"^(?:(?:no|nope|sorry|unfortunately|but|it|that|this) )*(?:didn t|didnt|did not"
    r"|doesn t|doesnt|does not) (?:help|work)\b"
    r"|^(?:(?:нет|увы|к сожалению|но|это) )*не (?:помогло|помог|помогла|помогает|сработало)\b"
    r"|^(?:不是|可是|但是)?(?:没用|没有用|不管用|没效果|没有效果|没解决|没有解决)"
)


def not_helped_with_details(text: str) -> bool:
    """Does ``text`` open by saying the answer did not help, then say more ("didnt help,
    its every single file and also on my macbook", "не помогло, пишет что код неверный")?
    Searching the articles for it finds the words of the details, not the answer missed.
    A correction ("didn't help, I meant the app on my phone") is no such verdict: it is
    asked again (:func:`meant_instead`). An opening "sorry, wrong button" is passed over."""
    words = _past_slip(text)
    found = _NOT_HELPED_OPENING.search(words)
    if found is None or meant_instead(text) is not None:
        return False
    return bool(words[found.end() :].strip())


def says_not_helped(text: str) -> bool:
    """True when ``text`` only says the answer did not help (see the module's rule)."""
    kinds = _TABLE.kinds_in(_past_slip(text))
    return kinds is not None and _NOT_HELPED in kinds


def is_follow_up(text: str) -> bool:
    """Does ``text`` read as a short follow-up to the question before it?"""
    words = normalise(text).strip()
    if not words:
        return False
    if re.search(r"[\u4e00-\u9fff]", words):
        joined = words.replace(" ", "")
        return len(joined) <= FOLLOW_UP_HAN and bool(_CHINESE_FOLLOW_UP.search(joined))
    count = len(words.split())
    return 2 <= count <= FOLLOW_UP_WORDS and bool(_FOLLOW_UP_OPENINGS.search(words))


def follow_up_of(previous: str | None, text: str) -> str:
    """The question to search for: ``text`` read with ``previous`` when it is a follow-up
    of it, else ``text`` alone."""
    if previous and is_follow_up(text):
        return f"{previous.strip()} {text.strip()}"
    meant = meant_instead(text)
    if previous and meant:
        return f"{previous.strip()} {meant}"
    return text
