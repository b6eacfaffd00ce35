"""The customer's language and time everywhere, through the core: a Russian customer in
Moscow and a Chinese one in Shanghai read their tickets' notices, buttons, times, health
announcements and incident notes in their own language and zone, whoever caused them
(an English-speaking engineer, a check, a provider), and a message mixing scripts is
answered in the language their config names."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
from freezegun import freeze_time

from bot.adapters.slack.render import SlackRenderer
from bot.adapters.telegram.render import TelegramRenderer
from bot.dispatcher import Dispatcher
from bot.enums import Platform
from bot.messages import InboundMessage, reply_from_dict
from bot.rendering import Renderer
from tests.conftest import Say
from tests.factories import CONFIG, write_kb

ENGINEER = {"user": "U_ALICE", "channel": "C_ENG"}
CUSTOMERS = """\
      - id: sibir
        name: Sibir Mining
        language: ru
        timezone: Europe/Moscow
        services: [mail]
        channels: [{platform: slack, id: C_SIBIR}]
      - id: huaxia
        name: Huaxia Trading
        language: zh
        timezone: Asia/Shanghai
        services: [mail]
        channels: [{platform: slack, id: C_HUAXIA}]
      - id: kazan
        name: Kazan Logistics
        services: [mail]
        channels: [{platform: slack, id: C_KAZAN, language: ru}, {platform: slack, id: C_KAZAN_EN}]
