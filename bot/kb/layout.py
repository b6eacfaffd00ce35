"""Russian typed with the keyboard still on the English layout ("yt vjue djqnb d gjxne").

Someone who switches between English and Russian all day often types a whole Russian
sentence before noticing the layout was wrong. The keys are right, the letters are not:
"yt vjue djqnb d gjxne" is "не могу войти в почту" typed on the Latin layout. Read as
English it matches nothing. :func:`retyped` gives the Cyrillic the person meant when
the message looks like that, so the search reads it and the answer comes in Russian.

The test is the same kind as for transliteration: mapped key by key, the message must
contain Russian's small words ("не", "как", "что", "почту"), and it must not read as
English already. English mapped this way almost never yields Russian words.

Often the writer notices halfway and switches: "pf,sk gfhjkm jn extnrb как восстановить"
starts on the wrong layout and ends right. :func:`retyped_part` retypes the Latin words
of such a mixed message one by one, where key by key they are Russian words the search
knows and as typed they are not ("gfhjkm" is "пароль"; "outlook" and "AADSTS50126" stay).

The other way round happens too: "щгедщщл тще цщклштп" is "outlook not working" typed
with the Russian layout on. :func:`retyped` turns that back into Latin when, key by key,
it holds English words and the Cyrillic holds no Russian ones.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# The standard Russian ЙЦУКЕН layout against US QWERTY: the key, not the letter.
_LATIN_KEYS = "`qwertyuiop[]asdfghjkl;'zxcvbnm,./~QWERTYUIOP{}ASDFGHJKL:\"ZXCVBNM<>?"
_RUSSIAN_KEYS = "ёйцукенгшщзхъфывапролджэячсмитьбю.ЁЙЦУКЕНГШЩЗХЪФЫВАПРОЛДЖЭЯЧСМИТЬБЮ,"
_TO_RUSSIAN = str.maketrans(_LATIN_KEYS, _RUSSIAN_KEYS)
_TO_LATIN = str.maketrans(_RUSSIAN_KEYS, _LATIN_KEYS)

# Russian words frequent in support chat. Two-letter and longer ones only: a lone "d"
# ("drive d") becomes "в" and would count as a hit in English; "ли" and "мы" are left
# out too, their keys spell "kb" and "vs".
_SMALL_WORDS = """
    не на как что это можно нужно надо почему где когда нас нам меня мне вы вам вас
    пишет работает или для уже только есть кто без очень все всё после при его так
    сейчас помогите пожалуйста спасибо сегодня вчера был была было могу может хочу
    нельзя приходит входит какой какая какие сколько чтобы куда зачем тоже ещё еще
    если от из по за до про он она они то же почта почту почты пароль письмо
    письма ошибка ошибку войти зайти не могу компьютер комп ноут телефон сеть счёт счет
    что-то где-то как-то уже опять снова
    тимс аутлук ворд эксель лежит висит упал упала упало глючит тупит
"""
_RUSSIAN_SMALL = frozenset(_SMALL_WORDS.split())
# Beginnings of Russian words frequent in support chat (matched in words of five letters
# or more), for a
# wrong-layout message with none of the small words ("dbhnefkrf ytljcnegyf" is
# "виртуалка недоступна"). Key by key, English words hardly ever begin like these.
_CONTENT_STEMS = """
    виртуал недоступ тормоз зависа завис вылета лицензи подписк оплат оплач пароль парол
    учётк учетк сервер письм вложени календар собрани встреч настро установ скача удали
    удалё удале добави отправ получ сброс смени включ выключ подключ отключ ошибк работа
    доступ админ пользоват сотрудник компьют ноутбук телефон принтер интернет обновлени
    обнови продли продлен просроч отмени отмена фактур договор синхрон загруж выгруж запуск
    открыва открыт закрыва перестал перестаёт пропал пропад медлен долго недоступ блокир
    заблок разблок восстанов забыл потерял сломал зайти войти вход выход аккаунт
    почтов ящик домен облак хранилищ виртуальн машин диспетчер магазин приложени
"""
_RUSSIAN_STEMS = tuple(sorted(set(_CONTENT_STEMS.split())))
# English words frequent in support chat, for text typed with the Russian layout on.
_ENGLISH_WORDS = """
    the is are was to of in on for my it not no can cant can't how what why where when do
    does doesnt doesn't dont don't with from this that and or but you we our your me please
    help isnt isn't wont won't working work works broken down error login log sign password
    mail email outlook teams office excel word onedrive sharepoint azure account open send
