"""Script-based language detection for English, Russian and Chinese text."""

from __future__ import annotations

import re

from .layout import looks_like_english_on_russian_layout, looks_like_wrong_layout
from .pinyin import looks_like_pinyin
from .translit import looks_like_translit, translit_hits

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# UTF-8 lead bytes: U+0400-U+04FF (Cyrillic) and U+00C0-U+024F (accented Latin).
_CYRILLIC_LEADS = (b"\xd0", b"\xd1", b"\xd2", b"\xd3")
_LATIN_LEADS = tuple(bytes([lead]) for lead in range(0xC3, 0xCA))
_ASCII_LETTERS = set(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_NOT_ASCII_LETTER = bytes(b for b in range(256) if b not in _ASCII_LETTERS)

SUPPORTED = ("en", "ru", "zh")


def detect_language(text: str) -> str:
    """Return "en", "ru" or "zh" from the letters used; "en" when unsure.

    Counting scripts is enough for the three languages we serve and costs
    microseconds, unlike statistical detectors. Han characters carry a word
    each, so they are weighted up against Latin/Cyrillic letters.

    It runs for every article at indexing, and Python's regex engine is slow on
    non-ASCII text, so letters are counted on the UTF-8 bytes (C speed): Cyrillic
    letters are the two-byte sequences led by 0xD0-0xD3, Latin ones the ASCII
    letters plus those led by 0xC3-0xC9. Only text with characters from U+3400 up
    is searched for Han with a regex.
    """
    sample = text[:1500]
    if sample.isascii():
        return "en"
    data = sample.encode("utf-8", "surrogatepass")  # a lone surrogate is no letter
    cyr = sum(data.count(lead) for lead in _CYRILLIC_LEADS)
    lat = len(data.translate(None, _NOT_ASCII_LETTER)) + sum(
        data.count(lead) for lead in _LATIN_LEADS
    )
    han = len(_HAN.findall(sample)) if max(sample) >= "\u3400" else 0
    if han * 3 >= max(cyr, lat) and han > 0:
        return "zh"
    if cyr > 0 and cyr >= lat * 0.5:
        return "ru"
    return "en"


CLEAR_SHARE = 0.9  # share of a message's letters one script must hold to be "clearly" it
HAN_WEIGHT = 2.5  # a Han character carries about as much as 2-3 Latin or Cyrillic letters
# Latin text may be nothing but product names ("outlook", "Teams VPN"), which say
# nothing about the writer's language: it takes two words and 8 letters to count.
MIN_LATIN_LETTERS, MIN_LATIN_WORDS = 8, 2
_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]{2,}")


def _letter_counts(text: str) -> tuple[int, int, int]:
    """(Cyrillic, Latin, Han) letters in ``text``, counted on UTF-8 bytes as above."""
    if text.isascii():
        return 0, len(text.encode("ascii").translate(None, _NOT_ASCII_LETTER)), 0
    data = text.encode("utf-8", "surrogatepass")
    cyr = sum(data.count(lead) for lead in _CYRILLIC_LEADS)
    lat = len(data.translate(None, _NOT_ASCII_LETTER)) + sum(
        data.count(lead) for lead in _LATIN_LEADS
    )
    han = len(_HAN.findall(text)) if max(text) >= "\u3400" else 0
    return cyr, lat, han


def clear_language(text: str) -> str | None:
    """The language ``text`` is clearly written in, or None: it mixes scripts
    ("Ошибка: VSS snapshot failed"), or it is Latin too short to tell ("outlook").
    Cyrillic is Russian and Han is Chinese for us, so one word of either is clear."""
    cyr, lat, han = _letter_counts(text[:1500])
    weights = {"ru": float(cyr), "en": float(lat), "zh": han * HAN_WEIGHT}
    total = sum(weights.values())
    lang, top = max(weights.items(), key=lambda kv: kv[1])
    if total == 0 or top < CLEAR_SHARE * total:
        return None
    if lang == "en" and (
        lat < MIN_LATIN_LETTERS or len(_LATIN_WORD.findall(text[:200])) < MIN_LATIN_WORDS
    ):
        return None
    if lang == "en" and (looks_like_translit(text) or looks_like_wrong_layout(text)):
        return "ru"  # "kak vklyuchit avtootvet", "yt hf,jnftn": Russian on Latin keys
    if lang == "en" and looks_like_pinyin(text):
        return "zh"  # "mima wangle zenme chongzhi": Chinese without a Chinese keyboard
    if lang == "ru" and looks_like_english_on_russian_layout(text):
        return "en"  # "щгедщщл тще цщклштп": English typed with the Russian layout on
    return lang


def customer_language(text: str, configured: str | None) -> str:
    """The language to answer in: the customer's configured one, unless the message is
    clearly written in another of ours. A message mixing scripts (a Russian word and a
    pasted English error) counts as the configured language."""
    configured = normalize_lang(configured)
    clear = clear_language(text)
    if configured == "ru" and clear in ("en", "zh") and translit_hits(text) >= 1:
        # A Russian speaker's short follow-up in Latin letters ("a na telefone?", "ne
        # pomoglo") has one Russian word only; it read as English or even as pinyin.
        return "ru"
    if clear is not None:
        return clear
    return configured or detect_language(text)


def normalize_lang(value: object) -> str | None:
    """Map front-matter spellings like "ru-RU" or "zh_CN" to a supported code."""
    if not isinstance(value, str):
        return None
    code = value.strip().lower().replace("_", "-").split("-")[0]
    return code if code in SUPPORTED else None