"""
MAIL = "      - {id: mail, name: Mail, keywords: [email, outlook]}"
MAIL_NAMED = (
    "      - {id: mail, name: Mail, names: {ru: Почта, zh: 邮件}, keywords: [email, outlook]}"
)
CHANNEL = {"ru": "C_SIBIR", "zh": "C_HUAXIA"}
WORDS = {
    "ru": {
        "opened": "Заявка T-1001 открыта",
        "taken": "Alice из службы поддержки занимается заявкой T-1001.",
        "reply": "Alice (поддержка) по заявке T-1001:",
        "severity": "Уровень заявки T-1001 изменён с C на B.",
        "status": "Статус заявки T-1001: ждём вашего ответа.",
        "resolved": "Заявка T-1001 решена.",
        "ask": "Проблема решена?",
        "yes": "Да, решено",
        "no": "Нет, не работает",
        "confirmed": "Спасибо за подтверждение — заявка T-1001 закрыта.",
        "escalated": (
            "Мы передали заявку T-1001 провайдеру 21Vianet от вашего имени"
            " (их обращение 2611240010001234)."
        ),
        "update": (
            "Новости от 21Vianet по заявке T-1001:\n(Сообщение ниже — на английском.)\n"
            "Transport rule found"
        ),
    },
    "zh": {
        "opened": "工单 T-1001 已创建",
        "taken": "支持团队的 Alice 正在处理 T-1001。",
        "reply": "Alice（支持团队）关于 T-1001：",
        "severity": "T-1001 的严重级别已从 C 改为 B。",
        "status": "T-1001 当前状态：等待您的回复。",
        "resolved": "T-1001 已解决。",
        "ask": "问题解决了吗？",
        "yes": "是的，已解决",
        "no": "没有，仍有问题",
        "confirmed": "感谢确认 — 工单 T-1001 已关闭。",
        "escalated": "我们已代表您将 T-1001 提交给 世纪互联（对方工单号 2611240010001234）。",
        "update": "世纪互联 关于 T-1001 的最新进展：\n（以下更新为英文。）\nTransport rule found",
    },
}


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    write_kb(tmp_path / "kb")
    text = CONFIG.replace("    engineers_channels:", CUSTOMERS + "    engineers_channels:", 1)
    text = text.replace(MAIL, MAIL_NAMED, 1)
    path = tmp_path / "supportbot.yml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def shown(notice: dict) -> str:
    """A queued notice as the console shows it."""
    return Renderer("console").render(reply_from_dict(notice["reply"]))


@pytest.mark.parametrize("lang", ["ru", "zh"])
def test_every_ticket_notice_is_in_the_customers_language(
    say: Say, dispatcher: Dispatcher, outbox, console: Renderer, lang: str
) -> None:
    """An English-speaking engineer works the ticket; the customer reads every step in
    their language, buttons included, and their "yes" is answered in it too."""
    words, channel = WORDS[lang], CHANNEL[lang]
    opened = say("/ticket new VPN drops every hour", channel=channel, thread="1.1")
    assert opened.lang == lang and words["opened"] in console.render(opened)

    say("/take T-1001", **ENGINEER)
    say("/reply T-1001 Please restart the VPN client.", **ENGINEER)
    say("/severity T-1001 B", **ENGINEER)
    say("/status T-1001 waiting", **ENGINEER)
    say("/upstream T-1001 2611240010001234", **ENGINEER)
    say("/upstream T-1001 status Transport rule found", **ENGINEER)
    resolved = say("/resolve T-1001 Gateway firmware updated", **ENGINEER)
    assert resolved.lang == "en"  # the engineer's own answer stays in the engineer's language

    thread = [n for n in outbox() if n["channel"] == channel]
    assert [n["kind"] for n in thread] == [
        "notice_ticket_taken",
        "notice_engineer_reply",
        "notice_ticket_severity",
        "notice_ticket_status",
        "notice_escalated",
        "notice_upstream_update",
        "notice_ticket_resolved",
    ]
    assert {n["reply"]["lang"] for n in thread} == {lang}
    taken, reply, severity, status, escalated, update, done = (shown(n) for n in thread)
    assert words["escalated"] in escalated
    assert words["update"] in update
    assert words["taken"] in taken
    assert words["reply"] in reply and "Please restart the VPN client." in reply
    assert words["severity"] in severity
    if lang == "zh":  # sentences follow each other without a space (walk-through)
        assert "。 " not in severity and "截止" in severity
    assert words["status"] in status
    assert words["resolved"] in done and words["ask"] in done

    message = SlackRenderer().message(reply_from_dict(thread[-1]["reply"]))
    [row] = [b["elements"] for b in message["blocks"] if b["type"] == "actions"]
    assert [button["text"]["text"] for button in row] == [words["yes"], words["no"]]
    assert words["ask"] in message["text"] and "Gateway firmware updated" in message["text"]

    press = InboundMessage(
        Platform.SLACK, channel=channel, user="U_C", text="", action_id="ticket_confirm_yes",
        action_value="T-1001", thread="1.1",
    )  # fmt: skip
    answer = dispatcher.handle(press)
    assert answer.lang == lang and words["confirmed"] in console.render(answer)


# -- times -----------------------------------------------------------------------------


def test_times_are_in_the_customers_zone_across_midnight(say: Say, outbox) -> None:
    """At 12:30 UTC a C ticket's first response (8 h, round the clock) is due at 20:30
    UTC: still the 24th in Moscow (23:30), already the 25th in Shanghai (04:30)."""
    with freeze_time("2026-11-24 12:30:00"):
        moscow = say("/ticket new Почта не уходит", channel="C_SIBIR")
        shanghai = say("/ticket new 邮件发不出去", channel="C_HUAXIA")
        due_ru = Renderer("console").render(moscow)
        due_zh = Renderer("console").render(shanghai)
        queue_zh = Renderer("console").render(say("/tickets", channel="C_HUAXIA"))
    assert "первый ответ до 24.11.2026 23:30 MSK" in due_ru
    assert "首次响应截止 2026年11月25日 04:30（UTC+8）" in due_zh
    assert "2026年11月25日 04:30（UTC+8）" in queue_zh
    [alert, _] = outbox("ticket_new_staff")
    assert "2026-11-24 23:30 MSK" in shown(alert)  # the engineers' channel: reseller's zone


def test_a_notice_shows_the_customers_local_day(say: Say, outbox) -> None:
    """An engineer opens a ticket for a customer at 17:00 UTC: the 25th in Shanghai."""
    with freeze_time("2026-11-24 17:00:00"):
        say("/ticket new huaxia 邮箱配额已满", **ENGINEER)
    [told] = outbox("notice_ticket_opened_for_you")
    assert told["reply"]["lang"] == "zh" and told["reply"]["zone"] == "Asia/Shanghai"
    assert "首次响应截止 2026年11月25日 09:00（UTC+8）" in shown(told)


# -- which language ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("channel", "text", "lang"),
    [
        ("C_SIBIR", "Ошибка: VSS snapshot failed", "ru"),
        ("C_HUAXIA", "Outlook 一直 提示 password", "zh"),
        ("C_KAZAN", "Outlook: ошибка 0x800CCC0E", "ru"),  # the chat's language
    ],
)
def test_a_message_mixing_scripts_is_answered_in_the_configured_language(
    say: Say, channel: str, text: str, lang: str
) -> None:
    assert say(text, channel=channel).lang == lang


def test_without_a_language_the_chat_and_then_the_reseller_decide(say: Say) -> None:
    assert say("/help", channel="C_KAZAN").lang == "ru"
    assert say("/help", channel="C_KAZAN_EN").lang == "en"  # the reseller's default


# -- health ------------------------------------------------------------------------------


def test_an_incident_reaches_each_customer_in_their_language(say: Say, outbox) -> None:
    note = "en: Mail is down for all | ru: Почта не работает у всех | zh: 所有用户的邮件都无法使用"
    opened = say(f"/incident open mail major_outage {note}", **ENGINEER)
    told = {n["channel"]: n for n in outbox("notice_service_state")}
    assert "Почта: теперь серьёзный сбой" in shown(told["C_SIBIR"])
    assert "Почта не работает у всех" in shown(told["C_SIBIR"])
    assert "Mail is down" not in shown(told["C_SIBIR"])
    assert "邮件 当前为严重中断" in shown(told["C_HUAXIA"])
    assert "所有用户的邮件都无法使用" in shown(told["C_HUAXIA"])
    assert note in shown(told["C_ENG"])  # engineers read every language, as typed
    chinese = reply_from_dict(told["C_HUAXIA"]["reply"])
    for text in (SlackRenderer().message(chinese)["text"], TelegramRenderer().render(chinese)):
        assert "邮件" in text and "所有用户的邮件都无法使用" in text and "Mail" not in text

    say(f"/incident update {opened.data['incident'].id} The fix is rolling out", **ENGINEER)
    updates = {n["channel"]: shown(n) for n in outbox("notice_incident_update")}
    assert (
        "(Служба поддержки написала это по-английски.)\nThe fix is rolling out"
        in (updates["C_SIBIR"])
    )
    assert "（以下内容由支持团队用英文撰写。）\nThe fix is rolling out" in updates["C_HUAXIA"]
    assert "支持团队" not in updates["C_ENG"]


def test_health_shows_names_and_notes_in_the_customers_language(say: Say) -> None:
    say("/incident open mail degraded en: Slow delivery | zh: 投递缓慢", **ENGINEER)
    console = Renderer("console")
    chinese = console.render(say("/health", channel="C_HUAXIA"))
    assert "邮件 (mail)" in chinese and "投递缓慢" in chinese and "Slow" not in chinese
    russian = console.render(say("/health Почта", channel="C_SIBIR"))
    assert "Почта (mail)" in russian
    assert "(Служба поддержки написала это по-английски.)\nSlow delivery" in russian


@pytest.mark.parametrize(("lang", "name"), [("ru", "Сервис: Почта"), ("zh", "服务：邮件")])
def test_the_ticket_names_its_service_in_the_customers_language(
    say: Say, console: Renderer, lang: str, name: str
) -> None:
    """Walkthrough #3: a Russian customer's ticket said "Service: Mail" in English."""
    channel = CHANNEL[lang]
    say("/ticket new The inbox is slow", channel=channel, thread="1.1")
    say("/set T-1001 service mail", **ENGINEER)
    detail = console.render(say("/ticket T-1001", channel=channel, thread="1.1"))
    assert f"\n  {name}\n" in detail and "Mail" not in detail  # zh: a full-width colon


