"""Walkthrough 13, findings 2 and 3. Under an incident banner "а когда почините?", "when
will it be fixed?", "什么时候能修好" got a KB article; they now get the incident: its state,
since when, the latest update and when it was written, that there is no fix time beyond
it, that the team and the provider are on it and the chat will hear, and the engineer.
"Our production site is down", "весь офис без почты", "生产系统全挂了" got a how-to; they now
get an engineer and a severity A ticket at once, with what severity A means."""

from __future__ import annotations

import pytest
from freezegun import freeze_time
from sqlmodel import Session, select

from bot.db import create_db_engine
from bot.db.models import Ticket
from bot.enums import Severity
from bot.rendering import Renderer
from tests.conftest import Say
from tests.factories import CONFIG, with_conversation_chats, write_kb

OUTAGE = "/incident open mail major Mail delivery is delayed in China East 2"
ALICE = {"user": "U_ALICE", "channel": "C_ENG"}


@pytest.fixture
def config_file(tmp_path):
    """Huaxia (Chinese) and acme (English) follow mail; globex (Russian) follows the VMs
    and mail."""
    import textwrap

    write_kb(tmp_path / "kb")
    text = with_conversation_chats(CONFIG).replace("services: [vms]", "services: [vms, mail]")
    path = tmp_path / "supportbot.yml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("channel", "trouble", "when", "expected"),
    [
        (
            "C_ACME",
            "outlook can't send email",
            "when will it be fixed?",
            (
                "Heads up: Mail currently has a major outage.",
                "Latest update (2026-12-01 13:00 MSK): Mail delivery is delayed in China East 2",
                "There is no confirmed time for the fix yet",
                "Every update and the all-clear come to this chat by themselves",
                "The ticket will be linked to this incident.",
            ),
        ),
        (
            "C_GLOBEX",
            "почта не отправляет письма",
            "а когда почините?",
            (
                "Обратите внимание: сейчас серьёзный сбой в работе сервиса «Mail».",
                "Последнее обновление (01.12.2026 13:00 MSK):",
                "Точного срока устранения пока нет",
                "придут в этот чат сами",
                "Заявка будет привязана к этому сбою.",
            ),
        ),
        (
            "C_HUAXIA",
            "邮件发不出去",
            "什么时候能修好",
            (
                "请注意：Mail 当前出现严重中断。",
                "最新进展（2026年12月01日 13:00（UTC+3））：",
                "目前还没有确定的修复时间",
                "都会自动发到这里",
                "工单会关联到这次故障。",
            ),
        ),
    ],
)
def test_when_will_it_be_fixed_is_answered_from_the_incident(
    say: Say, console: Renderer, channel: str, trouble: str, when: str, expected: tuple[str, ...]
) -> None:
    with freeze_time("2026-12-01 10:00:00"):
        say(OUTAGE, **ALICE)
    with freeze_time("2026-12-01 10:20:00"):
        banner = say(trouble, channel=channel, thread="5.1")
        assert banner.data.get("incident_lead") is True
    with freeze_time("2026-12-01 10:22:00"):
        reply = say(when, channel=channel, thread="5.1")
    text = console.render(reply)
    assert reply.kind == "incident_eta", text
    for words in expected:
        assert words in text, text
    assert "== " not in text  # no KB article
    assert [a.action_id for a in reply.actions] == ["kb_talk_to_engineer"]


def test_when_fixed_with_no_incident_open_is_a_question_like_any_other(say: Say) -> None:
    reply = say("when will it be fixed?", channel="C_HUAXIA")  # huaxia follows only mail: fine
    assert reply.kind != "incident_eta"


def test_when_fixed_alone_names_the_customers_incidents_and_promises_no_link(
    say: Say, console: Renderer
) -> None:
    """No question before it in this conversation: every open incident on the customer's
    services, and no word of a link the ticket would not get (its words name no service)."""
    say(OUTAGE, **ALICE)
    text = console.render(say("when will it be fixed?", channel="C_ACME"))
    assert "Heads up: Mail currently has a major outage." in text
    assert "Heads up: VPN gateway is currently degraded." in text  # the config's seed
    assert "linked" not in text


@pytest.mark.parametrize(
    "question",
    [
        "how long until the new user's mailbox works",  # a how-to naming the mail in passing
        "paid already, when is the service restored",  # billing, not the incident
        "新用户邮箱多久能用",
    ],
)
def test_a_question_of_its_own_with_a_when_in_it_is_not_taken_for_the_incident(
    say: Say, question: str
) -> None:
    say(OUTAGE, **ALICE)
    assert say(question, channel="C_ACME").kind != "incident_eta"


def test_when_will_the_named_service_be_back_needs_no_question_before_it(say: Say) -> None:
    say(OUTAGE, **ALICE)
    reply = say("when will outlook be back up?", channel="C_ACME")
    assert reply.kind == "incident_eta"
    assert [s.service_id for s in reply.data["troubles"]] == ["mail"]


def test_the_ticket_from_the_when_fixed_answer_is_linked_to_the_incident(
    say: Say, dispatcher
) -> None:
    incident = say(OUTAGE, **ALICE).data["incident"].id
    say("outlook can't send email", channel="C_ACME", thread="1.1")
    reply = say("when will it be fixed?", channel="C_ACME", thread="1.1")
    [button] = reply.actions
    opened = say(
        "", channel="C_ACME", thread="1.1", action_id=button.action_id, action_value=button.value
    )
    assert opened.data["ticket"].subject == "outlook can't send email"
    engine = create_db_engine(dispatcher.settings.database_url)
    with Session(engine) as session:
        [ticket] = session.exec(select(Ticket)).all()
    assert ticket.incident_id == incident


