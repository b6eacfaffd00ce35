"""Two sentences side by side: a space in English and Russian, none after Chinese 。！？,
and one blank line (not two) after a service-trouble notice."""

from __future__ import annotations

import pytest

from bot.adapters.slack.render import SlackRenderer
from bot.adapters.telegram.render import TelegramRenderer
from bot.messages import Reply
from bot.rendering import Renderer
from bot.rendering.sentences import join_sentences

TROUBLE = [{"name": "Exchange Online", "state": "major_outage", "note": ""}]
CLOSEST = {"closest": [{"url": "", "title": "Reset a password"}], "best": None}


def test_sentences_are_joined_the_way_their_language_writes_them() -> None:
    assert join_sentences(["It is open.", "Reply /yes."]) == "It is open. Reply /yes."
    assert join_sentences(["转给工程师。", "如有帮助"]) == "转给工程师。如有帮助"
    assert join_sentences(["好！", "", "  再见？ ", "谢谢"]) == "好！再见？谢谢"
    assert join_sentences(["处理中", "（SLA 计时已暂停）"]) == "处理中（SLA 计时已暂停）"
    assert join_sentences(["*已解决。*", "<i>回复</i>"]) == "*已解决。*<i>回复</i>"
    assert join_sentences(["Решена.", "Ответьте /yes."]) == "Решена. Ответьте /yes."


def test_a_chinese_reply_has_no_space_between_its_sentences() -> None:
    unsure = Reply(kind="kb_unsure", data={"answer": CLOSEST, "troubles": []}, lang="zh")
    text = Renderer("console").render(unsure)
    assert text.endswith("我可以把您的问题转给工程师。回复 /engineer 将问题转给工程师。")
    assert "。 " not in text
    unknown = Reply(kind="unknown_command", data={"command": "/foo"}, lang="zh")
    assert Renderer("console").render(unknown) == "我不认识命令 /foo。输入 /help 查看我能做什么。"
    english = Reply(kind="unknown_command", data={"command": "/foo"}, lang="en")
    assert "/foo. Type /help" in Renderer("console").render(english)


@pytest.mark.parametrize("kind", ["kb_unsure", "kb_answer"])
@pytest.mark.parametrize(
    "render",
    [Renderer("console").render, SlackRenderer().text, TelegramRenderer().render],
    ids=["console", "slack", "telegram"],
)
def test_one_blank_line_after_the_incident_notice(kind: str, render) -> None:
    answer = {
        **CLOSEST,
        "best": {"title": "Reset a password", "section": "", "url": ""},
        "excerpt": "Open the portal.",
        "see_also": [],
    }
    reply = Reply(kind=kind, data={"answer": answer, "troubles": TROUBLE}, lang="en")
    text = render(reply)
    assert "major outage" in text and "\n\n\n" not in text
    first, blank, after = text.split("\n")[:3]
    assert "major outage" in first and blank == "" and after
