"""What a customer's message says about their tickets, read from its words alone.

A walkthrough found four ways the bot misheard talk about tickets, all cured here by
reading the message, never by the clock alone:

- "any update on my teams ticket?", "что с моей заявкой", "我的工单怎么样了" asks for a
  ticket's status (:func:`asks_status`); what else it says ("still cant join from the app")
  is news for the engineer (:func:`status_details`);
- "по T-1002: у директора тоже началось" names the ticket it is about
  (:func:`named_ticket`: ``T-1002``, ``т-1002``, ``#1002``);
- "发票怎么开？" ten minutes after opening a mailbox ticket is a new question, not more of
  the ticket: it shares no topic with it (:func:`same_topic`), says nothing about a
  ticket (:func:`refers_to_ticket`), and asks something (:func:`is_question`) — or opens
  with "by the way" (:func:`changes_topic`); the same holds for a new trouble told
  without a question ("outlook keeps asking for my password" after a VPN ticket,
  :func:`reports_trouble`): a walk-through saw such a message filed on the VPN ticket, where
  the customer got no answer and the engineer an unrelated comment;
- a colleague's Teams question is not about the RDP ticket opened in the group a minute
  ago, while "我这边隧道也一样" is about the tunnel ticket (:func:`same_topic`,
  :func:`says_me_too`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.services.small_talk import normalise
from bot.services.urgency import says_business_down

# "T-1002", "т-1002" (a Cyrillic т), "t1002", "#1002", not inside a longer word or number.
_NAMED = re.compile(r"(?<![\w#-])(?:[tт]-?|#)(\d{4,9})(?!\d)", re.IGNORECASE)

# The ticket itself ("my ticket", "our case", "моя заявка", "我的工单").
_TICKET_EN = r"(?:ticket|case|request)s?"
_OWN_TICKET = re.compile(
    r"\b(?:my|our|the) (?:\w+ ){0,2}" + _TICKET_EN + r"\b"
    r"|\b(?:мо[яеюй]\w*|наш\w*|по) (?:\w+ )?(?:заявк\w*|тикет\w*|обращени\w*)"
    r"|(?:我|我们)的?(?:\S{0,4})?(?:工单|单子|申请|问题)"
    # typed in Latin letters: "chto s moei zayavkoi", "est novosti po zayavke"
    r"|\b(?:mo[ieyaj]\w*|nash\w*|po) (?:\w+ )?(?:zayavk\w*|tiket\w*|obrashch?eni\w*)"
)
# ... and a word that asks how it stands.
_STATUS_WORD = re.compile(
    r"\b(?:update|updates|status|progress|news|eta|happening|going on|how is|how s|hows"
    r"|where is|where s|any word|heard back)\b"
    r"|(?:^| )(?:что с|как там|как дела|какой статус|статус|новост\w*|есть ли новост\w*"
    r"|когда реш\w*|когда почин\w*|движ\w*)(?: |$)"
    r"|怎么样|进度|进展|状态|处理得|到哪|什么时候|有消息|有结果|处理了吗|好了没"
    r"|\b(?:chto s|kak tam|status|novost\w*|est novost\w*)\b"
)
# Asked alone, these need no "ticket": "any update?", "есть новости?", "有进展吗".
_BARE_STATUS = re.compile(
    r"^(?:any (?:update|updates|news|progress)|what s the status|whats the status|status)$"
    r"|^(?:есть )?новост\w*$|^что там$|^(?:有)?(?:进展|进度|消息)(?:吗|了吗|没有)?$"
)
# A status question about something the message names instead of "my ticket": "any news
# on the email recovery?", "есть новости по восстановлению почты?", "邮件恢复有进展吗" —
# a ticket's status when one of the customer's tickets is on that topic.
_STATUS_OF = re.compile(
    r"^(?:(?:hi|hey|hello|so|and|ok) )*(?:is there |are there |got |anything )?"
    r"(?:any|new) (?:news|update|updates|progress|word|eta)s? (?:on|about|with|re|regarding|for)\b"
    r"|^(?:what s|whats|what is) the (?:status|progress|eta|latest) (?:on|of|with|for)\b"
    r"|^(?:how s|hows|how is) (?:the|our|my) .+ (?:going|coming along)\b"
    r"|^(?:(?:ну|а|и) )?(?:есть )?(?:ли )?(?:какие ?(?:то|нибудь) )?новост\w*"
    r" (?:по|о|об|про)(?: |$)"
    r"|^(?:(?:ну|а|и) )?(?:что|как) (?:там )?(?:с|со|по)(?: |$)|^какой статус (?:у|по)(?: |$)"
    r"|^(?:est )?novost\w* (?:po|o|pro)\b|^(?:chto|kak) (?:tam )?(?:s|so|po)\b"
    r"|(?:有(?:什么)?(?:新)?(?:进展|消息|结果)|进展如何|进度如何|进度怎么样|处理得怎么样|处理到哪"
    r"|怎么样了|弄好了没|好了没|恢复了吗|修好了吗|搞定了吗)[ 了吗呢没有]*$"
)
_CLAUSES = re.compile(r"[?？!！.。,，;；:：\n]+")

# Words too common to say what a message is about.
_STOP = frozenset(
    re.findall(
        r"\S+",
        """the and for you your yours our ours with this that these those there here from have
        has had get got how what when where why who which can could would should does did doesn
        don didn not isn aren was were are will just please any all some also still again today
        now yet very really thanks thank hello after before about into onto then than them they
        their its mine ticket tickets case request issue issues problem problems error errors
        work works working help update updates status same too either both every single file
        files как что это для так когда почему можно нужно есть мне меня моей моя мой наш наша
        нашей все уже еще тоже также опять снова только или если где кто чем при над под без
        заявка заявке заявку заявки проблема проблемы ошибка ошибки работает работать помогите
        спасибо""",
    )
)
_STOP_BIGRAMS = frozenset(
    re.findall(
        r"\S+",
        "怎么 什么 如何 可以 一个 为什么 这个 那个 我们 你们 现在 还是 问题 工单 谢谢 请问 能不"
        " 不能 是不 不是 一下 帮我 需要 多少 么办 怎样 的时 时候 我的 我要 要一",
    )
)
# Characters that make a pair of Chinese characters say nothing of its own ("不上", "了吗").
_GRAMMAR_HAN = frozenset("不了的是在有我你他她吗呢么吧啊也都就还")
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
_WORD = re.compile(r"[a-zа-я0-9][a-zа-я0-9]{2,}")

# Says the message is about a ticket that exists, not a new question: urgency, "it",
# a ticket word, "still", "same", "me too".
_REFERS = re.compile(
    r"\b(?:ticket|case|urgent|urgently|asap|escalate|priority|eta|it|this|still|same|again"
    r"|also|too|screenshot|attached|log|engineer)\b"
    r"|(?:^| )(?:заявк\w*|тикет\w*|срочно|срочн\w*|это|этот|эта|она|он|оно|все еще|до сих пор"
    r"|опять|снова|тоже|также|все равно|всё равно|скрин\w*|лог\w*|инженер\w*)(?: |$)"
    r"|工单|紧急|加急|尽快|急|还是|依然|仍然|又|也|同样|截图|日志|工程师|这个问题"
    r"|^还有(?!个问题|一个问题)"  # "还有，专票的抬头要改": more of the same, not "another question"
)
# Words that add to what the sender has just said: "forgot to say: …", "забыл написать",
# "忘了说", "补充一下" — strict, for a channel's main line, where "it" or "also" says little.
_ADDS_TO_LAST = re.compile(
    r"\b(?:forgot to (?:say|mention|add|tell)|one more thing|to add to (?:that|this|my)"
    r"|p ?s|also forgot|adding to (?:that|this|my))\b"
    r"|(?:^| )(?:забыл\w* (?:сказать|написать|добавить|уточнить|упомянуть)|добавлю"
    r"|в дополнение|zabyl\w* (?:skazat|napisat|dobavit))(?: |$)"
    r"|忘了说|忘记说|忘了讲|补充一下|补充一句|补充说明|再补充|还忘了"
)
# The matter under way goes on: "still", "same", "опять", "всё равно", "还是".
_STILL = re.compile(
    r"\b(?:still|same|again|as before)\b"
    r"|(?:^| )(?:все еще|всё ещё|до сих пор|опять|снова|все равно|всё равно|по-прежнему)(?: |$)"
    r"|还是|依然|仍然|照样|一样"
)
_ME_TOO = re.compile(
    r"\b(?:me too|same here|same for me|same problem|same issue|here too|us too)\b"
    r"|(?:^| )(?:у меня тоже|у нас тоже|тоже самое|то же самое|и у меня|и у нас)(?: |$)"
    r"|也一样|也是|同样|我也|我们也|也遇到"
)
_QUESTION = re.compile(
    r"\b(?:how|what|which|where|when|why|who|can i|can we|is there|are there|do i|do we"
    r"|does|how much|how many)\b"
    r"|(?:^| )(?:как|какой|какая|какие|сколько|где|когда|почему|зачем|можно ли|что)(?: |$)"
    r"|怎么|如何|多少|什么|哪|吗|么|呢|为什么|能否|可不可以|能不能"
)
# Something fails: "can't", "keeps asking", "не работает", "连不上", "一直要".
_TROUBLE = re.compile(
    r"\b(?:can ?t|cannot|cant|won ?t|wont|doesn ?t|doesnt|didn ?t|not working|isn ?t working"
    r"|fails?|failed|failing|keeps|stuck|broken|crash\w*|freez\w*|unable|no longer)\b"
    r"|(?:^| )(?:не (?:работает|работают|могу|можем|получается|открывается|приходит|приходят"
    r"|подключается|заходит|грузится|синхронизируется|отправляется|\w+ся)|ошибк\w*"
    r"|постоянно|вылетает|висит|зависает|тормозит|ne rabotaet|ne mogu)(?: |$)"
    r"|不了|不上|不能|打不开|进不去|收不到|发不出|报错|失败|一直|老是|总是|卡住|卡死|闪退|登不"
)
# "By the way, …", "another question", "кстати", "对了", "另外一个问题": a new topic follows
# (a bare "另外，…", "also, …", adds as often a detail: "另外，公司税号是 …").
_NEW_TOPIC = re.compile(
    r"^(?:by the way|btw|another question|other question|unrelated|different question"
    r"|separate question|new question|also how|кстати|другой вопрос|еще вопрос|и еще вопрос"
    r"|отдельный вопрос|новый вопрос)\b"
    r"|^(?:对了|另外(?:一个|还有个|有个)?问题|另外问|顺便|还有个问题|另一个问题|换个问题|再问一下|顺便问)"
)


def off_ticket(text: str, about: str, kb_answers: Callable[[], bool]) -> bool:
    """Is ``text``, which its sender wrote minutes after opening (or commenting on) the
    ticket described by ``about``, plainly not about it? It shares no topic word with the
    ticket, says nothing of something under way, and either says a new topic follows, says
    the business is down, or asks a question or tells of a trouble the knowledge base has an
    article for (``kb_answers``, asked last: it searches). Called off wrongly, the message
    still costs the customer one button ("add it to the ticket"); filed wrongly, it gets no
    answer at all."""
    if refers_to_ticket(text) or same_topic(text, about):
        return False
    # "у всех в офисе не работает почта!" minutes after a backup ticket: a new outage,
    # for an engineer at once (severity A), not a comment on the backup
    if changes_topic(text):
        return True
    # ... but "с 9 утра никто не может отправить письма" a minute after opening "Весь офис
    # без почты" is that same outage (a walk-through saw it become a second ticket)
    if says_business_down(text):
        return not says_business_down(about)
    return (is_question(text) or reports_trouble(text)) and kb_answers()


def named_ticket(text: str) -> str | None:
    """The first ticket number ``text`` names, as people write it (``T-1002``), or None."""
    match = _NAMED.search(text)
    return f"T-{match.group(1)}" if match else None


def written_as_ticket(text: str) -> bool:
    """Is the number ``text`` names written the way tickets are (``T-1002``, ``т-1002``),
    not as a code might be ("#1234", "t1234")?"""
    match = _NAMED.search(text)
    return match is not None and match.group(0)[1:2] == "-"


def asks_status(text: str) -> bool:
    """Does ``text`` ask how one of the customer's tickets stands?"""
    words = normalise(text)
    if _BARE_STATUS.match(words.rstrip(" 吗呢")):
        return True
    return bool(_OWN_TICKET.search(words) and _STATUS_WORD.search(words))


