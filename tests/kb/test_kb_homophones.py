"""A Chinese question with the wrong homophone picked in the input method ("怎么提公单"
for "怎么提工单") still finds the article that uses the word meant."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bot.kb import KnowledgeBase
from bot.kb.homophones import homophone_fixes, suspects
from bot.kb.pinyin import readings


@pytest.fixture()
def kb(tmp_path: Path, kb_page: Callable[[Path, str, str, str, str], None]) -> KnowledgeBase:
    kb_page(tmp_path, "zh/ticket.md", "怎么提交工单", "zh", "在聊天里说明问题，我们会开工单。")
    kb_page(tmp_path, "zh/status.md", "查看工单进度", "zh", "工单编号可以查询处理进度。")
    kb_page(tmp_path, "zh/docs.md", "开户需要提供的资料", "zh", "请提供营业执照和联系人。")
    kb_page(tmp_path, "zh/box.md", "邮箱满了怎么办", "zh", "邮箱容量满了可以开启存档。")
    kb_page(tmp_path, "zh/box2.md", "共享邮箱", "zh", "几个人一起用一个邮箱。")
    return KnowledgeBase.from_directory(tmp_path, semantic=False)


def test_a_slip_of_the_input_method_finds_the_word_meant(kb: KnowledgeBase) -> None:
    answer = kb.answer("怎么提公单")  # 公单 (gōngdān) for 工单: no article says 公单
    assert answer.best is not None and answer.best.article_id in {"zh/ticket.md", "zh/status.md"}
    full = kb.answer("邮相满了怎么办")  # 邮相 (yóuxiāng) for 邮箱
    assert full.best is not None and full.best.article_id == "zh/box.md"
    assert full.query == "邮相满了怎么办"  # the ticket keeps what the customer typed


def test_words_of_their_own_are_not_taken_for_slips(kb: KnowledgeBase) -> None:
    known = kb.vocab.ids
    # 他们/它们 and 那里/哪里 are grammar, not slips; 十点 (ten o'clock) is a word
    # though it sounds like 试点; 能不能 holds 能不, which sounds like 能否
    for text in ("他们没有账号", "晚上十点邮箱用不了", "能不能开发票", "去那里看"):
        assert suspects(text, known) == [], text


def test_only_a_word_many_articles_use_is_offered() -> None:
    sounds = {"gongdan": (40.0, "工单"), "tigong": (3.0, "提供")}

    def word_for_sound(sound: str) -> tuple[float, str] | None:
        return sounds.get(sound)

    # in 100 Chinese articles, 提供 in three is too rare a guess; 工单 in forty is not
    assert homophone_fixes(["提公", "公单"], word_for_sound, readings, 100) == ["工单"]
    # two characters off is another word, not one slip
    assert homophone_fixes(["公蛋"], lambda s: (40.0, "工单"), readings, 100) == []
