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

# Words frequent in Russian and not English words (no "i", "a", "u", "do", "on", "net").
_SMALL_WORDS = """
    kak ne na v chto shto eto mozhno nado nuzhno pochemu gde kogda nas nam menya mne vy vam
    vas pishet pishut rabotaet rabotayet ili dlya uzhe tolko est kto zhe li bez ochen vse vsem
    vsekh vseh posle pri ego ee ikh ih tak seychas sejchas pomogite pozhaluysta
    pozhalujsta pozhaluista spasibo privet segodnya vchera budet byl byla bylo mogu mozhet
    hochu khochu nelzya prihodit prikhodit vhodit vkhodit kakoy kakaya kakie kakoi skolko
    chtoby chtob kuda zachem otkuda togda tozhe eshche eshe esli davno nikak pochti srazu
    ot iz zabyl zabyla poteryal poteryala
"""
_RUSSIAN_WORDS = frozenset(_SMALL_WORDS.split())
MIN_HITS = 2  # Russian words a message needs to count as Russian in Latin letters
_WORD = re.compile(r"[A-Za-z0-9']+|[^A-Za-z0-9']+")
# Longest first; the common spellings (GOST-like, "phone" style with h and y).
_MULTI = [
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
_END = [("iy", "ий"), ("yy", "ый"), ("ii", "ий"), ("oy", "ой"), ("oi", "ой"), ("ay", "ай")]
_ONE = str.maketrans(
    {
        "a": "а", "b": "б", "v": "в", "g": "г", "d": "д", "e": "е", "z": "з", "i": "и",
        "j": "й", "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "r": "р",
        "s": "с", "t": "т", "u": "у", "f": "ф", "h": "х", "c": "ц", "y": "ы", "w": "в",
        "x": "кс", "q": "к", "'": "ь",
    }
)  # fmt: skip


def looks_like_translit(text: str) -> bool:
    """Is ``text`` Russian written in Latin letters? It takes two of Russian's small
    words (``kak``, ``ne``, ``v``, ``mozhno``) and no Cyrillic at all."""
    if re.search(r"[\u0400-\u04ff]", text):
        return False
    words = re.findall(r"[a-z]+", text[:1500].lower())
    return sum(w in _RUSSIAN_WORDS for w in words) >= MIN_HITS


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


def to_cyrillic(text: str, keep: Callable[[str], bool]) -> str:
    """``text`` with every Latin word spelled in Cyrillic, except those ``keep`` says to
    leave (the product names and codes the KB knows); Russian's small words always go."""
    out = []
    for piece in _WORD.findall(text):
        if re.fullmatch(r"[A-Za-z']+", piece):  # not a code such as caa20002
            lower = piece.lower()
            if lower in _RUSSIAN_WORDS or not keep(piece):
                out.append(word_to_cyrillic(piece))
                continue
        out.append(piece)
    return "".join(out)


def spelled_for_search(query: str, vocabulary: Mapping[str, int]) -> str:
    """``query`` as the search should read it: Russian typed in Latin letters spelled in
    Cyrillic, the words the KB knows in Latin (``vocabulary``: its analysed terms) kept."""
    if not looks_like_translit(query):
        return query

    def known(word: str) -> bool:
        terms = analyze(word)
        return bool(terms) and all(term in vocabulary for term in terms)

    return to_cyrillic(query, known)