"""
_ENGLISH_SMALL = frozenset(_ENGLISH_WORDS.split())
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_WORD = re.compile(r"\S+")
_LATIN = re.compile(r"[A-Za-z]")
_PUNCT_EDGE = '!?"()«»'
MIN_HITS = 2  # Russian words the mapped message needs
MIN_SHARE = 0.4  # and their share of its words
STRAY_CYRILLIC = 0.1  # Cyrillic letters allowed per Latin one in a wrong-layout message


def _words(text: str) -> list[str]:
    return [w.strip(_PUNCT_EDGE) for w in _WORD.findall(text)]


def as_russian_keys(text: str) -> str:
    """``text`` as the Russian layout would have typed it, key by key."""
    return text.translate(_TO_RUSSIAN)


def looks_like_wrong_layout(text: str) -> bool:
    """Is ``text`` Russian typed on the English layout? Hardly any Cyrillic (a stray
    letter typed after switching, "dcё", is allowed); key by key it holds at least one
    of Russian's small words ("rfr" is "как") or of its support words ("dbhnefkrf" is
    "виртуалка"), and with the words that have no Latin vowel at all ("drk.xbnm" is
    "включить": Russian vowels sit on the keys of Latin consonants) they make two or
    more and a fair share of its words."""
    sample = text[:1500]
    latin = len(_LATIN.findall(sample))
    if not latin or len(_CYRILLIC.findall(sample)) > STRAY_CYRILLIC * latin:
        return False
    words = [w for w in _words(sample) if _LATIN.search(w)]
    small = sum(_is_small_word(w) for w in words)
    content = sum(_is_content_word(w) and not _is_small_word(w) for w in words)
    vowelless = sum(
        _no_latin_vowel(w) and not _is_small_word(w) and not _is_content_word(w) for w in words
    )
    hits = small + content + vowelless
    return small + content >= 1 and hits >= MIN_HITS and hits >= MIN_SHARE * len(words)


def _is_small_word(word: str) -> bool:
    return as_russian_keys(word).lower().rstrip(".,") in _RUSSIAN_SMALL


def _is_content_word(word: str) -> bool:
    """Key by key, the beginning of a Russian support word ("dbhnefkrf" is "виртуалка")."""
    mapped = as_russian_keys(word).lower().rstrip(".,")
    return len(mapped) >= 5 and mapped.startswith(_RUSSIAN_STEMS)


def _no_latin_vowel(word: str) -> bool:
    """A word of three or more keys with no a, e, i, o, u or y and no digit: not
    English, while Russian on the Latin keys looks just like that."""
    return len(word) >= 3 and not re.search(r"[aeiouyAEIOUY0-9]", word)


def looks_like_english_on_russian_layout(text: str) -> bool:
    """Is ``text`` English typed with the Russian layout on? Cyrillic only, none of
    Russian's small words, and key by key two or more English chat words making up a
    fair share of its words ("щгедщщл тще цщклштп" is "outlook not working")."""
    sample = text[:1500]
    if _LATIN.search(sample) or not _CYRILLIC.search(sample):
        return False
    words = [w for w in _words(sample) if _CYRILLIC.search(w)]
    if any(w.lower().rstrip(".,") in _RUSSIAN_SMALL for w in words):
        return False
    hits = sum(_as_latin_keys(w).lower().rstrip(".,?") in _ENGLISH_SMALL for w in words)
    return hits >= MIN_HITS and hits >= MIN_SHARE * len(words)


def _as_latin_keys(text: str) -> str:
    return text.translate(_TO_LATIN)


def retyped(text: str, keep: Callable[[str], bool] = lambda word: False) -> str:
    """``text`` as its writer meant it when it was typed on the wrong layout: Cyrillic
    for Russian typed on the English layout, Latin for English typed on the Russian one;
    otherwise ``text`` unchanged. A word ``keep`` says was typed in Latin on purpose (a
    product name the KB knows: "outlook yt hf,jnftn") stays as it is, unless key by key
    it is one of Russian's small words."""
    if looks_like_english_on_russian_layout(text):
        return _as_latin_keys(text)
    if not looks_like_wrong_layout(text):
        return text
    out = []
    for piece in re.split(r"(\s+)", text):
        mapped = as_russian_keys(piece)
        if piece.strip() and keep(piece) and mapped.lower() not in _RUSSIAN_SMALL:
            out.append(piece)
        else:
            out.append(mapped)
    return "".join(out)


MIN_PART_HITS = 2  # Latin words of a mixed message that must retype to Russian words
LONE_HIT_LETTERS = 6  # ... unless one is this long: no English word retypes to "виртуалка"
_KEYS_ONLY = re.compile(r"[A-Za-z,.;\[\]'`<>{}:\"~]+")  # what the Russian letters sit on


def retyped_part(text: str, known: Callable[[str], bool]) -> str:
    """A message that is partly Cyrillic with its wrong-layout words retyped. A Latin
    word (letters and the punctuation keys Russian letters sit on, no digits) that
    ``known`` does not know as typed is a hit when, key by key, it is one of Russian's
    small words or a word ``known`` knows of four letters or more. Nothing changes
    unless two or more words are hits, or one of six letters or more: a short stray
    match is likelier a name or an abbreviation. Then every unknown word of a run of
    Latin words holding a hit is retyped ("dbhnefkrf negbn" is "виртуалка тупит")."""
    if not (_CYRILLIC.search(text) and _LATIN.search(text)):
        return text
    pieces = re.split(r"(\s+)", text)
    words = [i for i, piece in enumerate(pieces) if piece.strip()]
    latin = {i: _retypable(pieces[i], known) for i in words}
    hits = [i for i, mapped in latin.items() if mapped and _is_russian(mapped, known)]
    longest = max((len(latin[i] or "") for i in hits), default=0)
    if len(hits) < MIN_PART_HITS and longest < LONE_HIT_LETTERS:
        return text
    run: list[int] = []
    out = list(pieces)
    for i in [*words, -1]:  # -1 closes the last run
        if i >= 0 and latin[i]:
            run.append(i)
            continue
        if any(j in hits for j in run):
            for j in run:
                core = _core(pieces[j])
                out[j] = pieces[j].replace(core, latin[j] or core, 1)
        run = []
    return "".join(out)


def _retypable(piece: str, known: Callable[[str], bool]) -> str | None:
    """The Cyrillic a Latin word unknown as typed would be on the Russian layout."""
    core = _core(piece)
    if not core or not _KEYS_ONLY.fullmatch(core) or known(core):
        return None
    return as_russian_keys(core) or None


def _core(piece: str) -> str:
    """A word without its edge punctuation; a comma or full stop at its end is taken
    for punctuation, not for the "б"/"ю" keys (inside a word, "pf,sk", it is a key)."""
    return piece.strip(_PUNCT_EDGE).rstrip(".,")


def _is_russian(mapped: str, known: Callable[[str], bool]) -> bool:
    bare = mapped.lower()
    return bare in _RUSSIAN_SMALL or (len(bare) >= 4 and known(bare))
