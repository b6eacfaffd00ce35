"""Whether a message asks for a person ("can i talk to a real person", "позовите живого
человека", "转人工") rather than asks a question, in English, Russian and Chinese.

Such a message is answered with the way to an engineer, not with articles that happen to
share a word with it. The rule is the small-talk one (``bot/services/small_talk.py``):
every word must be a known one — someone to talk to ("person", "оператор", "人工"), or a
word that goes with asking for them ("talk to", "позовите", "转") — and someone must be
named. "How do I add a person to a meeting?" holds words of its own, so it stays a
question; so does "人工智能" (artificial intelligence), whose 智能 is no such word.
"""

from __future__ import annotations

import re

from bot.services.small_talk import FILLER, PhraseTable, normalise

MAX_CHARS = 80
_SOMEONE = "someone"
# fmt: off
_PEOPLE = (
    "person", "human", "humans", "people", "agent", "engineer", "engineers", "operator",
    "someone", "somebody", "representative", "rep", "staff", "technician", "specialist",
    "customer service", "human being", "support engineer", "support agent",
    "человек", "человека", "человеком", "человеку", "оператор", "оператора", "оператором",
    "оператору", "инженер", "инженера", "инженером", "инженеру", "специалист",
    "специалиста", "специалистом", "специалисту", "сотрудник", "сотрудника",
    "сотрудником", "менеджер", "менеджера", "менеджером", "кого нибудь", "кем нибудь",
    "人工", "人工客服", "人工服务", "真人", "真人客服", "客服", "工程师", "技术人员", "专人",
    "活人", "技术支持",
)
_ASKING = (
    "talk", "speak", "chat", "connect", "transfer", "contact", "call", "get", "reach",
    "want", "need", "can", "could", "may", "would", "like", "let", "give", "put", "through",
    "i", "me", "to", "with", "a", "an", "the", "some", "one", "of", "your", "you", "real",
    "live", "actual", "please", "pls", "plz", "now", "just", "support", "ask", "for", "be",
    "help", "from",
    "позовите", "позови", "позвать", "дайте", "дай", "хочу", "хотел", "хотела", "бы", "мне",
    "меня", "нужен", "нужна", "нужно", "можно", "пожалуйста", "плиз", "с", "со", "к", "на",
    "поговорить", "говорить", "пообщаться", "связаться", "свяжите", "соедините",
    "переключите", "переведите", "живой", "живого", "живым", "живому", "настоящий",
    "настоящего", "настоящим", "срочно", "а", "из", "поддержки", "техподдержки",
    "помогите", "помощь",
    "转", "找", "要", "我要", "我", "想", "请", "帮我", "接", "联系", "和", "跟", "一下",
    "可以", "能", "吗", "吧", "呢", "啊", "的", "谈", "说话", "聊", "对接", "需要", "给我",
    "麻烦", "你们", "有没有", "帮忙",
    # "sorry, wrong button. I do want an engineer": an apology, a slip, "after all"
    "sorry", "oops", "oh", "my bad", "my mistake", "by mistake", "wrong button", "button",
    "wrong", "pressed", "clicked", "hit", "cancelled", "canceled", "do", "actually",
    "after all", "still", "yes", "yeah", "ok", "okay", "really", "instead", "rather",
    "prefer", "anyway", "go", "after", "all", "on", "second", "thought",
    "извините", "простите", "сорри", "ой", "не ту кнопку", "ту", "кнопку", "нажал",
    "нажала", "случайно", "ошибся", "ошиблась", "все таки", "все же", "таки", "да",
    "лучше", "все", "же", "отменил", "отменила",
    "不好意思", "抱歉", "对不起", "按错了", "点错了", "按错", "点错", "还是", "其实", "是",
    "个", "算了", "不小心",
)
# fmt: on
_TABLE = PhraseTable(
    {**dict.fromkeys(_ASKING, FILLER), **dict.fromkeys(_PEOPLE, _SOMEONE)}, max_chars=MAX_CHARS
)


def asks_for_person(text: str) -> bool:
    """True when ``text`` only asks to talk to a person (see the module's rule)."""
    kinds = _TABLE.kinds_in(text)
    return kinds is not None and _SOMEONE in kinds


# Inside a longer message ("email down for 2 hours, i want to talk to a real person NOW"),
# an explicit demand still asks for a person: the words around it are the problem.
_DEMAND = re.compile(
    r"\b(talk|speak|chat) (to|with) (a |an |some |your )?(real |live |actual )?"
    r"(person|human|human being|engineer|agent|operator|someone|somebody)\b"
    r"|\b(get|give|connect|put|transfer) me (to |through to )?(a |an )?(real |live )?"
    r"(person|human|engineer|agent|operator)\b"
    r"|(?<!do )\b(i|we) (do |really |still |just )?(want|need|would like|d like) "
    r"(to (talk|speak) (to|with) )?(a |an |some |your )?(real |live |actual )?"
    r"(person|human|human being|engineer|agent|operator|someone|somebody)\b"
    r"|\bпоговорить с (живым |настоящим )?(человеком|инженером|оператором|специалистом)"
    r"|\b(хочу|хотим|нужен|нужна|нужно) (поговорить с )?(живого |живой |живым )?"
    r"(человека|человек|человеком|инженера|инженер|инженером|оператора|оператор|специалиста"
    r"|специалист)\b"
    r"|\b(позовите|дайте|соедините с|переключите на) (живого |живой )?"
    r"(человека|инженера|оператора|специалиста)"
    r"|转人工|人工客服|找真人|真人客服|(我|还是)?(要|想)(找|转|联系)?(人工|工程师|真人)"
)
MAX_DEMAND_CHARS = 300  # longer is a report that mentions people, not a request


def demands_person(text: str) -> bool:
    """True when ``text`` holds an explicit request for a person, whatever else it says
    (it then opens the way to an engineer, with the message as the problem)."""
    return len(text) <= MAX_DEMAND_CHARS and bool(_DEMAND.search(normalise(text)))


# Words that say how much, not what: "a person please, it's urgent" names no problem.
_URGENCY = frozenset(
    [
        "it",
        "s",
        "is",
        "its",
        "this",
        "urgent",
        "urgently",
        "asap",
        "right",
        "away",
        "quickly",
        "very",
        "really",
        "immediately",
        "срочно",
        "очень",
        "быстро",
        "сейчас",
        "же",
        "прямо",
        "это",
        "急",
        "紧急",
        "马上",
        "很急",
        "快",
        "立刻",
    ]
)


def words_beside_person(text: str) -> int:
    """How many words of ``text`` are neither the request for a person nor urgency:
    "можно поговорить с человеком по поводу счёта?" has three ("по поводу счета"), so it
    names its own problem; "can I speak to a human please, it's urgent" has none."""
    words = normalise(_DEMAND.sub(" ", normalise(text))).split()
    known = _TABLE.kinds
    return sum(1 for w in words if w not in known and w not in _URGENCY)
