"""Whether a customer's words plainly say yes, it worked, in English, Russian, Chinese.

After a KB answer, "yep works now, thanks a lot!", "заработало, спасибо", "谢谢！" say it
helped; anything else may be a new question, so the rule is strict. (After a ticket's
"did this solve it?" the wider reading of ``bot/services/resolution_verdict.py`` decides,
and counts this one as a yes.) The rule:

- a question mark, a question word ("when", "во сколько", "几点": "во сколько работает
  ваша поддержка" asks the hours), a problem or contrast word ("still", "but", "не",
  "还是"), or a long message is never a yes;
- a message made only of thanks, "yes", "works now" and the words that go with them
  (the small-talk rule: every word known) is;
- in a longer sentence, a "works now" phrase ("it's working again, thank you for the
  quick help") is.

A bare "ok" or "hi" is not a yes: it answers nothing.
"""

from __future__ import annotations

import re
import unicodedata

from bot.services.small_talk import FILLER, PHRASES, PhraseTable, SmallTalk, normalise

MAX_CHARS = 100
_YES = "yes"
_SOLVED = "solved"
# fmt: off
_YES_WORDS = (
    "yes", "yep", "yeah", "yup", "yea", "sure", "indeed", "correct", "it did", "that did it",
    "да", "ага", "угу", "конечно", "верно", "да да",
    "是", "是的", "对", "对的", "嗯嗯", "确认",
)
_SOLVED_PHRASES = (
    "works", "it works", "works now", "working", "working now", "works again",
    "working again", "it s working", "its working", "worked", "that worked", "it worked",
    "fixed", "solved", "resolved", "sorted", "all good", "all good now", "all set",
    "no problem anymore", "no more problems", "found it", "i found it", "see it now",
    "i can see it now", "can see it now",
    "работает", "все работает", "заработало", "заработал", "заработала", "работают",
    "решено", "решилось", "помогло", "получилось", "починилось", "исправилось",
    "все ок", "все хорошо", "все в порядке", "нашла", "нашел", "нашлось", "нашлись",
    "вижу", "теперь вижу",
    "好了", "可以了", "解决了", "正常了", "能用了", "行了", "没问题了", "搞定了", "搞定",
    "成功了", "恢复了", "修好了", "找到了", "看到了", "能看到了",
)
# Words that only go with the phrases above ("works *now*", "*уже* работает").
_AFFIRMATION_FILLERS = (
    "now", "again", "it", "that s", "thats", "теперь", "уже", "все", "现在", "已经",
)
# Contrast, negation and trouble: any of these makes the message a follow-up.
_PROBLEM_WORDS = (
    "not", "no", "nope", "never", "still", "but", "however", "again but", "error", "errors",
    "fail", "fails", "failed", "failing", "broken", "broke", "issue", "issues", "problem",
    "problems", "cannot", "can t", "cant", "doesn t", "doesnt", "don t", "dont", "won t",
    "wont", "isn t", "isnt", "didn t", "didnt", "wrong", "only", "except", "slow",
    "sometimes", "yet", "stopped", "crash", "crashes", "down", "why", "how", "what",
    "when", "where", "which", "who", "whose", "forgot",
    "не", "нет", "ни", "еще", "опять", "снова", "но", "однако", "ошибка", "ошибки",
    "ошибку", "проблема", "проблемы", "сбой", "равно", "иногда", "только", "падает",
    "рвется", "медленно", "почему", "как", "что",
    "когда", "где", "сколько", "какой", "какая", "какие", "кто", "куда", "зачем", "ли",
    "забыл", "забыла",
)
# Chinese is written without spaces: these are looked for anywhere in the message.
_PROBLEM_CHARS = ("不", "没", "还是", "仍", "又", "但", "可是", "问题", "错误", "报错", "失败",
                  "故障", "依然", "吗", "么", "怎", "几点", "哪", "多少", "什么时候", "忘了")
# fmt: on
# Phrases that hold a problem word and say there is none.
_NO_PROBLEM = re.compile(
    r"\bno (problem|problems|more problems) (anymore|now)\b|\bno problem anymore\b"
    r"|没问题了|没有问题了|没事了|нет проблем|без проблем"
)
_PROBLEM = re.compile(r"\b(" + "|".join(re.escape(w) for w in _PROBLEM_WORDS) + r")\b")
_SOLVED_IN_SENTENCE = re.compile(
    r"\b(works?|working|worked|fixed|solved|resolved|заработал\w*|работает|помогло|"
    r"получилось|решено)\b|好了|可以了|解决了|正常了|能用了|修好了|恢复了"
)
_AFFIRMATIONS = PhraseTable(
    {
        **PHRASES,
        **dict.fromkeys(_YES_WORDS, _YES),
        **dict.fromkeys(_SOLVED_PHRASES, _SOLVED),
        **dict.fromkeys(_AFFIRMATION_FILLERS, FILLER),
    },
    max_chars=MAX_CHARS,
)
_SAYS_YES = {SmallTalk.THANKS, _YES, _SOLVED}


def _has_problem(text: str) -> bool:
    raw = unicodedata.normalize("NFKC", text)
    if "?" in raw:
        return True
    words = _NO_PROBLEM.sub(" ", normalise(text))
    return bool(_PROBLEM.search(words)) or any(c in words for c in _PROBLEM_CHARS)


def says_solved(text: str) -> bool:
    """True when ``text`` clearly says "yes, it is solved" (see the module's rules)."""
    if len(text) > MAX_CHARS or not text.strip() or _has_problem(text):
        return False
    kinds = _AFFIRMATIONS.kinds_in(text)
    if kinds is not None:
        return bool(kinds & _SAYS_YES)
    return bool(_SOLVED_IN_SENTENCE.search(normalise(text)))


def says_it_works(text: str) -> bool:
    """True when ``text`` says the problem is gone ("works now, thanks", "заработало",
    "好了"): stricter than :func:`says_solved`, for a ticket an engineer is still working
    on. There "ok thanks", "спасибо" or "好的，谢谢" thank them for a reply or a promise
    ("I'll add the permission tonight"), and a bare "yes" answers whatever they asked; a
    ticket resolved after either must still ask the customer whether it is solved."""
    if not says_solved(text):
        return False
    kinds = _AFFIRMATIONS.kinds_in(text)
    return kinds is None or _SOLVED in kinds
