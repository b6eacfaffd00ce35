"""An incident says when its next update comes: an hour after a major outage is declared
or updated unless the engineer says otherwise (``--next 30m``); customers read it under the
banner and in the answer to "when will it be fixed?", in their language and zone; when it
passes without an update the engineers are reminded once, and ``/incidents`` says so."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from freezegun import freeze_time

from bot.dispatcher import Dispatcher
from bot.messages import reply_from_dict
from bot.rendering import Renderer
from tests.conftest import Say
from tests.factories import CONFIG, write_kb
from tests.handlers.test_customer_language import CUSTOMERS, ENGINEER, MAIL, MAIL_NAMED

CONSOLE = Renderer("console")


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    """Sibir (Russian, Moscow) and Huaxia (Chinese, Shanghai) follow mail."""
    write_kb(tmp_path / "kb")
    text = CONFIG.replace("    engineers_channels:", CUSTOMERS + "    engineers_channels:", 1)
    path = tmp_path / "supportbot.yml"
    path.write_text(textwrap.dedent(text.replace(MAIL, MAIL_NAMED, 1)), encoding="utf-8")
    return path


def _open(say: Say, words: str = "major_outage Mail is down") -> int:
    opened = say(f"/incident open mail {words}", **ENGINEER)
    assert opened.kind == "incident_changed", CONSOLE.render(opened)
    return int(opened.data["incident"].id)


def _remind(dispatcher: Dispatcher) -> int:
    return dispatcher.services.health.desk.remind_overdue()


def test_a_major_outage_promises_an_update_within_the_hour_in_each_customers_zone(
    say: Say,
) -> None:
    with freeze_time("2026-11-24 12:00:00"):
        opened = say("/incident open mail major_outage Mail is down", **ENGINEER)
        told = CONSOLE.render(opened)
        assert "Next update promised by 2026-11-24 16:00 MSK" in told, told  # alice: Moscow
        banner = CONSOLE.render(say("outlook не отправляет почту", channel="C_SIBIR"))
        assert "Следующее обновление — до 24.11.2026 16:00 MSK." in banner, banner
        eta = CONSOLE.render(say("什么时候能修好", channel="C_HUAXIA"))
        assert "下次更新不晚于 2026年11月24日 21:00（UTC+8）。" in eta, eta


def test_next_sets_the_time_and_a_lesser_state_promises_none_unless_told(say: Say) -> None:
    with freeze_time("2026-11-24 12:00:00"):
        number = _open(say, "degraded Slow delivery")
        banner = CONSOLE.render(say("outlook не отправляет почту", channel="C_SIBIR"))
        assert "Следующее обновление" not in banner, banner
        say(f"/incident update {number} --next 45 Queues are draining", **ENGINEER)
        banner = CONSOLE.render(say("outlook не отправляет почту", channel="C_SIBIR"))
        assert "Следующее обновление — до 24.11.2026 15:45 MSK." in banner, banner
        wrong = say(f"/incident update {number} --next soon Still slow", **ENGINEER)
        assert wrong.kind == "error_bad_input", wrong.kind
        assert "30m, 2h, 45" in CONSOLE.render(wrong)


def test_a_passed_promise_reminds_the_engineers_once_and_shows_in_incidents(
    say: Say, dispatcher: Dispatcher, outbox
) -> None:
    with freeze_time("2026-11-24 12:00:00"):
        number = _open(say, "major_outage --next 30m Mail is down")
    with freeze_time("2026-11-24 12:29:00"):
        assert _remind(dispatcher) == 0
        assert "next update by 2026-11-24 15:30 MSK" in CONSOLE.render(
            say("/incidents", **ENGINEER)
        )
    with freeze_time("2026-11-24 12:31:00"):
        assert _remind(dispatcher) == 1
        assert _remind(dispatcher) == 0  # once per promise
        listed = CONSOLE.render(say("/incidents", **ENGINEER))
        assert "update overdue since 2026-11-24 15:30 MSK" in listed, listed
        banner = CONSOLE.render(say("outlook не отправляет почту", channel="C_SIBIR"))
        assert "Следующее обновление" not in banner  # a passed time is not shown to customers
    due = {n["channel"]: n for n in outbox("notice_incident_update_due")}
    assert set(due) == {"C_ENG", "U_ALICE"}  # the engineers' channel and who declared it
    text = CONSOLE.render(reply_from_dict(due["C_ENG"]["reply"]))
    assert f"Incident #{number} (Mail, major outage)" in text, text
    assert "the update promised by 2026-11-24 15:30 MSK is overdue" in text, text
    assert f"/incident update {number}" in text and "--next 30m" in text

    with freeze_time("2026-11-24 12:40:00"):  # an update promises afresh: a new reminder
        say(f"/incident update {number} Failover in progress", **ENGINEER)
    with freeze_time("2026-11-24 13:39:00"):
        assert _remind(dispatcher) == 0
    with freeze_time("2026-11-24 13:41:00"):
        assert _remind(dispatcher) == 1
    with freeze_time("2026-11-24 13:50:00"):
        say(f"/incident resolve {number} Fixed", **ENGINEER)
        assert _remind(dispatcher) == 0


def test_the_reminder_is_a_scheduled_job(dispatcher: Dispatcher) -> None:
    from bot.scheduler import build_jobs

    jobs = {job.name: job for job in build_jobs(dispatcher)}
    assert jobs["incident-updates-due"].seconds == 60