def asks_status_of(text: str) -> bool:
    """Does ``text`` ask how something it names stands ("any news on the email
    recovery?") — a ticket's status if a ticket of theirs is about it, else a question?"""
    return bool(_STATUS_OF.search(normalise(text)))


def status_details(text: str) -> str:
    """What a status question says besides asking ("still cant join from the app"), or ""
    when it only asks: the parts of it that neither ask for the status nor are a word or
    two of politeness."""
    kept = []
    for clause in _CLAUSES.split(text):
        words = normalise(clause)
        if not words or asks_status(words) or _STATUS_WORD.search(words):
            continue
        han = bool(_HAN_RUN.search(words)) and len(words.replace(" ", "")) >= 6
        if len(words.split()) >= 3 or han:
            kept.append(clause.strip())
    return ", ".join(kept)


# Product nicknames a customer types for what a ticket's subject names ("есть новости по
# тимс?" about "Teams не подключается"), by stem.
_NICKNAMES = {"тимс": "teams", "аутл": "outlo", "оутл": "outlo"}


def _stem(word: str) -> str:
    """Five letters, or four for a short Russian word, whose endings change more of it
    ("почта", "почте", "почтой" all ``почт``; "заявке" and "заявка" ``заяв``)."""
    short = len(word) <= 6 and "а" <= word[0] <= "я"
    stem = word[:4] if short else word[:5]
    return _NICKNAMES.get(stem, stem)


