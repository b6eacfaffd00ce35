"""/escalate with a ticket in the customer's language (walkthrough 11, finding 7): the
engineer is told which words are not English and how to give English ones; a provider that
gets the report at once gets it only in English or when the engineer says ``--as-is``."""

from __future__ import annotations

from pathlib import Path

from bot.rendering import Renderer
from tests.fakes.smtp import FakeMailServer
from tests.services.test_upstream import ENGINEER, MANUAL, _dispatcher, _email_upstream, _say

RUSSIAN = "аутлук постоянно просит пароль, что делать?"
DESCRIPTION = "У троих бухгалтеров с утра, Outlook 2019 на Windows 10, пароль верный"


def _russian_ticket(dispatcher) -> str:
    number = _say(dispatcher, f"/ticket new {RUSSIAN}").data["ticket"].number
    for field in ("service mail", "impact 3 users", "tried Checked health", "description"):
        text = f"{field} {DESCRIPTION}" if field == "description" else field
        _say(dispatcher, f"/set {number} {text}", **ENGINEER)
    return number


def test_the_manual_report_says_its_words_are_not_english_and_how_to_fix_them(
    tmp_path: Path, database_url: str
) -> None:
    dispatcher = _dispatcher(tmp_path, MANUAL, database_url)
    number = _russian_ticket(dispatcher)
    preview = Renderer("console", extension="txt").render(
        _say(dispatcher, f"/escalate {number}", **ENGINEER)
    )
    assert "The subject is in Russian; 21Vianet works in English." in preview
    assert f"/escalate {number} --subject <subject in English>" in preview
    assert f"/escalate {number} --summary <description in English>" in preview

    english = _say(
        dispatcher,
        f"/escalate {number} --subject Outlook keeps asking for the password"
        " --summary Three accountants since this morning, Outlook 2019 on Windows 10",
        **ENGINEER,
    )
    report = english.data["report"]
    assert "Subject: Outlook keeps asking for the password" in report
    assert "Three accountants since this morning" in report and RUSSIAN not in report
    assert english.data["not_english"] == {}
    # the ticket keeps the customer's own words
    assert _say(dispatcher, f"/ticket {number}", **ENGINEER).data["ticket"].subject == RUSSIAN


def test_pinyin_counts_as_not_english(tmp_path: Path, database_url: str) -> None:
    dispatcher = _dispatcher(tmp_path, MANUAL, database_url)
    number = _say(dispatcher, "/ticket new youxiang mima wangle zenme ban").data["ticket"].number
    for field in ("service mail", "impact 1 user", "tried Reset", "description Cannot sign in"):
        _say(dispatcher, f"/set {number} {field}", **ENGINEER)
    reply = _say(dispatcher, f"/escalate {number}", **ENGINEER)
    assert reply.data["not_english"] == {"subject": "zh"}


def test_an_emailed_report_waits_for_english_words_or_as_is(
    tmp_path: Path, smtp: FakeMailServer, database_url: str
) -> None:
    dispatcher = _dispatcher(tmp_path, _email_upstream(smtp.port), database_url)
    number = _russian_ticket(dispatcher)
    held = _say(dispatcher, f"/escalate {number}", **ENGINEER)
    assert held.data["held"] is True and held.data["sent"] is False
    text = Renderer("console", extension="txt").render(held)
    assert f"{number} was not sent to 21Vianet yet" in text and "--as-is" in text
    ticket = _say(dispatcher, f"/ticket {number}", **ENGINEER).data["ticket"]
    assert ticket.status != "waiting_on_provider"

    sent = _say(dispatcher, f"/escalate {number} --as-is", **ENGINEER)
    assert sent.data["sent"] is True


def test_an_option_without_words_is_refused(tmp_path: Path, database_url: str) -> None:
    dispatcher = _dispatcher(tmp_path, MANUAL, database_url)
    number = _russian_ticket(dispatcher)
    reply = _say(dispatcher, f"/escalate {number} --subject", **ENGINEER)
    assert reply.kind == "error_bad_input"


def test_impact_and_tried_in_russian_are_named_too(tmp_path: Path, database_url: str) -> None:
    """Walk-through (eleventh session): Russian "impact" and "tried" went to 21Vianet with
    no word, while the subject and description were flagged."""
    dispatcher = _dispatcher(tmp_path, MANUAL, database_url)
    number = _say(dispatcher, "/ticket new VM backup fails").data["ticket"].number
    for field in (
        "service mail",
        "impact все ВМ без бэкапа",
        "tried перезапуск агента",
        "description Backups fail since Monday",
    ):
        _say(dispatcher, f"/set {number} {field}", **ENGINEER)
    reply = _say(dispatcher, f"/escalate {number}", **ENGINEER)
    assert reply.data["not_english"] == {"impact": "ru", "tried": "ru"}
    preview = Renderer("console", extension="txt").render(reply)
    assert f"/set {number} impact <impact in English>" in preview
    assert f"/set {number} tried <in English>" in preview


def test_a_summary_given_with_escalate_is_the_description_the_report_needed(
    tmp_path: Path, database_url: str
) -> None:
    """Walk-through (fifteenth session): "/escalate T-1003 --summary Since 09:00 …" was
    refused for want of a description, the one it had just been given."""
    dispatcher = _dispatcher(tmp_path, MANUAL, database_url)
    number = _say(dispatcher, "/ticket new Outlook cannot send mail").data["ticket"].number
    for field in ("service mail", "impact 12 sales staff", "tried Checked health"):
        _say(dispatcher, f"/set {number} {field}", **ENGINEER)
    refused = _say(dispatcher, f"/escalate {number}", **ENGINEER)
    assert list(refused.data.get("missing", ())) == ["description"]
    summary = "Since 09:00 the sales department gets 550 5.7.1 relay access denied"
    sent = _say(dispatcher, f"/escalate {number} --summary {summary}", **ENGINEER)
    assert not sent.data.get("missing") and summary in sent.data["report"]


def test_quotes_around_an_escalation_subject_and_summary_are_not_sent(
    tmp_path: Path, database_url: str
) -> None:
    """Walk-through (sixteenth session): `--subject "…"` sent the quotes to the provider."""
    dispatcher = _dispatcher(tmp_path, MANUAL, database_url)
    number = _say(dispatcher, "/ticket new Outlook cannot send mail").data["ticket"].number
    for field in ("service mail", "impact 12 sales staff", "tried Checked health"):
        _say(dispatcher, f"/set {number} {field}", **ENGINEER)
    sent = _say(
        dispatcher,
        f'/escalate {number} --subject "Relay denied for sales" --summary “Since 09:00 550 5.7.1”',
        **ENGINEER,
    )
    report = sent.data["report"]
    assert "Relay denied for sales" in report and "Since 09:00 550 5.7.1" in report
    assert '"Relay' not in report and "“Since" not in report
