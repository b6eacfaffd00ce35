"""What a customer's words say after "T-1001 has been resolved. Did this solve it?".

People answer in words far more often than with the buttons, and mostly to say thanks:
"спасибо, письма пошли!", "perfect, I can see sales@ now. thanks a lot Alice!",
"好了，现在能收到外部邮件了，谢谢！". Reading such a message as "not solved" reopens the
ticket and tells the engineer the opposite of what the customer said (a walkthrough saw
it happen to half of them), so the reading has three outcomes, not two:

- **not solved**: the message says it is still broken — a negation or a trouble word
  ("still", "doesn't", "error", "не работает", "опять", "还是不行", "又掉线了"). A negated
  trouble word says the trouble is gone ("no more password prompts", "звонки больше не
  обрываются", "不掉线了") and counts for nothing;
- **solved**: nothing says it is broken and something says it is fine — thanks, praise,
  "works", "пошли", "正常了", or "you can close it" — and nothing asks for more (a question,
  "can you also…", "I'll try tomorrow", "but…");
- **unclear**: anything else ("ok", "I restarted the PC", "thanks, can you also add
  Bob?"). It is added to the ticket and "did this solve it?" is asked again: a wrong guess
  either way costs more than one more question. A bare "ok" is only asked again
  (``handlers/follow_ups.py``): it says nothing for the engineer.

:func:`bot.services.affirmation.says_solved` (a message made only of yes-words) is a
stricter reading of the same question, used where no ticket asked it.
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum

from bot.services.affirmation import says_solved
from bot.services.small_talk import normalise


class Verdict(StrEnum):
    """What words after "did this solve it?" say."""

    SOLVED = "solved"
    NOT_SOLVED = "not_solved"
    UNCLEAR = "unclear"


MAX_CHARS = 300  # longer says more than yes: the engineer reads it, the question stays


def _words(*alternatives: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b")


# A trouble the customer says is gone: removed before looking for trouble words.
_TROUBLE_VERBS = (
    r"drop\w*|crash\w*|freez\w*|froze|hang\w*|disconnect\w*|fail\w*|error\w*|bounc\w*|lag\w*"
    r"|glitch\w*|flicker\w*|time out|times out|timing out|log me out|logs me out|kick\w* me out"
    r"|sign\w* me out|ask\w*|prompt\w*|pop\w* up|go down|goes down|cut\w* out|cut\w* off"
)
_GONE = [
    re.compile(
        r"\b(?:not|never|no longer|doesn t|doesnt|don t|dont|didn t|didnt|won t|wont|isn t"
        r"|isnt|aren t|hasn t|haven t|stopped)(?: \w+)? (?:" + _TROUBLE_VERBS + r")\b"
    ),
    _words(r"no more \w+", r"no (?:problems?|issues?|worries|errors?|drops?)"),
    _words(r"without (?:any )?(?:errors?|problems?|issues?|drops?)", r"not a problem"),
    re.compile(
        r"\b(?:не|больше не|уже не|перестал\w*|перестан\w*) (?:пада\w*|вылета\w*|выкидыва\w*"
        r"|отвалива\w*|обрыва\w*|рвет\w*|рвут\w*|зависа\w*|висн\w*|виснет|тормоз\w*|глюч\w*"
        r"|ругает\w*|спрашива\w*|проси\w*|просят|требу\w*|выскакива\w*|отключа\w*|сбрасыва\w*"
        r"|теря\w*|вылеза\w*|возника\w*|выда\w* ошибк\w*|появля\w* ошибк\w*)"
    ),
    _words(
        r"(?:ошиб\w*|проблем\w*|сбо\w*|обрыв\w*) (?:больше )?(?:нет|не было|не возника\w*)",
        r"без (?:ошибок|проблем|сбоев|обрывов)",
        r"нет проблем",
        r"(?:снова|опять) (?:работа\w*|приход\w*|ид\w*|пош\w*|синхронизир\w*|открыва\w*)",
    ),
    re.compile(
        r"(?:不再|没再|没有再|再也没有?|不会再)(?:掉线|闪退|崩溃|卡|报错|出错|断|弹|提示|要求|跳|出现)"
        r"|不(?:掉线|闪退|崩溃|卡|报错|断线)了|没(?:有)?(?:报错|掉线|闪退|出错)了?"
        r"|没问题|没有问题|没事|没毛病|不错|不客气|不好意思|不用了"
        r"|又(?:能|可以|好|正常|恢复)"
    ),
]
_TROUBLE = _words(
    r"not|no|nope|nah|never|still|cannot|can t|cant|couldn t|couldnt|doesn t|doesnt|don t"
    r"|dont|didn t|didnt|won t|wont|isn t|isnt|aren t|arent|wasn t|wasnt|weren t|haven t"
    r"|havent|hasn t|hasnt|broken|broke|breaks|error|errors|fail|fails|failed|failing"
    r"|failure|crash\w*|stopped|stops|same|issue|issues|problem|problems|wrong|worse|slow"
    r"|keeps|happened again|happening again",
    r"не|нет|неа|ни|опять|снова|все равно|по прежнему|до сих пор|ошибк\w*|ошибок|проблем\w*"
    r"|сбо\w*|перестал\w*|слома\w*|пада\w*|вылета\w*|выкидыва\w*|глюч\w*|тормоз\w*|медленно"
    r"|обрыва\w*|рвет\w*|рвут\w*|отвал\w*|зависа\w*|то же самое|так же",
)
_TROUBLE_HAN = re.compile(
    r"不|没|还是|仍|依然|依旧|又|问题|错误|报错|失败|故障|掉线|闪退|崩溃|卡住|一样"
)
# "You can close it": a yes even when worded as a request.
_CLOSE = re.compile(
    r"\b(?:close it|close the ticket|close this|you can close|can be closed|feel free to close"
    r"|закрыва\w*|закройте|можно закрыть|можете закрыть)\b|关闭|关掉|可以关|关了吧"
)
# More is asked, or the answer is not in yet: the ticket waits for a clear word.
_MORE = _words(
    r"also|another|one more|can you|could you|would you|will you|please|need|needs|want"
    r"|how|what|when|where|why|which|who|tomorrow|later|will try|ll try|try it|let me"
    r"|ll check|will check|let you know|but|however|only|except|although|though|if",
    r"еще вопрос|еще нужно|еще надо|и еще|а еще|также|можно ли|можете|сможете|подскажите"
    r"|пришлите|сделайте|нужно|нужен|нужна|надо|как|когда|где|почему|зачем|попробую"
    r"|проверю|посмотрю|отпишусь|завтра|позже|вечером|но|однако|только|кроме|хотя|если",
)
_MORE_HAN = re.compile(
    r"吗|么|怎么|如何|为什么|什么|哪|还有|另外|能不能|可不可以|请帮|麻烦|需要|帮我|试试|试一下"
    r"|看看|明天|稍后|回头|但|可是|不过|只有|如果"
)
# Thanks, praise, "it works": the customer is content.
_CONTENT = _words(
    r"thanks|thank you|thx|ty|cheers|appreciate\w*|perfect|great|awesome|excellent|brilliant"
    r"|fantastic|wonderful|amazing|lovely|sorted|fixed|solved|resolved|works?|working|worked"
    r"|all good|all set|we re good|good now|back to normal|normal again",
    r"спасибо|спс|благодар\w*|отлично|супер|класс|замечательно|прекрасно|здорово|работа\w*"
    r"|заработал\w*|пошли|пошло|приход\w*|пришл\w*|появил\w*|синхронизир\w*|помогло"
    r"|получилось|решено|починил\w*|исправил\w*|все ок|все хорошо|в порядке",
)
_CONTENT_HAN = re.compile(
    r"谢|感谢|辛苦了|太好了|完美|棒|好了|可以了|解决了|正常了|能用了|行了|搞定|成功了|恢复了"
    r"|修好了|收到了|同步了|能收到|能看到"
)


def _without_gone_trouble(words: str) -> str:
    for pattern in _GONE:
        words = pattern.sub(" ", words)
    return words


def read_verdict(text: str) -> Verdict:
    """What ``text``, typed after "did this solve it?", says (see the module's rules)."""
    text = text.strip()
    if not text:
        return Verdict.UNCLEAR
    words = normalise(text)
    troubled = _without_gone_trouble(words)
    if _TROUBLE.search(troubled) or _TROUBLE_HAN.search(troubled):
        return Verdict.NOT_SOLVED
    if says_solved(text):
        return Verdict.SOLVED
    raw = unicodedata.normalize("NFKC", text)
    if len(text) > MAX_CHARS or "?" in raw:
        return Verdict.UNCLEAR
    if _CLOSE.search(words):
        return Verdict.SOLVED
    if _MORE.search(words) or _MORE_HAN.search(words):
        return Verdict.UNCLEAR
    if _CONTENT.search(words) or _CONTENT_HAN.search(words):
        return Verdict.SOLVED
    return Verdict.UNCLEAR
