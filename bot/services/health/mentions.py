"""Does a question name a service? Ids, keywords and telling name words, in three scripts.

Pure functions: the health service asks them for every customer question, before
touching the database, so most questions (which name no service) cost nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from bot.errors import NotFound
from bot.kb.layout import looks_like_wrong_layout, retyped
from bot.kb.translit import to_cyrillic
from bot.settings import ServiceConfig

# Words of product names that do not point at one service ("Microsoft 365 Apps").
GENERIC_NAME_WORDS = frozenset({"and", "the", "for", "with", "microsoft", "azure", "online", "365"})
_CJK = re.compile(r"[\u4e00-\u9fff]")
_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]|[^\u4e00-\u9fff]+")  # a Chinese character or a word
_NAME_CHAR = r"[0-9a-z_\u00c0-\u024f\u0400-\u04ff]"  # what continues a Latin or Cyrillic word
# "Is Outlook down?" in a few plain words per language: a question /health answers. Kept
# few on purpose: a miss costs the customer a line, a false hit adds a stray one.
_ASKS_IF_DOWN = re.compile(
    r"(?:^|[.?!,;:]\s*)(?:is|are)\b[^.?!\n]{0,40}?\bdown\b"  # is outlook down
    r"|\bdown for (?:every(?:one|body)|all)\b|\boutages?\b"
    r"|не\s+работает\s+у\s+всех|у\s+всех\s+не\s+работает"  # teams не работает у всех?
    r"|\b(?:лежит|упал[аио]?)\s*(?:ли\b|\?)"  # почта лежит?
    r"|挂了|宕机|是不是.{0,6}(?:挂|断)",  # 邮箱是不是挂了
    re.IGNORECASE,
)


# "Can't join the meeting", "outlook не отправляет", "开会进不去": the customer says it does
# not work. During an incident on the service named, such a question is about the
# incident, not a how-to: the answer leads with it (``handlers/incident_lead.py``).
_REPORTS_TROUBLE = re.compile(
    r"\b(?:can\s*(?:no|')?t|cannot|could\s*n'?t|won'?t|doesn'?t|does not|isn'?t|not)\s+\w+"
    r"|\b(?:down|broken|fail\w*|error\w*|crash\w*|stuck|not working|outage|unable)\b"
    r"|\bне\s+(?:\w+\s+)?(?:работа\w*|отправля\w*|приход\w*|открыва\w*|подключа\w*"
    r"|загружа\w*|грузит\w*|заход\w*|пуска\w*|запуска\w*|войти|зайти|могу|может|можем)"
    r"|\b(?:сбой\w*|ошибк\w*|упал\w*|лежит|висит|отвалил\w*)"
    r"|不了|不上|不去|不能|无法|打不开|用不|挂了|宕机|故障|报错|失败|断了|掉线|连不|发不出|收不到",
    re.IGNORECASE,
)


# "When will it be fixed?", "а когда почините?", "什么时候能修好": a question about an
# incident's end, not a how-to. Asked under an incident banner, the incident answers it
# (``handlers/incident_talk.py``). A "when" that only sets a scene ("when I open outlook
# it doesn't work") is not one: it must ask about a fix, a return or a wait.
_ASKS_WHEN_FIXED = re.compile(
    r"\bwhen\b[^.?!\n]{0,40}?\b(?:fix(?:ed)?|resolved?|restored?|sorted|back(?:\s+up)?"
    r"|up\s+again|working\s+again|work\s+again|be\s+(?:up|working|ok|okay|fine))\b"
    r"|\b(?:any\s+)?eta\b|\bhow\s+(?:much\s+)?long(?:er)?\s+(?:will|until|till|before"
    r"|is\s+it\s+going|are\s+we|do\s+we\s+(?:have\s+to\s+)?wait)\b"
    r"|\bкогда\b[^.?!\n]{0,30}?(?:почин|исправ|заработа|восстанов|устран|наладит|поправ"
    r"|будет\s+(?:\w+\s+)?работать|решат|решится|закончится)\w*"
    r"|сколько\s+(?:ещё|еще)\s+ждать|\bдолго\s+(?:ещё|еще)\b"
    r"|(?:什么时候|啥时候|何时|多久|多长时间|几点)[^。？?！!\n]{0,8}?(?:修好|恢复|好|解决|能用|修复)"
    r"|还要多久|要等多久",
    re.IGNORECASE,
)


def service_names(service: ServiceConfig, reseller_name: str = "") -> set[str]:
    """Its id, its keywords, and the words of its name that point at it alone
    (three letters or more; not generic, not the reseller's own name)."""
    names = {service.id.lower(), *(k.lower() for k in service.keywords)}
    common = GENERIC_NAME_WORDS | set(re.findall(r"\w+", reseller_name.lower()))
    spoken = [service.name, *service.names.values()]  # "почта", "邮件" point at it too
    name_words = [w for name in spoken for w in re.findall(r"\w+", name.lower())]
    return names | {w for w in name_words if _telling(w, common)}


def _telling(word: str, common: frozenset[str] | set[str]) -> bool:
    """A name word that points at one service: three letters, or two Chinese characters
    (one character, like 和 in "SharePoint 和 OneDrive", is in every other sentence)."""
    if _CJK.search(word):
        return len(word) >= 2
    return len(word) >= 3 and word not in common


def readings(text: str) -> Iterator[str]:
    """``text``, then how a Russian speaker meant it when it is not in Cyrillic: Russian in
    Latin letters ("u vseh ne rabotaet teams" = "у всех не работает teams") and Russian
    typed on the English layout ("e dct[ yt hf,jnftn" = "у всех не работает"). The
    patterns here are Russian words, so a Latin text read as Cyrillic matches them only
    when it was Russian to begin with. Lazy: a question the text itself settles (most of
    them) is never transliterated."""
    yield text
    if re.search(r"[a-z]", text, re.IGNORECASE) and not re.search(r"[\u0400-\u04ff]", text):
        yield to_cyrillic(text, lambda word: False)
        if looks_like_wrong_layout(text):
            yield retyped(text)


def asks_if_down(text: str) -> bool:
    """Does ``text`` ask whether a service is down ("is outlook down", "teams не работает
    у всех?", "u vseh ne rabotaet teams?", "邮箱是不是挂了")?"""
    return any(_ASKS_IF_DOWN.search(reading) for reading in readings(text))


def reports_trouble(text: str) -> bool:
    """Does ``text`` say something does not work ("can't join", "не отправляет",
    "进不去")? A how-to ("how do I schedule a meeting") does not."""
    return asks_if_down(text) or _REPORTS_TROUBLE.search(text) is not None


def mentions(name: str, words: set[str], lowered: str) -> bool:
    """Whole-word match for alphabetic scripts (phrases like "log in" and "e-mail" too);
    substring for Chinese (no spaces). ``words`` are ``lowered``'s ``\\w+`` words."""
    if _CJK.search(name):
        return name in lowered
    if re.fullmatch(r"\w+", name) and name in words:
        return True
    if name not in lowered:
        return False
    # Chinese has no spaces, so "teams是不是挂了" is one \w+ word: a Latin or Cyrillic name
    # is bounded by letters of its own alphabets and digits only.
    return re.search(rf"(?<!{_NAME_CHAR}){re.escape(name)}(?!{_NAME_CHAR})", lowered) is not None


def named_in(
    services: list[ServiceConfig],
    text: str,
    reseller_name: str = "",
    says: Callable[[str, set[str]], bool] | None = None,
) -> list[str]:
    """The ids of ``services`` that ``text`` names by id, name or keyword; failing that,
    by a nickname or typo the KB's synonyms know (``says``: "tims", "тимс", "аутлук")."""
    lowered, words = text.lower(), set(re.findall(r"\w+", text.lower()))
    found = [
        s.id
        for s in services
        if any(mentions(n, words, lowered) for n in service_names(s, reseller_name))
    ]
    if found or says is None:
        return found
    return [s.id for s in services if says(text, service_names(s, reseller_name))]


def named_service(
    services: list[ServiceConfig], query: str, reseller_name: str = ""
) -> ServiceConfig:
    """The one service ``query`` names by a keyword or telling name word ("meetings",
    "почта", "邮件"): what a person types after ``/health`` when it is not an id or name.

    Raises:
        NotFound: it names no service (or more than one); the error lists the known ids.
    """
    wanted = query.strip().lower()
    found = [s for s in services if wanted and wanted in service_names(s, reseller_name)]
    if len(found) != 1:
        known = ", ".join(s.id for s in services)
        raise NotFound(what="service", name=query.strip()[:64], known=known)
    return found[0]


def asks_when_fixed(text: str) -> bool:
    """Does ``text`` ask when something will work again ("when will it be fixed?", "а
    когда почините?", "什么时候能修好")?"""
    return _ASKS_WHEN_FIXED.search(text) is not None


def beside_when_fixed(text: str, names: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """The words of ``text`` outside its "when will it be fixed" and ``names`` (a service's
    names): "а" in "а когда почините?", but "the new user's works" in "how long until the
    new user's mailbox works", which asks about something else. Chinese has no spaces:
    each of its characters counts ("新用户" in "新用户邮箱多久能用")."""
    found = _ASKS_WHEN_FIXED.search(text)
    rest = text if found is None else text[: found.start()] + " " + text[found.end() :]
    rest = rest.lower()
    for name in sorted(names, key=len, reverse=True):
        rest = (
            rest.replace(name.lower(), " ")
            if _CJK.search(name)
            else re.sub(rf"(?<!{_NAME_CHAR}){re.escape(name.lower())}(?!{_NAME_CHAR})", " ", rest)
        )
    return [part for word in re.findall(r"\w+", rest) for part in _CJK_CHAR.findall(word)]
