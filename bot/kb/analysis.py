"""Text analysis: script-aware tokenising, Snowball stemming (en/ru), jieba for Chinese."""

from __future__ import annotations

import logging
import re
import threading
from collections import Counter
from types import ModuleType

import Stemmer

_HAN_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# A Han run, or a run of other letters/digits (underscore is not a word char for us).
_TOKEN = re.compile(rf"([{_HAN_CLASS}]+)|([^\W_{_HAN_CLASS}]+)")
_CYR = re.compile(r"[\u0400-\u04ff]")
_ASCII_DIGITS = re.compile(r"^[0-9]+$")

# Short, general stop lists written for this project: function words that carry
# no topic. Kept small on purpose — BM25's idf already damps frequent words, and
# over-eager lists hurt short questions ("how to set up" must keep "set up").


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOP_EN = _words("""
    a an the and or but if of to in on at by for with from as is are was were be been being
    am do does did doing have has had having i me my we our you your he she it its they them
    their him his her hers this that these those there here what which who whom whose when
    where why how can
    could would should will shall may might must not no yes so than too very just about into
    over also any some such only own same each both all more most other again then once s t
    don isn aren wasn weren doesn didn hasn haven hadn won wouldn shouldn couldn ll re ve let
    please
    whats hows wheres whos thats theres heres
    hi hello thanks thank
""")
STOP_RU = _words("""
    и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее
    мне было вот от меня еще нет о из ему теперь когда даже ну вдруг ли если уже или ни быть
    был него до вас нибудь опять уж вам ведь там потом себя ничего ей может они тут где есть
    надо ней для мы тебя их чем была сам чтоб без будто чего раз тоже себе под будет ж тогда
    кто этот того потому этого какой совсем ним здесь этом один почти мой тем чтобы нее сейчас
    были куда зачем всех никогда можно при наконец об другой хоть после над больше тот через
    эти нас про всего них какая много разве эту моя впрочем свою этой перед иногда чуть том
    нельзя такой им более всегда конечно всю между это также которые который которая которых
    пожалуйста здравствуйте спасибо привет
""")
STOP_ZH = _words("""
    的 了 和 是 在 我 有 就 不 都 一 一个 也 很 到 说 要 你 会 着 这 那 吗 呢 吧 啊 请 请问
    怎么 如何 什么 为什么 我们 你们 他们 可以 能 哪 哪里 怎样 么 与 及 或 把 被 让 给 对 从
""")
STOP_ALL = STOP_EN | STOP_RU | STOP_ZH

_en = Stemmer.Stemmer("english")
_ru = Stemmer.Stemmer("russian")
_stem_cache: dict[str, str] = {}
_STEM_CACHE_MAX = 500_000

_jieba_lock = threading.Lock()
_jieba: ModuleType | None = None  # jieba has no type hints
log = logging.getLogger(__name__)


def _get_jieba() -> ModuleType:
    """Import and initialise jieba once, silencing its start-up chatter on stderr."""
    global _jieba
    if _jieba is None:
        with _jieba_lock:
            if _jieba is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)
                jieba.initialize()
                _jieba = jieba
    return _jieba


def jieba_loaded() -> bool:
    """Whether the Chinese segmenter has been initialised in this process."""
    return _jieba is not None


def _stem(word: str) -> str:
    """Stem one lowercase word with the stemmer of its script; memoised because
    vocabularies are small compared to token streams."""
    s = _stem_cache.get(word)
    if s is None:
        if _ASCII_DIGITS.match(word):
            s = word
        elif _CYR.search(word):
            s = _ru.stemWord(word)
        else:
            s = _en.stemWord(word)
        if len(_stem_cache) < _STEM_CACHE_MAX:
            _stem_cache[word] = s
    return s


MAX_HAN_RUN = 200  # characters segmented at once; real sentences break at punctuation
MAX_WORD_CHARS = 64  # longer "words" (hashes, base64, runs of one letter) are not indexed


