"""Walkthrough 11, finding 2: while an incident is open on a service, a customer who says
it does not work ("is teams down? cant join meetings", "тимс не работает", "开会进不去，tims
是不是挂了") is answered with the incident — what, since when, the latest update, that the
team is on it and that they will be told — not with KB troubleshooting written for a
working service (reinstall, "status is healthy but…"), which is only linked for after."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from bot.rendering import Renderer
from tests.conftest import Say
from tests.factories import ARTICLES, CONFIG, with_conversation_chats, write_kb

TEAMS_ARTICLE = """\
    ---
    title: Teams won't connect
    category: technical
    aliases: [teams meeting can't join, teams not working, cant join teams meeting]
    ---
    # Teams won't connect

    ## Teams crashes or closes by itself

    Install Windows updates, then uninstall and reinstall Teams and repair WebView2.

    ## Status is all healthy but it still does not work

    Sign out of Teams, clear its cache and sign in again.
    """
SYNONYMS = "- [teams, тимс, tims]\n- [vm, 虚机, 虚拟机]\n"
SERVICE = "      - {id: teams, name: Microsoft Teams, keywords: [teams, meeting, meetings, 会议]}\n"
OUTAGE = "/incident open teams partial Teams meetings fail to connect in China North 2"
ALICE = {"user": "U_ALICE", "channel": "C_ENG"}
CHANNEL = {"en": "C_ACME", "ru": "C_GLOBEX", "zh": "C_HUAXIA"}
ADVICE = ("reinstall", "WebView2", "healthy but", "clear its cache")


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    """The test config plus a Teams service every customer follows and a Teams article
    with the troubleshooting the walkthrough got during the outage."""
    kb = write_kb(tmp_path / "kb", {**ARTICLES, "technical/teams.md": TEAMS_ARTICLE})
    (kb / "synonyms.yml").write_text(SYNONYMS, encoding="utf-8")
    text = with_conversation_chats(CONFIG)
    text = text.replace("      - id: vpn\n", SERVICE + "      - id: vpn\n", 1)
    for before in ("services: [mail, vpn]", "services: [vms]", "services: [mail]\n"):
        after = before.replace("]", ", teams]")
        text = text.replace(before, after)
    path = tmp_path / "supportbot.yml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("lang", "question", "lead", "on_it"),
    [
        (
            "en",
            "is teams down? cant join meetings",
            "Heads up: Microsoft Teams currently has a partial outage.",
            "We'll tell you when it's fixed.",
        ),
        (
            "ru",
            "тимс не работает, не могу зайти на встречу",
            "Обратите внимание: сейчас частичный сбой в работе сервиса «Microsoft Teams».",
            "Мы сообщим вам, когда всё заработает.",
        ),
        (
            "zh",
            "开会进不去，tims是不是挂了",
            "请注意：Microsoft Teams 当前出现部分中断。",
            "恢复后我们会通知您。",
        ),
        (
            "zh",
            "teams是不是挂了",
            "请注意：Microsoft Teams 当前出现部分中断。",
            "恢复后我们会通知您。",
        ),
    ],
)
def test_trouble_with_a_service_in_an_incident_is_answered_with_the_incident(
    say: Say, console: Renderer, lang: str, question: str, lead: str, on_it: str
) -> None:
    say(OUTAGE, **ALICE)
    reply = say(question, channel=CHANNEL[lang])
    text = console.render(reply)
    assert text.startswith(("⚠️ " + lead, lead)), text
    assert "Teams meetings fail to connect in China North 2" in text  # the latest update
    assert on_it in text
    for advice in ADVICE:  # no troubleshooting for a working service during the outage
        assert advice not in text, text
    # no "did it help?" about advice not given; the engineer's ticket stays one press away
    assert [a.action_id for a in reply.actions] == ["kb_talk_to_engineer"]


def test_the_kb_article_is_only_linked_for_after_the_incident(say: Say, console: Renderer) -> None:
    say(OUTAGE, **ALICE)
    text = console.render(say("can't join the teams meeting", channel="C_ACME"))
    assert "If it still fails after the incident is resolved, see Teams won't connect" in text
    assert "Since " in text and "Latest update:" in text


def test_a_how_to_during_the_incident_keeps_its_answer(say: Say, console: Renderer) -> None:
    say(OUTAGE, **ALICE)
    reply = say("teams crashes or closes by itself, how do I reinstall it", channel="C_ACME")
    # "crashes" is trouble: the incident leads. A plain how-to keeps the KB's answer:
    assert reply.data.get("incident_lead") is True
    how_to = say("how do I repair webview2 for teams", channel="C_ACME")
    text = console.render(how_to)
    assert "incident_lead" not in how_to.data
    assert "Heads up: Microsoft Teams" in text  # the incident is still said first


def test_without_an_incident_nothing_changes(say: Say, console: Renderer) -> None:
    reply = say("is teams down? cant join meetings", channel="C_ACME")
    text = console.render(reply)
    assert "incident_lead" not in reply.data
    assert "Microsoft Teams: our checks see no problem on our side right now" in text
    assert "kb_helped" in [a.action_id for a in reply.actions]


def test_after_the_incident_is_resolved_the_troubleshooting_is_back(
    say: Say, console: Renderer
) -> None:
    number = say(OUTAGE, **ALICE).data["incident"].id
    say(f"/incident resolve {number}", **ALICE)
    reply = say("is teams down? cant join meetings", channel="C_ACME")
    assert "incident_lead" not in reply.data
    assert "Heads up" not in console.render(reply)


def test_trouble_the_kb_has_no_article_for_still_gets_the_incident(
    say: Say, console: Renderer
) -> None:
    say(OUTAGE, **ALICE)
    reply = say("meeting qwzx flurble is broken", channel="C_ACME")
    text = console.render(reply)
    assert text.startswith("Heads up: Microsoft Teams currently has a partial outage."), text
    assert "not sure" not in text  # "I'm not sure I have the answer" under the answer itself
    assert [a.action_id for a in reply.actions] == ["kb_talk_to_engineer"]
