"""What staff read names people, not the ids the code keeps: a ticket's history names the
customer's person who wrote ("Olga Smirnova (Acme): ticket opened"), an SLA warning and the
digest's tickets at risk name the engineer ("— Alice", not "— alice"). An id is shown only
where no name is known."""

from __future__ import annotations

from freezegun import freeze_time

from bot.adapters.slack.render import build_renderer
from bot.adapters.telegram.render import TelegramRenderer
from bot.dispatcher import Dispatcher
from bot.rendering import Renderer
from tests.conftest import Say
from tests.handlers.test_customer_language import shown

ENGINEER = {"channel": "C_ENG", "user": "U_ALICE"}


def test_the_history_names_the_person_who_wrote(say: Say, console: Renderer) -> None:
    opened = say("/ticket new Mail bounces", thread="1.1", user_name="Olga <b>Smirnova</b>")
    number = opened.data["ticket"].number
    say("same for me", thread="1.1", user="U_BOB")  # the platform gave no name
    detail = say(f"/ticket {number}", **ENGINEER)
    lines = console.render(detail).split("History", 1)[1].splitlines()
    assert any("Olga <b>Smirnova</b> (Acme): ticket opened" in line for line in lines), lines
    assert any(line.endswith("Acme: customer wrote (same for me)") for line in lines), lines
    assert not any("U_BOB" in line or "slack:" in line for line in lines)
    telegram = TelegramRenderer().render(detail)  # the person's words stay text
    assert "Olga &lt;b&gt;Smirnova&lt;/b&gt; (Acme)" in telegram
    assert "Olga &lt;b&gt;Smirnova&lt;/b&gt; (Acme)" in build_renderer().render(detail)
    own = console.render(say(f"/ticket {number}", thread="1.1"))  # the customer's own view
    assert "Olga <b>Smirnova</b> (Acme): ticket opened" in own


def test_an_sla_warning_names_the_engineer(say: Say, dispatcher: Dispatcher, outbox) -> None:
    with freeze_time("2026-11-24 10:00:00"):
        number = say("/ticket new Backups fail").data["ticket"].number
        say(f"/assign {number} alice", **ENGINEER)
    with freeze_time("2026-11-24 16:00:00"):
        dispatcher.services.sla_scanner.scan()
    [warning] = [n for n in outbox("notice_sla") if n["channel"] == "C_ENG"]
    text = shown(warning)
    assert f"{number}" in text and text.rstrip().endswith("— Alice"), text


def test_the_digest_names_the_engineer_of_a_ticket_at_risk(
    say: Say, dispatcher: Dispatcher
) -> None:
    with freeze_time("2026-11-24 10:00:00"):
        number = say("/ticket new Backups fail").data["ticket"].number
        say(f"/assign {number} alice", **ENGINEER)
    with freeze_time("2026-11-24 17:00:00"):
        data = dispatcher.services.digest.build()
    refs = [r for r in (*data.at_risk, *data.breached) if r.number == number]
    assert refs and {r.assignee for r in refs} == {"Alice"}