@pytest.mark.parametrize(
    ("channel", "question", "line", "ok"),
    [
        (
            "C_ACME",
            "is outlook down?",
            "To see whether our services are working right now, type",
            "our checks see no problem on our side right now",
        ),
        (
            "C_SIBIR",
            "почта не работает у всех?",
            "Чтобы узнать, работают ли наши сервисы прямо сейчас, отправьте",
            "наши проверки сейчас не видят проблем на нашей стороне",
        ),
        (
            "C_HUAXIA",
            "邮件是不是挂了",
            "想知道我们的服务现在是否正常，请发送",
            "我们的检测目前没有发现",
        ),
        (  # a Latin name right against Chinese (walkthrough, third session)
            "C_HUAXIA",
            "outlook是不是挂了",
            "想知道我们的服务现在是否正常，请发送",
            "我们的检测目前没有发现",
        ),
        (
            "C_SIBIR",
            "outlook-у всех не работает?",
            "Чтобы узнать, работают ли наши сервисы прямо сейчас, отправьте",
            "наши проверки сейчас не видят проблем на нашей стороне",
        ),
        (  # Russian in Latin letters (walk-through, tenth session)
            "C_SIBIR",
            "u vseh ne rabotaet outlook?",
            "Чтобы узнать, работают ли наши сервисы прямо сейчас, отправьте",
            "наши проверки сейчас не видят проблем на нашей стороне",
        ),
        (  # "у всех не работает почта" typed on the English layout
            "C_SIBIR",
            "e dct[ yt hf,jnftn gjxnf",
            "Чтобы узнать, работают ли наши сервисы прямо сейчас, отправьте",
            "наши проверки сейчас не видят проблем на нашей стороне",
        ),
    ],
)
def test_is_it_down_answers_and_names_the_health_command(
    say: Say, console: Renderer, channel: str, question: str, line: str, ok: str
) -> None:
    reply = say(question, channel=channel)
    assert reply.kind in ("kb_answer", "kb_unsure")  # the KB's reply, with one line more
    text = console.render(reply)
    assert f"{line} /health mail" in text
    assert ok in text  # what our checks see of the service asked about, first
    assert reply.data["answer"].query == question
    assert "/support health mail" in SlackRenderer().text(reply)  # Slack's spelling of it


