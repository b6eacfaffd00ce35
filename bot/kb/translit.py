"""Russian typed in Latin letters ("kak vklyuchit avtootvet v outlook").

People on a phone without a Russian keyboard, or on a borrowed laptop in China, write
Russian in Latin letters. Read as English it matches nothing, and the reply comes in
English. :func:`looks_like_translit` tells such a message by its small words (``kak``,
``ne``, ``mozhno``: common in Russian, absent from English chat), and :func:`to_cyrillic`
spells the Russian words back in Cyrillic for the search, keeping the words the KB knows
in Latin (``outlook``, ``teams``, ``caa20002``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from .analysis import analyze
from .layout import (
    looks_like_english_on_russian_layout,
    looks_like_wrong_layout,
    retyped,
    retyped_part,
)

# Words frequent in Russian and not English words (no "i", "a", "u", "do", "on", "net").
_SMALL_WORDS = """
    kak ne na v chto shto eto mozhno nado nuzhno pochemu gde kogda nas nam menya mne vy vam
    vas pishet pishut rabotaet rabotayet ili dlya uzhe tolko est kto zhe bez ochen vse vsem
    vsekh vseh posle pri ego ee ikh ih tak seychas sejchas pomogite pozhaluysta
    pozhalujsta pozhaluista spasibo privet segodnya vchera budet byl byla bylo mogu mozhet
    hochu khochu nelzya prihodit prikhodit vhodit vkhodit kakoy kakaya kakie kakoi skolko
    chtoby chtob kuda zachem otkuda togda tozhe eshche eshe esli davno nikak pochti srazu
    ot iz zabyl zabyla poteryal poteryala
    dolgo utrom vecherom nochyu minut minuty chasa chasov dney nedelyu opyat snova sovsem
    voobshche normalno plokho khorosho horosho medlenno bystro vsegda inogda potom teper
    moy moya moi moego nash nasha nashi nashego svoy svoi
    pochta pochtu pochty parol parolya oshibka oshibku oshibki pismo pisma pisem ekran
    kompyuter komp noutbuk uchetka uchetku uchetnaya akkaunt sotrudnik sotrudnika sotrudniki
    podpiska podpisku litsenziya litsenzii schet scheta oplata oplatu oplatit
    zavisaet tormozit vyletaet otkryvaetsya otkryt zagruzhaetsya gruzitsya voyti vojti zayti
    zaiti nastroit ustanovit skachat smenit sbrosit udalit dobavit otpravit poluchit
    podklyuchit podklyuchitsya vosstanovit prishlo prishel prishla vidit vizhu
