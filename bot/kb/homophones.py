"""Chinese typed with the wrong homophone ("怎么提公单" for "怎么提工单").

A pinyin input method offers every character of a sound; a hurried pick of the wrong
one gives 公单 for 工单, 登陆 for 登录, 邮相 for 邮箱, 发漂 for 发票. The words are
then ones the knowledge base never uses, and the question finds nothing. The sound is
still right: :func:`suspects` picks the words the question was cut into that neither
the KB nor the dictionary knows, and :func:`homophone_fixes` gives, for each that
sounds exactly like a word the KB uses a lot, with one character different and the
others the same (a typo changes one pick), that word. The search reads it beside what
was typed (a wrong guess adds a word; it does not take one away).

Only the cut words are tried, never any two neighbouring characters: "能不能" holds
"能不", which sounds like 能否, and "是不是" holds 是否 the same way. A word that is no
word at all ("提公单", "邮相满") is tried piece by piece.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Iterator

from .analysis import analyze, han_segments, in_han_dictionary

_HAN_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")
# The word meant must be one the Chinese articles use a lot: in this share of them at
# least. Measured on 1,116 Chinese questions: the slips (工单, 邮箱, 同步, 权限, 共享,
# 邮件) were in a fifth or more of the articles; the false sounds (折算, 还会, 能手,
# 签发: phrases the cut glued together) in an eighth or fewer.
MIN_SHARE = 0.15
SHORTEST, LONGEST = 2, 4  # characters of a word tried
# Characters that swap with a same-sounding one by grammar, not by a slip: 那/哪
# ("那种", "哪种"), 他/她/它, 的/地/得, 在/再, 做/作. A word differing only there is
# another word, not a typo.
_GRAMMAR_TWINS = frozenset("那哪他她它的地得在再做作")


def suspects(text: str, known: Container[str]) -> list[str]:
    """The words of ``text``'s Chinese that may be slips: cut words (or pieces of a cut
    word that is no word) the KB does not know, that are no dictionary word either and
    not a function word. Cheap: most questions have none, and the pinyin of the KB's
    words (a second or more to build) is only needed when one has."""
    found: list[str] = []
    for run in _HAN_RUN.findall(text):
        covered = _known_spans(run, known)
        for start, piece in _pieces(han_segments(run)):
            if piece in known or piece in found:
                continue
            if covered & set(range(start, start + len(piece))):
                continue
            if in_han_dictionary(piece) or not analyze(piece):  # "十点", "他们"
                continue
            found.append(piece)
    return found


def homophone_fixes(
    pieces: list[str],
    word_for_sound: Callable[[str], tuple[float, str] | None],
    readings: Callable[[str], list[str]],
    articles: int,
) -> list[str]:
    """The KB words the suspect ``pieces`` sound like, one character off.

    ``word_for_sound``: the commonest KB word for a toneless pinyin spelling, with the
    number of articles holding it; ``readings``: a word's toneless spellings;
    ``articles``: how many articles are in Chinese."""
    least = max(2.0, MIN_SHARE * articles)
    fixes: list[str] = []
    fixed: list[str] = []
    for piece in pieces:  # a whole word before its pieces: 提公单 is 提工单, not 提供
        if any(piece in longer for longer in fixed):
            continue
        word = _sounds_like(piece, word_for_sound, readings, least)
        if word is not None and word not in fixes:
            fixes.append(word)
            fixed.append(piece)
    return fixes


def _known_spans(run: str, known: Container[str]) -> set[int]:
    """Positions of ``run`` inside a word the KB knows: "提工单" holds 工单, so its
    "提工" (which sounds like 提供) is the cut falling across a word, not a typo."""
    spans: set[int] = set()
    for size in range(SHORTEST, LONGEST + 1):
        for start in range(len(run) - size + 1):
            if run[start : start + size] in known:
                spans.update(range(start, start + size))
    return spans


def _pieces(words: list[str]) -> Iterator[tuple[int, str]]:
    """What may be a mistyped word, with where it starts: a cut word, and the pieces of
    a word that is none. Single characters the cut left alone are not joined: "十点"
    cut as 十/点 sounds like 试点, "这算" like 折算 — measured on 1,116 Chinese
    questions, joined singles were wrong nine times in ten."""
    at = 0
    for word in words:
        if SHORTEST <= len(word) <= LONGEST:
            yield at, word
            if len(word) > SHORTEST and not in_han_dictionary(word):
                for size in range(len(word) - 1, SHORTEST - 1, -1):
                    for start in range(len(word) - size + 1):
                        yield at + start, word[start : start + size]
        at += len(word)


def _sounds_like(
    piece: str,
    word_for_sound: Callable[[str], tuple[float, str] | None],
    readings: Callable[[str], list[str]],
    least: float,
) -> str | None:
    for sound in readings(piece):
        hit = word_for_sound(sound)
        if hit is None:
            continue
        weight, word = hit
        if len(word) != len(piece) or weight < least:
            continue
        differ = [(a, b) for a, b in zip(word, piece, strict=True) if a != b]
        if len(differ) == 1 and not set(differ[0]) <= _GRAMMAR_TWINS:
            return word
    return None
