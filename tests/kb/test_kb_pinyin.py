"""Chinese typed in pinyin without tones is read in characters and answered in Chinese."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bot.kb import KnowledgeBase
from bot.kb.lang import customer_language
from bot.kb.pinyin import PinyinReader, looks_like_pinyin


@pytest.fixture()
def kb(tmp_path: Path, kb_page: Callable[[Path, str, str, str, str], None]) -> KnowledgeBase:
    page = kb_page
    page(
        tmp_path,
        "reset.md",
        "Reset a forgotten password",
        "en",
        "Forgot your password? Reset it yourself with your phone number.",
    )
    page(
        tmp_path,
        "zh/reset.md",
        "忘记密码后自助重置",
        "zh",
        "忘记密码了？用绑定的手机号自助重置密码。",
    )
    page(
        tmp_path,
        "fapiao.md",
        "Request a fapiao",
        "en",
        "Send us the company name and tax number; we issue the fapiao within five days.",
    )
    page(
        tmp_path,
        "zh/fapiao.md",
        "申请发票",
        "zh",
        "把公司名称和税号发给我们，发票五个工作日内开出。",
    )
    return KnowledgeBase.from_directory(tmp_path, semantic=False)  # fmt: skip


@pytest.mark.parametrize(
    ("typed", "article"),
    [
        ("mima wangle zenme chongzhi a, shouji ye mei bang", "zh/reset.md"),
        ("fapiao shenme shihou kai", "zh/fapiao.md"),
        ("shuihao fa gei shei", "zh/fapiao.md"),
    ],
)
def test_pinyin_is_answered_from_the_chinese_article(
    kb: KnowledgeBase, typed: str, article: str
) -> None:
    assert customer_language(typed, "en") == "zh"
    answer = kb.answer(typed)
    assert answer.best is not None and answer.best.article_id == article
    assert answer.query == typed  # a ticket opened from it keeps what the customer typed


def test_every_reading_of_a_polyphonic_character_is_heard() -> None:
    # 重 reads chong in 重置 (reset) and zhong in 重要; either spelling finds the word
    reader = PinyinReader([("重置", 3.0), ("密码", 5.0)])
    assert reader.to_hanzi("mima chongzhi") == "密码 重置"
    assert reader.to_hanzi("mimachongzhi") == "密码重置"


def test_the_word_in_more_articles_wins_a_shared_sound() -> None:
    reader = PinyinReader([("手机", 40.0), ("收集", 2.0)])
    assert reader.to_hanzi("shouji") == "手机"


def test_words_no_term_spells_stay_as_typed() -> None:
    reader = PinyinReader([("密码", 5.0)])
    assert reader.to_hanzi("mima xyz 123 qwerty") == "密码 xyz 123 qwerty"


def test_a_product_name_amid_pinyin_stays_and_still_counts_as_chinese() -> None:
    assert customer_language("outlook dengbushang le", "en") == "zh"
    assert customer_language("teams lianbushang", "en") == "zh"


@pytest.mark.parametrize(
    "english",
    [
        "is outlook down for everyone",
        "Open License",
        "women manage change",
        "he can ping me",
        "see you guide page",
        "resending",
        "shanghai office vpn slow",
        "banana",
        "long hang time",
    ],
)
def test_english_is_not_mistaken_for_pinyin(english: str) -> None:
    assert not looks_like_pinyin(english)
    assert customer_language(english + " please", "en") == "en"


def test_russian_in_latin_letters_stays_russian() -> None:
    assert not looks_like_pinyin("kak vklyuchit avtootvet v outlook")
    assert customer_language("kak vklyuchit avtootvet v outlook", "en") == "ru"