"""
_RUSSIAN_WORDS = frozenset(_SMALL_WORDS.split())
_REFLEXIVE = re.compile(r"..(?:tsya|tsa|sya|sja|tsja)$")  # -ться, -тся, -ся
# Endings of Russian words that no English chat word has: -ию/-ью (versiyu), -ение/-ание
# (obnovlenie), -ает/-яет (zavisaet), -уют/-ят, -ого, -ых/-их, -овать, -уйте.
_RUSSIAN_ENDING = re.compile(
    r"...(?:iyu|[^o]yu|eni[ey]|ani[ey]|eniya|aniya|aet|ayet|yaet|uyut|yat|ogo|ykh|ovat|ivat"
    r"|uyte|ayte|iyte)$"
)
MIN_HITS = 2  # Russian words a message needs to count as Russian in Latin letters
_WORD = re.compile(r"[A-Za-z0-9']+|[^A-Za-z0-9']+")
# Longest first; the common spellings (GOST-like, "phone" style with h and y).
_MULTI = [
    ("tsya", "тся"),  # reflexive verbs: "otkryvaetsya" is открывается, not открываеця
    ("tsja", "тся"),
    ("shch", "щ"),
    ("sch", "сч"),
    ("zh", "ж"),
    ("kh", "х"),
    ("ch", "ч"),
    ("sh", "ш"),
    ("ts", "ц"),
    ("ya", "я"),
    ("ja", "я"),
    ("yu", "ю"),
    ("ju", "ю"),
    ("yo", "е"),
    ("jo", "е"),
    ("ye", "е"),
]
_END = [
    ("iy", "ий"), ("yy", "ый"), ("yi", "ый"), ("ii", "ий"),
    ("oy", "ой"), ("oi", "ой"), ("ay", "ай"),
]  # fmt: skip
_ONE = str.maketrans(
    {
        "a": "а", "b": "б", "v": "в", "g": "г", "d": "д", "e": "е", "z": "з", "i": "и",
        "j": "й", "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "r": "р",
        "s": "с", "t": "т", "u": "у", "f": "ф", "h": "х", "c": "ц", "y": "ы", "w": "в",
        "x": "кс", "q": "к", "'": "ь",
    }
)  # fmt: skip


def looks_like_translit(text: str) -> bool:
    """Is ``text`` Russian written in Latin letters? It takes two of Russian's frequent
    chat words (``kak``, ``ne``, ``v``, ``mozhno``, ``pochtu``), reflexive verbs
    (``gruzitsya``) or words with Russian endings (``versiyu``, ``obnovlenie``: no English
    word ends so), and no Cyrillic at all."""
    return translit_hits(text) >= MIN_HITS  # two different ones: "v=spf1 ... v=spf1" is no Russian


def translit_hits(text: str) -> int:
    """How many different Russian words (small words, reflexive verbs, Russian endings)
    a message in Latin letters holds; 0 when it has any Cyrillic."""
    if re.search(r"[\u0400-\u04ff]", text):
        return 0
    tokens = re.findall(r"[a-z0-9']+", text[:1500].lower())
    words = [t for t in tokens if t.isalpha()]  # not the letters of a code ("caa82ee2")
    hits = {
        w for w in words if w in _RUSSIAN_WORDS or _REFLEXIVE.search(w) or _RUSSIAN_ENDING.search(w)
    }
    return len(hits)


def word_to_cyrillic(word: str) -> str:
    """One Latin-spelled Russian word in Cyrillic (``vklyuchit`` -> ``включит``)."""
    w = word.lower()
    for latin, cyr in _END:
        if w.endswith(latin) and len(w) > 3:
            w = w[: -len(latin)] + "\0" + cyr  # "\0" keeps the ending from the rules below
            break
    for latin, cyr in _MULTI:
        w = w.replace(latin, cyr)
    return w.translate(_ONE).replace("\0", "")


def to_cyrillic(
    text: str, keep: Callable[[str], bool], known: Callable[[str], bool] | None = None
) -> str:
    """``text`` with every Latin word spelled in Cyrillic, except those ``keep`` says to
    leave (the product names and codes the KB knows); Russian's small words always go.
    With ``known`` (is a Cyrillic word in the KB?), a spelling the KB does not know is
    respelled where Latin letters lose a distinction (:func:`respelled`)."""
    out = []
    for piece in _WORD.findall(text):
        if re.fullmatch(r"[A-Za-z']+", piece):  # not a code such as caa20002
            lower = piece.lower()
            if lower in _RUSSIAN_WORDS or not keep(piece):
                cyrillic = word_to_cyrillic(piece)
                out.append(respelled(cyrillic, known) if known is not None else cyrillic)
                continue
        out.append(piece)
    return "".join(out)


# What Latin letters blur: the soft sign, й and и, э and е, щ and ш or сч. People type
# "tolko", "voiti", "eto", "obshiy", "yaschik" for только, войти, это, общий, ящик.
_VOWELS = "аеёиоуыэюя"
_SOFTENED = "бвдзлмнпрстфц"


def _one_edit(word: str) -> list[str]:
    """Spellings one blurred distinction away from ``word``, likeliest first."""
    out = []
    if word.startswith("е"):
        out.append("э" + word[1:])
    for i, ch in enumerate(word):
        after = word[i + 1] if i + 1 < len(word) else ""
        if ch in _SOFTENED and (not after or after not in _VOWELS + "ь"):
            out.append(word[: i + 1] + "ь" + word[i + 1 :])  # tolko, sdelat
        if ch in "иы" and i > 0 and word[i - 1] in _VOWELS:
            out.append(word[:i] + "й" + word[i + 1 :])  # voiti, sait, англиыский
        if ch == "ш":
            out.append(word[:i] + "щ" + word[i + 1 :])  # obshiy
        if word.startswith("сч", i):
            out.append(word[:i] + "щ" + word[i + 2 :])  # yaschik
    return out


def respelled(word: str, known: Callable[[str], bool]) -> str:
    """``word`` (Cyrillic spelled from Latin letters) as the KB spells it: itself if the
    KB knows it, else the first spelling one or two blurred distinctions away that the
    KB knows ("ясчик" -> "ящик", "болшой" -> "большой"), else unchanged. Only long enough words
    are tried: a short one has too many neighbours."""
    if len(word) < 3 or not word.isalpha() or known(word):
        return word
    first = _one_edit(word)
    for candidate in first:
        if known(candidate):
            return candidate
    for candidate in first:
        for second in _one_edit(candidate):
            if known(second):
                return second
    return word


def spelled_for_search(query: str, vocabulary: Mapping[str, int]) -> str:
    """``query`` as the search should read it: Russian typed in Latin letters spelled in
    Cyrillic, text typed on the wrong keyboard layout retyped (:mod:`.layout`), the
    words the KB knows in Latin (``vocabulary``: its analysed terms) kept."""

    def known(word: str) -> bool:
        terms = analyze(word)
        return bool(terms) and all(term in vocabulary for term in terms)

    if looks_like_wrong_layout(query) or looks_like_english_on_russian_layout(query):
        return retyped(query, known)
    if not looks_like_translit(query):
        return retyped_part(query, known)  # "pf,sk gfhjkm jn extnrb как восстановить"
    return to_cyrillic(query, known, known)