def test_is_it_down_about_a_service_in_trouble_shows_the_trouble_not_all_is_well(
    say: Say, console: Renderer
) -> None:
    text = console.render(say("is the vpn down?", channel="C_ACME"))
    assert "Tunnels drop in Moscow" in text
    assert "no problem on our side" not in text


def test_is_it_down_about_no_service_in_particular_names_plain_health(
    say: Say, console: Renderer
) -> None:
    text = console.render(say("is it down for everyone?"))
    assert "To see whether our services are working right now, type /health." in text


@pytest.mark.parametrize(
    ("channel", "question", "line"),
    [
        ("C_ACME", "is gmail down?", "Gmail is not one of the services we look after"),
        ("C_SIBIR", "вичат лежит?", "WeChat не входит в сервисы, которые мы обслуживаем"),
        ("C_SIBIR", "u vseh ne rabotaet zoom?", "Zoom не входит в сервисы"),
        ("C_HUAXIA", "企业微信是不是挂了", "企业微信 不在我们负责的服务范围内"),
        ("C_HUAXIA", "钉钉挂了吗", "钉钉 不在我们负责的服务范围内"),
    ],
)
def test_is_it_down_about_a_service_not_ours_says_so_by_name(
    say: Say, console: Renderer, channel: str, question: str, line: str
) -> None:
    """Playground finding (tenth session): "is gmail down?" got the general /health line,
    as if our checks could see Gmail."""
    text = console.render(say(question, channel=channel))
    assert line in text, text
    assert "/health mail" not in text  # no service of ours is pretended to be meant


