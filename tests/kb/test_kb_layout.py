"""Russian typed with the keyboard left on the English layout is read as the Russian
its writer meant ("rfr drk.xbnm fdnjjndtn" is "как включить автоответ")."""

from __future__ import annotations

import pytest

from bot.kb import KnowledgeBase
from bot.kb.lang import customer_language
from bot.kb.layout import looks_like_wrong_layout, retyped, retyped_part

RUSSIAN_KEYS = "ёйцукенгшщзхъфывапролджэячсмитьбю.,"
LATIN_KEYS = "`qwertyuiop[]asdfghjkl;'zxcvbnm,./?"  # the Russian comma is Shift and "/"


def on_latin_layout(russian: str) -> str:
    """What ``russian`` looks like typed with the English layout on (built here key by
    key from a standard keyboard chart, not from the module under test)."""
    return russian.translate(str.maketrans(RUSSIAN_KEYS, LATIN_KEYS))


@pytest.mark.parametrize(
    ("russian", "article"),
    [
        ("как включить автоответ в отпуске", "ru/ooo.md"),
        ("не приходит смс с кодом, я в роуминге", "ru/mfa.md"),
    ],
)
def test_russian_on_the_latin_layout_is_answered_from_the_russian_article(
    bilingual_kb: KnowledgeBase, russian: str, article: str
) -> None:
    typed = on_latin_layout(russian)
    assert customer_language(typed, "en") == "ru"
    answer = bilingual_kb.answer(typed)
    assert answer.best is not None and answer.best.article_id == article
    assert answer.query == typed  # the ticket keeps what the customer typed


def test_a_product_name_typed_in_latin_on_purpose_stays_readable() -> None:
    typed = "outlook " + on_latin_layout("не работает с утра")
    assert retyped(typed, keep=lambda word: word == "outlook") == "outlook не работает с утра"


def test_a_whole_sentence_is_retyped() -> None:
    typed = on_latin_layout("не могу войти в почту, пишет что-то про сеть")
    assert typed == "yt vjue djqnb d gjxne? gbitn xnj-nj ghj ctnm"
    assert retyped(typed) == "не могу войти в почту, пишет что-то про сеть"


@pytest.mark.parametrize(
    "english",
    [
        "is outlook down for everyone",
        "ssd vs hdd for the sql vm",
        "check dns and smtp for the vpn",
        "the kb article says to restart",
        "yt link does not play in teams",
        "pls check mx and spf, dkim",
        "the drive d is full",
        "cvc on my card was rejected",
    ],
)
def test_english_is_not_mistaken_for_the_wrong_layout(english: str) -> None:
    assert not looks_like_wrong_layout(english)
    assert customer_language(english, "en") == "en"


def on_russian_layout(english: str) -> str:
    """What ``english`` looks like typed with the Russian layout on."""
    return english.translate(str.maketrans(LATIN_KEYS, RUSSIAN_KEYS))


def test_english_typed_on_the_russian_layout_is_answered_in_english(
    bilingual_kb: KnowledgeBase,
) -> None:
    typed = on_russian_layout("how to turn on automatic replies in outlook")
    assert typed.startswith("рщц ещ егкт")
    assert customer_language(typed, "ru") == "en"  # even for a customer set to Russian
    best = bilingual_kb.answer(typed).best
    assert best is not None and best.article_id == "ooo.md"
    assert retyped(typed) == "how to turn on automatic replies in outlook"


@pytest.mark.parametrize(
    "russian",
    ["не могу войти в почту", "аутлук висит с утра", "тимс не грузится", "ещё одна ошибка"],
)
def test_russian_is_not_mistaken_for_english_on_the_russian_layout(russian: str) -> None:
    assert retyped(russian) == russian
    assert customer_language(russian, "en") == "ru"


def test_a_message_that_switches_layout_halfway_is_answered_from_the_russian_article(
    bilingual_kb: KnowledgeBase,
) -> None:
    typed = on_latin_layout("не приходит смс") + " что делать"
    assert typed.startswith("yt ghb")
    answer = bilingual_kb.answer(typed)
    assert answer.best is not None and answer.best.article_id == "ru/mfa.md"


KNOWN = {"пароль", "учетки", "забыл", "виртуалка", "outlook", "teams"}


def test_the_wrong_layout_words_of_a_mixed_message_are_retyped() -> None:
    typed = on_latin_layout("забыл пароль от учетки") + " как восстановить"
    assert typed == "pf,sk gfhjkm jn extnrb как восстановить"
    assert retyped_part(typed, KNOWN.__contains__) == "забыл пароль от учетки как восстановить"
    # one long word the KB knows is enough, and the unknown word beside it goes too
    typed = on_latin_layout("виртуалка тупит") + ", цпу под 100"
    assert retyped_part(typed, KNOWN.__contains__) == "виртуалка тупит, цпу под 100"


@pytest.mark.parametrize(
    "mixed",
    [
        "не могу войти в outlook, пишет AADSTS50126 error validating credentials",
        "Anna Petrova из бухгалтерии не может войти",
        "проблема с Kingsoft WPS и Dingtalk после обновления",
        "ошибка Something went wrong [1001] в teams",
        "через vpn не открывается sharepoint",
    ],
)
def test_latin_words_typed_on_purpose_in_a_russian_message_stay(mixed: str) -> None:
    assert retyped_part(mixed, KNOWN.__contains__) == mixed


def test_a_stray_cyrillic_letter_does_not_hide_the_wrong_layout() -> None:
    # "ё" typed after switching: the rest is still Russian on the Latin keys
    typed = on_latin_layout("звонки в тимс вс") + "ё " + on_latin_layout("время зависают")
    assert customer_language(typed, "en") == "ru"
    assert retyped(typed) == "звонки в тимс всё время зависают"
    english = "please check ошибка in outlook when sending mail"
    assert customer_language(english, "en") == "en" and retyped(english) == english


@pytest.mark.parametrize(
    "russian",
    [
        "виртуалка недоступна",
        "сервер недоступен",
        "лицензия просрочена",
        "доступ к сайту закрыт",
        "тимс лежит",  # a blind set's "nbvc kt;bn?" got an English "not sure"
        "аутлук висит",
    ],
)
def test_wrong_layout_without_a_small_word_is_still_russian(russian: str) -> None:
    # a walk-through's "dbhnefkrf ytljcnegyf" got an English "not sure": no "не", no "как"
    typed = on_latin_layout(russian)
    assert customer_language(typed, "en") == "ru"
    assert retyped(typed) == russian


@pytest.mark.parametrize(
    "english",
    ["server unavailable", "license expired yesterday", "access denied to the site"],
)
def test_english_support_words_are_not_taken_for_the_wrong_layout(english: str) -> None:
    assert customer_language(english, "en") == "en" and retyped(english) == english