def content_words(text: str) -> set[str]:
    """What ``text`` is about: its uncommon words cut to a short stem (``syncing`` and
    ``sync`` both ``sync``; ``почте`` and ``почта`` both ``почт``), and the pairs of
    Chinese characters it holds."""
    words = normalise(text)
    found = {_stem(w) for w in _WORD.findall(words) if w not in _STOP}
    for run in _HAN_RUN.findall(words):
        pairs = {run[i : i + 2] for i in range(len(run) - 1)}
        found |= {p for p in pairs - _STOP_BIGRAMS if not _GRAMMAR_HAN.intersection(p)}
    return found


def same_topic(text: str, about: str) -> bool:
    """Do ``text`` and ``about`` (a ticket's subject and description) share a topic word?"""
    return bool(content_words(text) & content_words(about))


def refers_to_ticket(text: str) -> bool:
    """Does ``text`` speak of something already under way ("can you make it urgent?",
    "still the same", "скрин ошибки", "也一样")?"""
    return bool(_REFERS.search(normalise(text)))


def adds_to_last(text: str) -> bool:
    """Does ``text`` say it adds to what its sender has just said ("forgot to say: it works
    on their laptops", "забыл написать — на ноутбуках работает", "忘了说，电脑上是好的")?"""
    return bool(_ADDS_TO_LAST.search(normalise(text)))


def says_still(text: str) -> bool:
    """Does ``text`` say the matter under way goes on ("still the same red banner",
    "всё равно висят письма", "还是不行")? Stricter than :func:`refers_to_ticket`."""
    return bool(_STILL.search(normalise(text)))


def says_me_too(text: str) -> bool:
    """ "Same here", "у нас тоже", "我这边也一样": a colleague's trouble is the same one."""
    return bool(_ME_TOO.search(normalise(text)))


def is_question(text: str) -> bool:
    """Does ``text`` ask something (a question mark, or a question word)?"""
    return "?" in text or "？" in text or bool(_QUESTION.search(normalise(text)))


def reports_trouble(text: str) -> bool:
    """Does ``text`` tell of something failing ("teams won't connect", "не приходит почта",
    "outlook一直要密码"), question or not?"""
    return bool(_TROUBLE.search(normalise(text)))


def changes_topic(text: str) -> bool:
    """Does ``text`` open by saying a new topic follows ("by the way", "对了", "кстати")?"""
    return bool(_NEW_TOPIC.search(normalise(text)))