def test_a_service_of_ours_beside_an_outside_one_is_answered_as_ours(
    say: Say, console: Renderer
) -> None:
    text = console.render(say("is outlook down? gmail works fine", channel="C_ACME"))
    assert "type /health mail" in text and "Gmail" not in text


@pytest.mark.parametrize(
    "question",
    ["how do I reset my password?", "файл лежит в папке", "scroll down the page", "2"],
)
def test_other_questions_do_not_mention_the_health_command(say: Say, question: str) -> None:
    reply = say(question, channel="C_SIBIR")
    assert "health_command" not in reply.data
    assert "/health" not in Renderer("console").render(reply)


@pytest.mark.parametrize(
    ("lang", "before", "after"),
    [
        ("zh", "(已提交给服务提供商)", "服务提供商更新 (已提交给服务提供商 → Host node restarted)"),
        ("ru", "(передана провайдеру)", "(передана провайдеру → Host node restarted)"),
    ],
)
def test_the_provider_s_first_status_is_in_the_customers_language(
    say: Say, console: Renderer, lang: str, before: str, after: str
) -> None:
    """The status "submitted" is the bot's word for a case the provider has not updated yet: the
    customer reads it translated, on the ticket and in its history, like every state."""
    channel = CHANNEL[lang]
    say("/ticket new Mail is slow", channel=channel)
    say("/upstream T-1001 2611240010001234", **ENGINEER)
    waiting = console.render(say("/ticket T-1001", channel=channel))
    assert before in waiting and "submitted" not in waiting
    say("/upstream T-1001 status Host node restarted", **ENGINEER)
    detail = say("/ticket T-1001", channel=channel)
    for render in (console.render, SlackRenderer().text, TelegramRenderer().render):
        text = render(detail)
        assert after in text and "submitted" not in text
    staff = console.render(say("/ticket T-1001", **ENGINEER))
    assert "provider update (sent to the provider → Host node restarted)" in staff


ENGLISH_NOTE = {
    "zh": "（以下内容由支持团队用英文撰写。）",
    "ru": "(Служба поддержки написала это по-английски.)",
}
NATIVE_REPLY = {"zh": "请重启 VPN 客户端。", "ru": "Перезапустите, пожалуйста, VPN-клиент."}


@pytest.mark.parametrize("lang", ["ru", "zh"])
def test_an_english_reply_tells_the_customer_it_is_in_english(say: Say, outbox, lang: str) -> None:
    """An engineer who writes in English to a Chinese or Russian customer: the customer is
    told, on every front end, that the reply and the resolution note below are in
    English; a reply already in their language gets no such line."""
    channel, note = CHANNEL[lang], ENGLISH_NOTE[lang]
    say("/ticket new VPN drops every hour", channel=channel, thread="1.1")
    say("/reply T-1001 Please restart the VPN client and tell us if it drops again.", **ENGINEER)
    say(f"/reply T-1001 {NATIVE_REPLY[lang]}", **ENGINEER)
    say("/resolve T-1001 The gateway firmware was updated last night.", **ENGINEER)
    kinds = {"notice_engineer_reply", "notice_ticket_resolved"}
    english, native, done = (
        reply_from_dict(n["reply"])
        for n in outbox()
        if n["channel"] == channel and n["kind"] in kinds
    )
    for render in (Renderer("console").render, SlackRenderer().text, TelegramRenderer().render):
        assert f"{note}\nPlease restart the VPN client" in render(english)
        assert note not in render(native) and NATIVE_REPLY[lang] in render(native)
        assert f"{note}\nThe gateway firmware was updated" in render(done)


