"""The daily digest counts the reseller's local day, across time zones and DST."""

from __future__ import annotations

from datetime import date

from freezegun import freeze_time

from bot.dispatcher import Dispatcher
from bot.rendering import Renderer
from tests.conftest import Say


def _resolve(dispatcher: Dispatcher, number: str, at: str) -> None:
    """Mark a ticket resolved at a given UTC time (issue 6 adds the command for this)."""
    from datetime import UTC, datetime

    from sqlmodel import Session

    from bot.db import create_db_engine
    from bot.db.models import TICKET_NUMBER_OFFSET, Ticket

    with Session(create_db_engine(dispatcher.settings.database_url)) as session:
        ticket = session.get(Ticket, int(number[2:]) - TICKET_NUMBER_OFFSET)
        assert ticket is not None
        ticket.status = "resolved"
        ticket.resolved_at = datetime.fromisoformat(at).replace(tzinfo=UTC)
        session.add(ticket)
        session.commit()


def test_digest_counts_the_local_day_in_moscow(say: Say, dispatcher: Dispatcher) -> None:
    # Moscow is UTC+3: 2026-11-22 21:00 UTC is already 2026-11-23 00:00 local.
    with freeze_time("2026-11-22 20:59:59"):
        say("/ticket new the day before")
    with freeze_time("2026-11-22 21:00:00"):
        first = say("/ticket new first of the day").data["ticket"]
    with freeze_time("2026-11-23 20:59:00"):
        say("/ticket new last of the day", channel="C_GLOBEX")
    with freeze_time("2026-11-23 21:00:00"):
        say("/ticket new already tomorrow")
    _resolve(dispatcher, first.number, "2026-11-23 10:00:00")
    with freeze_time("2026-11-24 07:00:00"):
        digest = say("/digest", user="U_MARIA").data["digest"]
    assert digest.day == date(2026, 11, 23)
    assert digest.opened == 2
    assert digest.resolved == 1
    # Open at the end of the 23rd: "the day before" and "last of the day".
    assert digest.still_open == 2
    assert digest.opened_by_severity == {"A": 0, "B": 0, "C": 2}


def test_yesterday_depends_on_the_reseller_time_zone(say: Say) -> None:
    # 22:30 UTC on the 23rd is 01:30 on the 24th in Moscow: yesterday is the 23rd.
    with freeze_time("2026-11-23 22:30:00"):
        assert say("/digest", user="U_MARIA").data["digest"].day == date(2026, 11, 23)
    with freeze_time("2026-11-23 20:30:00"):
        assert say("/digest", user="U_MARIA").data["digest"].day == date(2026, 11, 22)


def test_empty_day_says_so_in_one_line(say: Say, console: Renderer) -> None:
    text = console.render(say("/digest 2026-01-05", user="U_MARIA"))
    assert (
        text == "Nothing happened on 2026-01-05: no tickets opened or resolved, no questions asked."
    )


def test_digest_counts_questions_and_lists_gaps(say: Say, console: Renderer) -> None:
    with freeze_time("2026-11-23 09:00:00"):
        say("how do I reset my password")
        say("qwzx flurble garnok")
        say("QWZX   flurble garnok")
    with freeze_time("2026-11-24 09:00:00"):
        reply = say("/digest", user="U_MARIA")
    digest = reply.data["digest"]
    assert digest.questions == 3
    assert digest.answered == 1
    assert digest.top_gaps == [("qwzx flurble garnok", 2)]
    assert "2× qwzx flurble garnok" in console.render(reply)


def test_bad_date_is_explained(say: Say, console: Renderer) -> None:
    assert "For example: /digest 2026-11-23" in console.render(say("/digest 23/11", user="U_MARIA"))


def test_digest_command_line_preview(config_file, capsys) -> None:
    from bot.cli import main

    with freeze_time("2026-11-24 09:00:00"):
        assert main(["--config", str(config_file), "digest", "--date", "2026-11-20"]) == 0
    assert "Nothing happened on 2026-11-20" in capsys.readouterr().out
