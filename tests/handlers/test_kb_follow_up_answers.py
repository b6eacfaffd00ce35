"""Walkthrough (fixB, 2 Dec 2026): after an answer, a correction ("no, I meant the desktop
app on windows") or a short follow-up ("and on my phone?", "а на айфоне?", "手机上呢？")
got the very same section again, or was read with an earlier follow-up's words. Now it
quotes the section its new words are about, never the one just shown, and says so plainly
when the KB has nothing else; "is X down?" leads with what our checks see of X."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, col, select

from bot.db import create_db_engine
from bot.db.models import KbQuestion
from bot.dispatcher import Dispatcher
from bot.messages import Reply
from bot.rendering import Renderer
from tests.conftest import Say
from tests.factories import write_conversation_config, write_kb

THREAD = "1764000000.000100"
RDP = {
    "howto/vm-remote-desktop.md": """\
        ---
        title: Connect to your virtual machine with Remote Desktop
        aliases: [connect to the VM with remote desktop]
        ---
        # Connect to your virtual machine with Remote Desktop

        ## From a Windows PC

        Open the portal, choose Connect and open the downloaded RDP file.

        ## From a phone (iPhone, Android)

        Install the Windows App on the phone and add the address.

        ## From home

        Start the point-to-site VPN first, then use the private address.
        """,
    "ru/howto/vm-remote-desktop.md": """\
        ---
        title: Подключение к виртуальной машине по удалённому рабочему столу
        lang: ru
        aliases: [подключиться к ВМ по удалённому рабочему столу]
        ---
        # Подключение к виртуальной машине по удалённому рабочему столу

        ## С компьютера Windows

        Откройте портал, выберите «Подключить» и откройте скачанный RDP-файл.

        ## С телефона (айфон, андроид)

        Установите Windows App на телефон и добавьте адрес.

        ## Из дома

        Сначала включите VPN, затем используйте внутренний адрес.
        """,
    "zh/howto/vm-remote-desktop.md": """\
        ---
        title: 用远程桌面连接虚拟机
        lang: zh
        aliases: [怎么用远程桌面连接虚拟机]
        ---
        # 用远程桌面连接虚拟机

        ## 在 Windows 电脑上

        打开门户，选择连接，然后打开下载的 RDP 文件。

        ## 在手机上（iPhone、安卓）

        在手机上安装 Windows App，添加地址。

        ## 在家里

        先打开点到站点 VPN，再使用内网地址。
        """,
    "configuration/outlook-setup.md": """\
        ---
        title: Set up Outlook with your work account
        aliases: [how do I set up outlook]
        ---
        # Set up Outlook with your work account

        ## Add your account

        Open Outlook, choose Add account and sign in with your work address.
        """,
}


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    path = write_conversation_config(tmp_path)
    write_kb(tmp_path / "kb", RDP)
    return path


def _questions(dispatcher: Dispatcher) -> list[str]:
    with Session(create_db_engine(dispatcher.settings.database_url)) as session:
        rows: list[Any] = list(session.exec(select(KbQuestion).order_by(col(KbQuestion.id))))
    return [r.question for r in rows]


def _section(reply: Reply) -> str | None:
    assert reply.kind == "kb_answer", Renderer("console").render(reply)
    return reply.data["answer"].best.section


@pytest.mark.parametrize(
    ("channel", "question", "phone", "home"),
    [
        (
            "C_ACME",
            "connect to the VM with remote desktop",
            ("and on my phone?", "From a phone (iPhone, Android)"),
            ("what about from home?", "From home"),
        ),
        (
            "C_GLOBEX",
            "подключиться к ВМ по удалённому рабочему столу",
            ("а с телефона?", "С телефона (айфон, андроид)"),
            ("а из дома?", "Из дома"),
        ),
        (
            "C_HUAXIA",
            "怎么用远程桌面连接虚拟机",
            ("手机上呢？", "在手机上（iPhone、安卓）"),
            ("那在家里呢?", "在家里"),
        ),
    ],
)
def test_follow_ups_answer_the_section_of_their_platform(
    say: Say,
    dispatcher: Dispatcher,
    channel: str,
    question: str,
    phone: tuple[str, str],
    home: tuple[str, str],
) -> None:
    first = say(question, channel=channel, thread=THREAD)
    shown = _section(first)
    assert shown not in (phone[1], home[1])  # the common case first
    assert _section(say(phone[0], channel=channel, thread=THREAD)) == phone[1]
    # read with the first question, not with the phone follow-up before it
    assert _section(say(home[0], channel=channel, thread=THREAD)) == home[1]
    assert _questions(dispatcher) == [
        question,
        f"{question} {phone[0]}",
        f"{question} {phone[0]} {home[0]}",  # the ticket would read all three, in order
    ]


def test_a_correction_never_quotes_the_section_just_shown(say: Say) -> None:
    """Only one section is about Outlook: it is not quoted a second time in silence."""
    first = say("how do I set up outlook", channel="C_ACME", thread=THREAD)
    assert _section(first) == "Add your account"
    again = say("no, I meant the desktop app on windows", channel="C_ACME", thread=THREAD)
    assert again.kind == "kb_same_answer"
    shown = Renderer("console").render(again)
    assert "That is all our knowledge base has on this" in shown
    assert "Set up Outlook with your work account" in shown and "/engineer" in shown
    assert "Open Outlook, choose Add account" not in shown  # the text is not repeated
    [button] = again.actions
    assert button.action_id == "kb_talk_to_engineer"


@pytest.mark.parametrize(
    ("channel", "correction", "said"),
    [
        ("C_GLOBEX", "нет, я про приложение на маке", "Больше в нашей базе знаний"),
        ("C_HUAXIA", "不是，我说的是电脑上的客户端", "我们的知识库只有刚才给您看的"),
    ],
)
def test_the_same_answer_is_said_plainly_in_the_customers_language(
    say: Say, channel: str, correction: str, said: str
) -> None:
    say("how do I set up outlook", channel=channel, thread=THREAD)
    again = say(correction, channel=channel, thread=THREAD)
    if again.kind == "kb_answer":  # another section or article: anything but the same one
        assert again.data["answer"].best.section != "Add your account"
    else:
        assert again.kind == "kb_same_answer" and said in Renderer("console").render(again)


def test_a_correction_moves_to_the_section_it_names(say: Say) -> None:
    first = say("connect to the VM with remote desktop", channel="C_ACME", thread=THREAD)
    assert _section(first) == "From a Windows PC"
    fixed = say("no, I meant from home", channel="C_ACME", thread=THREAD)
    assert _section(fixed) == "From home"


@pytest.mark.parametrize(
    ("channel", "question", "status"),
    [
        ("C_ACME", "is outlook down?", "Mail: our checks see no problem on our side right now"),
        # none of Globex's services is mail: the way to see the state of theirs, first
        ("C_GLOBEX", "outlook не работает у всех?", "Чтобы узнать, работают ли наши сервисы"),
        ("C_HUAXIA", "outlook是不是挂了", "Mail：我们的检测目前没有发现我们这边的问题"),
    ],
)
def test_is_it_down_leads_with_the_service_state(
    say: Say, channel: str, question: str, status: str
) -> None:
    reply = say(question, channel=channel)
    shown = Renderer("console").render(reply).strip()
    assert status in shown.splitlines()[0]
    not_sure = ("I'm not sure I have", "Не уверен, что знаю", "我不确定能回答")
    assert not any(words in shown for words in not_sure)


def test_a_follow_up_the_section_just_shown_answers_says_so_rather_than_wander(
    say: Say,
) -> None:
    """ "And the iPhone?" right after the phone section: no other article is about an
    iPhone, so the bot says the KB has nothing more (not a VPN or Outlook article)."""
    say("connect to the VM with remote desktop", channel="C_ACME", thread=THREAD)
    phone = say("and on my phone?", channel="C_ACME", thread=THREAD)
    assert _section(phone) == "From a phone (iPhone, Android)"
    again = say("and the iPhone?", channel="C_ACME", thread=THREAD)
    assert again.kind == "kb_same_answer"
    assert "Connect to your virtual machine with Remote Desktop" in Renderer("console").render(
        again
    )