def test_a_ticket_not_found_reads_naturally_in_each_language(say: Say) -> None:
    """Walkthrough 11: "Не удалось найти (номер): T-1003" read oddly."""
    say("/ticket new Почта не уходит", channel="C_SIBIR")
    console = Renderer("console")
    chinese = console.render(say("/ticket T-1001", channel="C_HUAXIA"))
    assert chinese.strip() == "找不到工单 T-1001。"
    assert console.render(say("/ticket T-1009", channel="C_SIBIR")).strip() == (
        "Заявка T-1009 не найдена."
    )
    assert "I couldn't find that ticket: T-1009" in console.render(say("/ticket T-1009"))


def test_chinese_health_of_one_service_uses_chinese_punctuation(say: Say) -> None:
    """Walkthrough 11: "部分中断, 自 2026年12月02日 20:59（UTC+8） 起" and "…: （以下…）"."""
    say("/incident open mail degraded Slow delivery", **ENGINEER)
    reply = say("/health mail", channel="C_HUAXIA")
    for text in (
        Renderer("console").render(reply),
        TelegramRenderer().render(reply),
        SlackRenderer().message(reply)["text"],
    ):
        assert "性能下降，自20" in text, text
        assert "起" in text and ", 自" not in text and " 起" not in text, text
        assert "：（以下内容由支持团队用英文撰写。）" in text, text


def test_a_severity_change_gives_the_new_due_time_in_the_readers_zone(
    say: Say, outbox, console: Renderer
) -> None:
    """Walkthrough 11: "Уровень заявки T-1002 изменён с B на A" said nothing of the new
    response or resolution time."""
    import re

    with freeze_time("2026-12-02 09:00:00"):
        say("/ticket new Почта не уходит", channel="C_SIBIR", thread="1.1")
        answer = console.render(say("/severity T-1001 A", **ENGINEER))
        assert "First response now due by 2026-12-02" in answer, answer
        say("/reply T-1001 Смотрим.", **ENGINEER)
        say("/severity T-1001 B", **ENGINEER)
    first, resolution = (shown(n) for n in outbox("notice_ticket_severity"))
    assert "Уровень заявки T-1001 изменён с C на A." in first
    assert re.search(r"Первый ответ теперь до 02\.12\.2026 1\d:\d\d MSK\.", first), first
    assert re.search(r"Решение теперь до \d\d\.12\.2026 \d\d:\d\d MSK\.", resolution), resolution


# -- one language per answer -------------------------------------------------------------

CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
BILINGUAL = "en: Mail is down for all | ru: Почта не работает у всех"


def test_an_english_answer_to_a_russian_customer_has_its_banner_in_english(
    say: Say, console: Renderer
) -> None:
    """Sibir reads Russian, but asked in English: the answer is English, and so is the
    incident banner above it, the service's name and the note included (it used to say
    "Heads up: Почта currently has a major outage" and "(Служба поддержки …)")."""
    say(f"/incident open mail major_outage {BILINGUAL}", **ENGINEER)
    reply = say("outlook cannot send email", channel="C_SIBIR")
    assert reply.lang == "en"
    text = console.render(reply)
    assert "Heads up: Mail currently has a major outage." in text, text
    assert "Mail is down for all" in text and not CYRILLIC.search(text), text


def test_a_russian_answer_to_an_english_customer_has_its_banner_in_russian(
    say: Say, console: Renderer
) -> None:
    say(f"/incident open mail major_outage {BILINGUAL}", **ENGINEER)
    reply = say("аутлук не отправляет почту", channel="C_KAZAN_EN")
    assert reply.lang == "ru"
    text = console.render(reply)
    assert "сервиса «Почта»" in text and "Почта не работает у всех" in text, text
    assert "Mail" not in text, text


def test_is_it_down_asked_in_english_names_the_service_in_english(
    say: Say, console: Renderer
) -> None:
    reply = say("is outlook down?", channel="C_SIBIR")
    text = console.render(reply)
    assert reply.lang == "en" and "Mail: our checks see no problem" in text, text
    assert not CYRILLIC.search(text), text