@pytest.mark.parametrize(
    ("channel", "words", "expected"),
    [
        (
            "C_ACME",
            "our production site is down",
            (
                "That sounds like your business is stopped: an engineer should take this now.",
                "This is what severity A is for: production is down or a whole team cannot work",
                "an engineer answers within",
                "Reply /engineer: your message becomes a severity A ticket",
            ),
        ),
        (
            "C_GLOBEX",
            "весь офис без почты",
            (
                "Похоже, у вас встала работа: этим должен сразу заняться инженер.",
                "Для таких случаев и есть уровень A",
                "инженер ответит в течение",
            ),
        ),
        (
            "C_HUAXIA",
            "生产系统全挂了",
            (
                "听起来您的业务已经停摆，需要工程师马上处理。",
                "这正是 A 级的情况",
                "工程师会在",
            ),
        ),
    ],
)
def test_production_down_gets_an_engineer_and_severity_a_at_once(
    say: Say, console: Renderer, channel: str, words: str, expected: tuple[str, ...]
) -> None:
    reply = say(words, channel=channel, thread="2.1")
    text = console.render(reply)
    assert reply.kind == "urgent_offer", text
    for part in expected:
        assert part in text, text
    [button] = reply.actions
    assert button.action_id == "kb_talk_to_engineer"
    opened = say(
        "", channel=channel, thread="2.1", action_id=button.action_id, action_value=button.value
    )
    assert opened.data["ticket"].severity == Severity.A
    assert opened.data["ticket"].subject == words


@pytest.mark.parametrize(
    ("channel", "words"),
    [  # walk-through (eleventh session): each got articles, and /engineer severity C
        ("C_ACME", "nobody in the office can get email since 9am"),
        ("C_ACME", "NOBODY in the office can get email since 9am!!! we are losing orders"),
        ("C_ACME", "email is down for everyone, we are losing orders"),
        ("C_ACME", "outlook is down for the whole company"),
        ("C_GLOBEX", "у всех в офисе не работает почта с 9 утра, теряем заказы"),
        ("C_HUAXIA", "大家都登不上邮箱，客户订单都收不到"),
        # second walk-through: production in other words
        ("C_GLOBEX", "у нас встал прод: виртуалка в Azure не стартует"),
        ("C_GLOBEX", "ВМ с 1С не запускается, вся бухгалтерия стоит"),
        ("C_HUAXIA", "生产服务器起不来了"),
        # third walk-through (twelfth session): urgent in English only, "not sure" elsewhere
        ("C_GLOBEX", "наш сайт лежит, клиенты не могут зайти!!"),
        ("C_HUAXIA", "我们的网站打不开了，客户都访问不了！！"),
        ("C_GLOBEX", "pochta ne rabotaet u vseh s utra"),
    ],
)
def test_an_outage_in_everyday_words_is_urgent(say: Say, channel: str, words: str) -> None:
    reply = say(words, channel=channel, thread="4.1")
    assert reply.kind == "urgent_offer"
    [button] = reply.actions
    opened = say(
        "", channel=channel, thread="4.1", action_id=button.action_id, action_value=button.value
    )
    assert opened.data["ticket"].severity == Severity.A


@pytest.mark.parametrize(
    "words",
    [
        "is outlook down for everyone?",
        "how do I share my calendar with everyone",
        "сколько стоит продление подписки",
        "стоит ли переходить на E5",
        "customers can't open the attachment i sent",
        "клиенты не могут открыть ссылку на файл",
        "у всех не работает почта?",
    ],
)
def test_asking_whether_it_is_down_for_everyone_is_no_outage_report(say: Say, words: str) -> None:
    assert say(words, channel="C_ACME", thread="5.1").kind != "urgent_offer"


def test_an_outage_minutes_after_another_ticket_is_not_filed_on_it(say: Say) -> None:
    """Walk-through (eleventh session): "у всех в офисе не работает почта, теряем заказы!"
    a few minutes after a backup ticket was only "added to" that severity C ticket."""
    with freeze_time("2026-12-04 09:00:00"):
        say("/ticket new резервное копирование падает каждую ночь", channel="C_GLOBEX")
    with freeze_time("2026-12-04 09:03:00"):
        reply = say("у всех в офисе не работает почта, теряем заказы!", channel="C_GLOBEX")
    assert reply.kind == "urgent_offer"


def test_production_down_during_an_incident_shows_it_first(say: Say, console: Renderer) -> None:
    say(OUTAGE, **ALICE)
    text = console.render(say("the whole company can't send email", channel="C_ACME"))
    assert text.startswith("Heads up: Mail currently has a major outage."), text
    assert "severity A" in text


def test_a_plain_question_still_opens_a_severity_c_ticket(say: Say) -> None:
    reply = say("how do I reset my password", channel="C_ACME", thread="3.1")
    button = next(a for a in reply.actions if a.action_id == "kb_talk_to_engineer")
    opened = say(
        "", channel="C_ACME", thread="3.1", action_id=button.action_id, action_value=button.value
    )
    assert opened.data["ticket"].severity == Severity.C
