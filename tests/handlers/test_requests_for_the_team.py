"""Walkthrough 10, finding 2: doing what the KB says went nowhere. Customers typed "I need a
fapiao for invoice NW-…", "send me the October invoice", "пришлите копию счёта", "账单 … 要开
发票" as the articles told them to; the bot showed the article again (or "I'm not sure"), one
pressed "it helped", and no ticket was opened. Now a request only the reseller's people can
carry out gets the answer, then "only our team can do this, and nobody has seen your request
yet" with the "talk to an engineer" button alone; pressing it opens a ticket from the
request, with its words (the invoice number) for the engineers. Through the dispatcher, in
English, Russian and Chinese."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.enums import Addressing
from bot.messages import Reply
from bot.rendering import Renderer
from tests.conftest import Say
from tests.factories import write_conversation_config

# The shipped articles' "how to ask" sections, short (in all three languages).
FAPIAO = {
    "billing/fapiao-request.md": """\
        ---
        title: Get a fapiao (VAT invoice)
        translation_key: billing/fapiao-request
        category: billing
        aliases: [how do I get a fapiao, need fapiao, please issue fapiao]
        ---
        # Get a fapiao (VAT invoice)

        ## How to ask

        Open a ticket with `/ticket new Fapiao <invoice number>`, or press Talk to an engineer
        under the bot's answer, with the fapiao type, company name and taxpayer ID.
        """,
    "billing/invoice-copy.md": """\
        ---
        title: Get a copy of an earlier invoice
        translation_key: billing/invoice-copy
        category: billing
        aliases: [send me a copy of the invoice, invoice copy]
        ---
        # Get a copy of an earlier invoice

        ## Earlier invoices

        For a copy of any earlier invoice, open a ticket with `/ticket new Invoice copy`.
        """,
    "ru/billing/fapiao-request.md": """\
        ---
        title: Как получить фапяо
        translation_key: billing/fapiao-request
        lang: ru
        aliases: [как получить фапяо, нужен фапяо, копия счёта]
        ---
        # Как получить фапяо

        ## Как запросить

        Откройте заявку `/ticket new Фапяо <номер счёта>`. Копию счёта запросите так же.
        """,
    "zh/billing/fapiao-request.md": """\
        ---
        title: 如何开发票
        translation_key: billing/fapiao-request
        lang: zh
        aliases: [怎么开发票, 开发票, 账单副本]
        ---
        # 如何开发票

        ## 怎么申请

        发送 `/ticket new 开发票 <账单号>` 提交工单，写明发票类型、公司名称和纳税人识别号。
        """,
}


DIRECT = Addressing.DIRECT


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    path = write_conversation_config(tmp_path)
    for rel, text in FAPIAO.items():
        (tmp_path / "kb" / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "kb" / rel).write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def _shown(reply: Reply, front_end: str = "slack") -> str:
    return Renderer(front_end).render(reply)


REQUESTS = [
    # the walkthrough's words
    ("C_ACME", "I need a fapiao for invoice NW-2026-11-00123", "nobody there has seen"),
    ("C_ACME", "send me the October invoice", "nobody there has seen"),
    ("C_ACME", "issue automatically", "nobody there has seen"),
    ("C_ACME", "we need a fapiao for invoice NW-2026-11-00456, general VAT, company Acme Ltd, "
     "tax id 91310115MA1H7XYZ12, send to ap@acme.cn", "nobody there has seen"),
    ("C_GLOBEX", "пришлите, пожалуйста, копию счёта за октябрь", "пока никто не видел"),
    ("C_HUAXIA", "账单 NW-2026-11-00123 要开发票，专票，公司名称 华夏贸易有限公司，"
     "税号 91310000MA1K2L3M4N，邮箱 finance@huaxia.cn", "还没有人看到您的请求"),
    # wordings beyond the report's
    ("C_ACME", "hi, could you please resend last month's invoice?", "nobody there has seen"),
    ("C_ACME", "please add 5 more Business Standard licences", "nobody there has seen"),
    ("C_ACME", "change the billing contact to anna@acme.cn", "nobody there has seen"),
    ("C_GLOBEX", "нужен акт сверки за 2026 год", "пока никто не видел"),
    ("C_GLOBEX", "можете выставить счёт на 10 лицензий?", "пока никто не видел"),
    ("C_HUAXIA", "麻烦发一份十月的对账单", "还没有人看到您的请求"),
    ("C_HUAXIA", "帮我们加5个商业标准版许可证", "还没有人看到您的请求"),
]  # fmt: skip


@pytest.mark.parametrize(("channel", "words", "said"), REQUESTS)
def test_a_request_only_people_can_carry_out_offers_the_engineer_not_did_it_help(
    say: Say, channel: str, words: str, said: str
) -> None:
    reply = say(words, channel=channel)
    assert reply.kind in ("kb_answer", "kb_unsure")
    assert [a.action_id for a in reply.actions] == ["kb_talk_to_engineer"]
    shown = _shown(reply)
    assert said in shown
    assert "Did this help?" not in shown and "Это помогло?" not in shown
    assert said in _shown(reply, "console") and "/engineer" in _shown(reply, "console")


@pytest.mark.parametrize(
    ("channel", "words"),
    [
        ("C_ACME", "how do I get a fapiao?"),
        ("C_ACME", "when will I receive the fapiao"),
        ("C_GLOBEX", "как получить фапяо"),
        ("C_HUAXIA", "怎么开发票"),
    ],
)
def test_a_how_to_question_is_answered_as_before(say: Say, channel: str, words: str) -> None:
    reply = say(words, channel=channel)
    assert reply.kind == "kb_answer"
    assert [a.action_id for a in reply.actions] == [
        "kb_helped",
        "kb_not_helped",
        "kb_talk_to_engineer",
    ]
    assert "for_team" not in reply.data


def test_the_button_opens_a_ticket_with_the_request_for_the_engineers(
    say: Say, outbox: Callable[..., list[dict]]
) -> None:
    words = "I need a fapiao for invoice NW-2026-11-00123, special VAT, tax id 91310115MA1H7XYZ12"
    reply = say(words, thread="1760000000.500000")
    [button] = reply.actions
    opened = say(
        "", action_id=button.action_id, action_value=button.value, thread="1760000000.500000"
    )
    assert opened.kind == "ticket_opened"
    ticket = opened.data["ticket"]
    assert ticket.subject.startswith("I need a fapiao for invoice NW-2026-11-00123")
    [alert] = outbox("ticket_new_staff")
    assert alert["channel"] == "C_ENG"
    assert "NW-2026-11-00123" in str(alert["data"])


def test_the_slack_form_and_typed_request_for_a_person_carry_the_request(say: Say) -> None:
    thread = "1760000000.600000"
    reply = say("пришлите, пожалуйста, копию счёта за октябрь", channel="C_GLOBEX", thread=thread)
    [button] = reply.actions
    form = say("", action_id="ticket_form", action_value=button.value, channel="C_GLOBEX")
    assert form.data["subject"] == "пришлите, пожалуйста, копию счёта за октябрь"
    offer = say("нужен инженер", channel="C_GLOBEX", thread=thread)  # typed instead
    assert offer.kind == "person_offer"
    assert offer.data["subject"] == "пришлите, пожалуйста, копию счёта за октябрь"


def test_an_engineer_asking_the_bot_directly_gets_the_article_alone(say: Say) -> None:
    reply = say("send me the October invoice", channel="D_ALICE", user="U_ALICE", addressing=DIRECT)
    assert reply.kind in ("kb_answer", "kb_unsure") and "for_team" not in reply.data
