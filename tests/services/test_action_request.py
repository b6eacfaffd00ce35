"""Requests only the reseller's people can carry out (walkthrough 10, finding 2) are told
from how-to questions, problem reports and other requests, in English, Russian and Chinese."""

from __future__ import annotations

import pytest

from bot.services.action_request import asks_for_action

REQUESTS = [
    "I need a fapiao for invoice NW-2026-11-00123",
    "we need a fapiao for invoice NW-2026-11-00456, general VAT, company Acme Ltd, "
    "tax id 91310115MA1H7XYZ12, send to ap@acme.cn",
    "issue automatically",
    "send me the October invoice",
    "please send me a copy of the invoice",
    "can you send the invoice again?",
    "could you resend last month's invoice",
    "hi, please send us the statement of account for Q3",
    "can I get a copy of the invoice?",
    "I'd like a quote for 20 E3 licences",
    "add 5 Microsoft 365 Business Standard licences",
    "we need 3 more licences",
    "please add 2 more seats",
    "send invoices to accounts@yourcompany.cn from now on",
    "change the billing contact to anna@acme.cn",
    "please update our billing address",
    "cancel my subscription",
    "upgrade 10 users to Business Standard",
    "I want a refund",
    "please issue a credit note for the outage",
    "we need the contract copy",
    "need fapiao",
    "please issue fapiao",
    "could you issue the special vat fapiao for invoice NW-2026-10-00077",
    "turn off auto-renew for our E3 subscription",
    "send me a link code for our new telegram group",
    "пришлите, пожалуйста, копию счёта за октябрь",
    "и пришлите, пожалуйста, счёт на оплату",
    "нужен фапяо по счёту NW-2026-11-00123",
    "выставите счёт на 10 лицензий",
    "можете выставить счёт на оплату?",
    "нужно ещё 5 лицензий",
    "добавьте 5 лицензий бизнес стандарт",
    "и ещё нужен акт сверки за 2026 год",
    "с этого месяца присылайте счета на accounts@yourcompany.cn",
    "смените контакт по оплате на Анну",
    "отмените подписку на Visio",
    "оставим 50 лицензий, переводите на годовую",
    "хотим продлить подписку",
    "прошу выслать коммерческое предложение на 20 лицензий",
    "выставлять автоматически",
    "账单 NW-2026-11-00123 要开发票，专票，公司名称 华夏贸易有限公司，"
    "税号 91310000MA1XXXX，邮箱 finance@huaxia.cn",
    "请帮我开一下专票",
    "发一下十月的账单",
    "麻烦发一份对账单",
    "帮我们加5个商业标准版许可证",
    "加 5 个许可证",
    "我要发票",
    "需要一份对账单",
    "修改开票信息",
    "取消 Visio 订阅",
    "把 5 个用户升级到商业标准版",
    "自动开票",
    "请给我们报价，20 个 E3",
    "从本月起账单发到 accounts@yourcompany.cn",
]
NOT_REQUESTS = [
    "how do I get a fapiao",
    "how do I get a fapiao?",
    "what information do you need for the fapiao",
    "when will I receive the fapiao",
    "where can I see last month's invoice",
    "explain my invoice",
    "what are these charges on my bill",
    "invoice not received this month",
    "outlook won't send emails",
    "I can't send invoices from outlook",
    "add a shared mailbox to outlook",
    "change my password",
    "how to add licences",
    "add a user to a team",
    "update office",
    "cancel a teams meeting",
    "send an email from a shared mailbox",
    "my vpn tunnel keeps dropping",
    "can I talk to a real person",
    "is teams down?",
    "issue with outlook",
    "I need help with outlook",
    "we need to add a new user",
    "how do I set up an out of office reply",
    "give a guest access to a team",
    "move files to onedrive",
    "how do I upgrade to new teams",
    "order of columns in excel",
    "invoice looks wrong",
    "the invoice total changed",
    "can i add licences myself",
    "do you send invoices by email?",
    "как получить фапяо",
    "как добавить лицензию",
    "где мой счёт",
    "почему не пришёл счёт",
    "не пришёл счёт за октябрь",
    "нужен доступ к почте",
    "нужно активировать MFA",
    "нужно договориться о звонке",
    "как настроить рабочую почту на телефоне",
    "тимс не работает у всех?",
    "пришлите инструкцию по VPN",
    "нужна помощь с outlook",
    "怎么开发票",
    "怎么申请增值税专用发票？上个月的账单还没收到发票",
    "发票没收到",
    "增值税专用发票和普通发票有什么区别",
    "Teams 会议取消了",
    "邮箱是不是挂了？outlook 一直转圈",
    "手机上呢",
    "转人工",
    "发票抬头写错了",
    "youxiang mima wangle zenme ban",
]


@pytest.mark.parametrize("text", REQUESTS)
def test_a_request_for_the_team_is_one(text: str) -> None:
    assert asks_for_action(text)


@pytest.mark.parametrize("text", NOT_REQUESTS)
def test_questions_and_problems_are_not_requests(text: str) -> None:
    assert not asks_for_action(text)


def test_a_long_report_that_mentions_an_invoice_is_no_request() -> None:
    report = "Outlook crashes when I open the attachment. " * 20 + "please send the invoice"
    assert not asks_for_action(report)


@pytest.mark.parametrize(
    "text",
    [
        "mne nuzhen schet za oktyabr",  # Russian in Latin letters (walk-through, eleventh)
        "vyt ye;ty cx`n pf jrnz,hm",  # "мне нужен счёт за октябрь" on the English layout
    ],
)
def test_a_russian_request_typed_in_latin_letters_is_one(text: str) -> None:
    assert asks_for_action(text)


@pytest.mark.parametrize("text", ["kak skachat schet", "send me a link to the docs on SPF"])
def test_latin_letters_do_not_make_a_question_a_request(text: str) -> None:
    assert not asks_for_action(text)
