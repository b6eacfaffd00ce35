"""Walkthrough 13, finding 1: while only the VMs had an incident, "how do I add a company
signature that the server adds to every e-mail?" was answered with "Heads up: Virtual
machines is currently degraded" first ("server" names the VMs). The banner now opens an
answer only when the question is about the service in trouble (or reports trouble with
it); a how-to about something else gets one line after its answer, and a question naming
no service in trouble gets nothing."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from bot.rendering import Renderer
from tests.conftest import Say
from tests.factories import ARTICLES, CONFIG, with_conversation_chats, write_kb

SIGNATURE = {
    "howto/company-signature.md": """\
        ---
        title: A company signature in Outlook for every e-mail
        category: howto
        aliases: [company signature with logo the server adds to every email]
        ---
        # A company signature in Outlook for every e-mail

        ## Added by the mail server for all staff

        An Exchange administrator creates a mail flow rule that appends the signature.
        """,
    "ru/howto/company-signature.md": """\
        ---
        title: Единая подпись Outlook для всех писем компании
        lang: ru
        aliases: [общая подпись с логотипом которую сервер добавляет к каждому письму]
        ---
        # Единая подпись Outlook для всех писем компании

        ## Подпись добавляет почтовый сервер

        Администратор Exchange создаёт правило потока почты, которое дописывает подпись.
        """,
    "zh/howto/company-signature.md": """\
        ---
        title: 为所有邮件统一添加 Outlook 公司签名
        lang: zh
        aliases: [服务器给所有邮件自动加公司签名]
        ---
        # 为所有邮件统一添加 Outlook 公司签名

        ## 由邮件服务器统一添加

        Exchange 管理员创建一条邮件流规则，在每封邮件末尾追加签名。
        """,
    "configuration/vm-resize.md": """\
        ---
        title: Resize a virtual machine
        category: howto
        aliases: [make my vm bigger, resize vm]
        ---
        # Resize a virtual machine

        ## In the portal

        Open the VM, choose Size, pick a bigger one and select Resize.
        """,
}
VMS = "      - {id: vms, name: Virtual machines, keywords: [vm, server, сервер, 服务器]}\n"
OUTAGE = "/incident open vms degraded VMs in China North 3 fail to start"
ALICE = {"user": "U_ALICE", "channel": "C_ENG"}


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    """Every customer follows mail and the VMs; "server" is a word for the VMs."""
    write_kb(tmp_path / "kb", {**ARTICLES, **SIGNATURE})
    text = with_conversation_chats(CONFIG)
    text = text.replace("      - {id: vms, name: Virtual machines}\n", VMS, 1)
    text = text.replace("services: [mail, vpn]", "services: [mail, vpn, vms]")
    text = text.replace("services: [vms]", "services: [vms, mail]")
    text = text.replace("services: [mail]\n", "services: [mail, vms]\n")
    path = tmp_path / "supportbot.yml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("channel", "question", "title", "aside", "banner"),
    [
        (
            "C_ACME",
            "how do I add a company signature with our logo that the server adds to every email?",
            "A company signature in Outlook for every e-mail",
            "Not related to your question: Virtual machines has an open incident (degraded)",
            "Heads up",
        ),
        (
            "C_GLOBEX",
            "как сделать общую подпись с логотипом, которую сервер добавляет к каждому письму?",
            "Единая подпись Outlook для всех писем компании",
            "К вашему вопросу это не относится, но по сервису «Virtual machines» сейчас открыт"
            " инцидент (работает с перебоями)",
            "Обратите внимание",
        ),
        (
            "C_HUAXIA",
            "怎么让服务器给所有邮件自动加公司签名？",
            "为所有邮件统一添加 Outlook 公司签名",
            "另外（与您的问题无关）：Virtual machines 目前有一个未解决的故障（性能下降）",
            "请注意",
        ),
    ],
)
def test_a_how_to_about_something_else_keeps_the_banner_out_of_its_answer(
    say: Say, console: Renderer, channel: str, question: str, title: str, aside: str, banner: str
) -> None:
    say(OUTAGE, **ALICE)
    reply = say(question, channel=channel)
    text = console.render(reply)
    assert title in text.splitlines()[1] or title in text.splitlines()[0], text
    assert banner not in text, text  # not opened with the VMs' incident
    assert "China North 3" not in text  # nor its story
    last = [line for line in text.splitlines() if line.strip()][-1]
    assert last.startswith(aside) and "/health vms" in last, text  # one line, at the end
    assert "kb_helped" in [a.action_id for a in reply.actions]  # a how-to answer as usual


def test_a_how_to_about_the_service_in_trouble_still_opens_with_it(
    say: Say, console: Renderer
) -> None:
    say(OUTAGE, **ALICE)
    text = console.render(say("how do I resize a vm", channel="C_ACME"))
    assert text.startswith("Heads up: Virtual machines is currently degraded."), text
    assert "Resize a virtual machine" in text and "Not related to your question" not in text


def test_a_question_naming_no_service_in_trouble_hears_nothing_of_it(
    say: Say, console: Renderer
) -> None:
    say(OUTAGE, **ALICE)
    text = console.render(say("how do I reset my password", channel="C_ACME"))
    assert "Virtual machines" not in text and "Reset a forgotten password" in text


def test_trouble_naming_the_service_in_passing_still_leads_with_it(
    say: Say, console: Renderer
) -> None:
    """A trouble report is about the incident whatever article the KB finds for it."""
    say(OUTAGE, **ALICE)
    reply = say("the server will not start", channel="C_ACME")
    assert reply.data.get("incident_lead") is True
    assert console.render(reply).startswith("Heads up: Virtual machines is currently degraded.")