def _han_words(run: str, search: bool = True) -> list[str]:
    """Segment a run of Chinese characters into words.

    ``search`` (indexing): words and their sub-words (jieba's search mode), so the
    index holds "状况" inside "运行状况". Otherwise (questions, titles' word pairs,
    synonyms): the words alone, one term per word, as the writer meant them — a
    question's sub-words would count each match two to four times and say a
    four-character word is four words ("运行状况" -> 运行, 行状, 状况, 运行状况).
    A question word the KB never uses whole is split into the KB's words later
    (``query.han_pieces``).

    A run is cut into slices of MAX_HAN_RUN first: prose breaks at punctuation long
    before that, and it keeps one pathological megabyte-long run from stalling jieba.
    """
    if len(run) == 1:
        return [run]
    jb = _get_jieba()
    cut = jb.cut_for_search if search else jb.cut
    return [
        w
        for i in range(0, len(run), MAX_HAN_RUN)
        for w in cut(run[i : i + MAX_HAN_RUN])
        if w.strip()
    ]


def han_subwords(word: str) -> list[str]:
    """The dictionary words inside a Chinese word (jieba's search mode), without it."""
    if len(word) < 3 or not _HAS_HAN.match(word):
        return []
    return [w for w in _get_jieba().cut_for_search(word) if w != word and len(w) > 1]


_WORD = re.compile(rf"[^\W_{_HAN_CLASS}]+")
_HAS_HAN = re.compile(f"[{_HAN_CLASS}]")
_SKIP = ""  # marker in the term cache: the word is a stop word / noise


def raw_tokens(text: str, search: bool = True) -> list[str]:
    """Lowercase word tokens before stemming; Chinese runs are segmented (with
    their sub-words when ``search``: see :func:`_han_words`)."""
    text = text.lower().replace("ё", "е")
    if not _HAS_HAN.search(text):
        return _WORD.findall(text)
    out: list[str] = []
    for han, word in _TOKEN.findall(text):
        if word:
            out.append(word)
        else:
            out.extend(_han_words(han, search))
    return out


_term_cache: dict[str, str] = {}


def _term(word: str) -> str:
    """Index term of a raw word, or "" if it is a stop word or a lone letter."""
    t = _term_cache.get(word)
    if t is None:
        if (
            word in STOP_ALL
            or len(word) > MAX_WORD_CHARS
            or (len(word) == 1 and not word.isdigit() and not ("\u3400" <= word <= "\ufaff"))
        ):
            t = _SKIP
        else:
            t = _stem(word)
        if len(_term_cache) < _STEM_CACHE_MAX:
            _term_cache[word] = t
    return t


_chunk_cache: dict[str, tuple[str, ...]] = {}


def chunk_terms(chunk: str) -> tuple[str, ...]:
    """Terms of one whitespace-separated chunk (already lowercased), memoised."""
    terms = _chunk_cache.get(chunk)
    if terms is None:
        plain = chunk.isalnum() and not _HAS_HAN.search(chunk)
        words = [chunk] if plain else raw_tokens(chunk)
        terms = tuple(t for t in map(_term, words) if t)
        if len(_chunk_cache) < _STEM_CACHE_MAX:
            _chunk_cache[chunk] = terms
    return terms


def chunks(text: str) -> Counter[str]:
    """Whitespace-separated chunks of ``text``, normalised (lowercase, ё → е), counted.

    Indexing works on these rather than on words: Python's regex engine is slow on
    non-ASCII text (~5 MB/s on Cyrillic), so text is split on whitespace (C speed),
    the chunks are counted, and only distinct chunks go through the tokenizer
    (:func:`chunk_terms`, memoised across documents). Indexing cost then grows with
    the number of distinct chunks, not with text length.
    """
    return Counter(text.lower().replace("ё", "е").split())


def analyze(text: str) -> list[str]:
    """Stemmed terms of ``text`` in order (stop words dropped), Chinese as whole words:
    used for questions, synonyms and the word pairs of titles and aliases."""
    return [t for t in map(_term, raw_tokens(text, search=False)) if t]


def han_segments(run: str) -> list[str]:
    """A run of Chinese characters cut into words as a question is (no sub-words)."""
    return _han_words(run, search=False)


def in_han_dictionary(word: str) -> bool:
    """Is ``word`` a word of the segmenter's dictionary (a real Chinese word)?"""
    return bool(_get_jieba().dt.FREQ.get(word))
