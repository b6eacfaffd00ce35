"""The digest's figures, checked against numbers worked out by hand for a small history."""

from __future__ import annotations

from datetime import timedelta

from freezegun import freeze_time

from bot.messages import Reply
from bot.rendering import Renderer
from tests.conftest import Say

ENGINEER = {"user": "U_ALICE", "channel": "C_ENG"}
MANAGER = {"user": "U_MARIA", "channel": "C_MGMT"}


def _history(say: Say) -> None:
    """Moscow is UTC+3, so the local day 2026-11-23 is 22 Nov 21:00 – 23 Nov 21:00 UTC.

    T-1001 opened the day before (22 Nov 12:00 UTC), answered on the 23rd.
    T-1002 A, opened 23 Nov 06:00, answered after 30 min, resolved after 5 h.
    T-1003 C, globex, opened 23 Nov 07:00, never answered: first response due 15:00 (8 h).
    T-1004 B, opened 23 Nov 20:59:00 (local 23:59), answered after 1 h (on the 24th).
    T-1005 opened 23 Nov 21:00 (local 24 Nov 00:00): not in the day.
    """
    with freeze_time("2026-11-22 12:00:00"):
        say("/ticket new before the day")
    with freeze_time("2026-11-23 06:00:00"):
        a = say("/ticket new Everything is down").data["ticket"].number
        say(f"/severity {a} A", **ENGINEER)
    with freeze_time("2026-11-23 06:30:00"):
        say(f"/reply {a} On it", **ENGINEER)
    with freeze_time("2026-11-23 07:00:00"):
        say("/ticket new VM slow", channel="C_GLOBEX")
    with freeze_time("2026-11-23 09:00:00"):
        say("/reply T-1001 Sorry for the wait", **ENGINEER)
    with freeze_time("2026-11-23 11:00:00"):
        say(f"/resolve {a} Restarted", **ENGINEER)
    with freeze_time("2026-11-23 20:59:00"):
        b = say("/ticket new Billing question").data["ticket"].number
        say(f"/severity {b} B", **ENGINEER)
    with freeze_time("2026-11-23 21:59:00"):
        say(f"/reply {b} Answer", **ENGINEER)
    with freeze_time("2026-11-23 21:00:00"):
        say("/ticket new already tomorrow")
    with freeze_time("2026-11-23 10:00:00"):
        say("how do I reset my password")
        say("qwzx flurble garnok")
        say("QWZX   flurble garnok")


def test_figures_match_the_hand_count(say: Say) -> None:
    _history(say)
    with freeze_time("2026-11-24 06:00:00"):  # 09:00 in Moscow
        d = say("/digest", **MANAGER).data["digest"]
    assert (d.title_start, d.title_end) == ("2026-11-23", "2026-11-23")
    assert [t.number for t in d.opened] == ["T-1002", "T-1003", "T-1004"]
    assert d.opened_by_severity == {"A": 1, "B": 1, "C": 1}
    assert [t.number for t in d.resolved] == ["T-1002"]
    # Open at local midnight: T-1001 (answered, not resolved), T-1003, T-1004.
    assert d.still_open == 3
    # First responses given on the 23rd: T-1002 after 30 min, T-1001 after 21 h.
    assert d.first_response.count == 2
    assert d.first_response.median == timedelta(minutes=30)
    assert d.first_response.p90 == timedelta(hours=21)
    assert d.first_response.within_target == 1  # T-1001 missed its 8 h
    assert d.resolution.median == timedelta(hours=5)
    # Breached during the day: only T-1003's first response (due 15:00 UTC, never given).
    # T-1001's was due 22 Nov 20:00 UTC, which is still the 22nd in Moscow.
    assert [(r.number, r.clock) for r in d.breached] == [("T-1003", "first_response")]
    # At risk in the 24 h after 24 Nov 06:00 UTC: nothing. T-1005's first response was due
    # at 05:00 (already past), and the nearest resolution target is days away.
    assert d.at_risk == []
    assert (d.kb.questions, d.kb.answered) == (3, 1)
    assert d.kb.top_gaps == [("qwzx flurble garnok", 2)]
    [alice] = d.workload
    assert (alice.engineer, alice.replies, alice.resolved) == (
        "Alice",
        2,
        1,
    )  # the engineer as people know them


def test_digest_renders_every_section(say: Say, console: Renderer) -> None:
    _history(say)
    with freeze_time("2026-11-24 06:00:00"):
        text = console.render(say("/digest", **MANAGER))
    assert text.startswith("Support digest for 2026-11-23 (Europe/Moscow)")
    assert "Opened: 3 (A 1, B 1, C 1; technical 3, billing 0, account 0, other 0) — T-1002" in text
    assert "First response: median 30m, p90 21h 00m; 1 of 2 within the SLA target (50%)" in text
    # Times are the digest's own zone (Moscow), not UTC: 15:00 UTC is 18:00 MSK.
    assert "T-1003 globex [C] first response due 2026-11-23 18:00 MSK" in text
    assert "2× qwzx flurble garnok" in text


def test_yesterday_depends_on_the_reseller_time_zone(say: Say) -> None:
    # 22:30 UTC on the 23rd is 01:30 on the 24th in Moscow: yesterday is the 23rd.
    with freeze_time("2026-11-23 22:30:00"):
        assert say("/digest", **MANAGER).data["digest"].title_start == "2026-11-23"
    with freeze_time("2026-11-23 20:30:00"):
        assert say("/digest", **MANAGER).data["digest"].title_start == "2026-11-22"


def test_empty_day_says_so_and_still_shows_the_backlog(say: Say, console: Renderer) -> None:
    with freeze_time("2026-11-24 06:00:00"):
        text = console.render(say("/digest 2026-01-05", **MANAGER))
    assert text.splitlines() == [
        "Nothing happened on 2026-01-05: no tickets opened or resolved, no questions asked.",
        "Open now: 0 (A 0, B 0, C 0)",
        "Open service incidents: 1",
        "  VPN gateway: degraded since 2026-11-24 09:00 MSK — acme",
    ]


def test_a_quiet_day_does_not_hide_an_open_a_ticket(say: Say, console: Renderer) -> None:
    """The day had nothing new, but an A ticket opened a week earlier still waits."""
    with freeze_time("2026-11-16 08:00:00"):
        number = say("/ticket new Mail is down for everyone").data["ticket"].number
        say(f"/severity {number} A", **ENGINEER)
    with freeze_time("2026-11-17 08:00:00"):
        say("/incident open vms major Host lost power", **ENGINEER)
    with freeze_time("2026-11-24 06:00:00"):
        reply = say("/digest 2026-11-23", **MANAGER)
    backlog = reply.data["digest"].backlog
    assert reply.data["digest"].opened == [] and reply.data["digest"].resolved == []
    assert backlog.open_by_severity == {"A": 1, "B": 0, "C": 0}
    assert [r.number for r in backlog.urgent] == [number]
    [incident] = [i for i in backlog.incidents if i.service == "Virtual machines"]
    assert incident.ongoing
    text = console.render(reply)
    assert "Open now: 1 (A 1, B 0, C 0)" in text
    assert f"{number} acme [A] Mail is down for everyone" in text
    assert "unassigned" in text
    assert "Virtual machines: major outage since 2026-11-17 11:00 MSK" in text


def test_today_so_far_counts_only_what_has_happened(say: Say, console: Renderer) -> None:
    """At 13:00 Moscow time on the 23rd: T-1003's first response is due at 18:00 MSK, so it
    is not breached yet, and an incident opened a minute ago has lasted a minute."""
    with freeze_time("2026-11-23 07:00:00"):
        say("/ticket new VM slow", channel="C_GLOBEX")
    with freeze_time("2026-11-23 09:59:00"):
        say("/incident open vms degraded Disks are slow", **ENGINEER)
    with freeze_time("2026-11-23 10:00:00"):
        reply = say("/digest 2026-11-23", **MANAGER)
    d = reply.data["digest"]
    assert d.breached == []
    assert [r.number for r in d.at_risk] == ["T-1001"]
    [incident] = [i for i in d.incidents if i.service == "Virtual machines"]
    assert incident.duration == 60
    text = console.render(reply)
    assert text.startswith(
        "Support digest for 2026-11-23 (Europe/Moscow) — so far, as of 2026-11-23 13:00 MSK"
    )
    assert "Virtual machines: degraded, 1m" in text
    # After the due time the same ticket is breached.
    with freeze_time("2026-11-23 15:01:00"):
        later = say("/digest 2026-11-23", **MANAGER).data["digest"]
    assert [(r.number, r.clock) for r in later.breached] == [("T-1001", "first_response")]


def test_html_digest_has_every_section_of_the_text_one(say: Say) -> None:
    _history(say)
    with freeze_time("2026-11-23 12:00:00"):
        say("/incident open vms degraded Disks are slow", **ENGINEER)
    with freeze_time("2026-11-24 06:00:00"):
        reply = say("/digest", **MANAGER)
    html = Renderer("email", extension="html", autoescape=True).render(reply)
    text = Renderer("email", extension="txt").render(reply)
    for heading in (
        "Open now: 4",
        "Open service incidents: 2",  # the config's VPN incident and the VM one
        "Tickets",
        "Breached: 1",
        "At risk in the next 24 h: 0",
        "Open cases with the provider: 0",
        "Service incidents: 2",
        "Knowledge base",
        "Workload",
    ):
        assert heading in html, heading
        assert heading in text, heading
    assert "technical 3" in html  # categories, as in the text digest
    assert "cid:chart" not in html  # no chart in this reply: no broken image
    with_chart = Reply(kind="digest", data={**reply.data, "chart_png": "iVBORw0KGgo="})
    assert '<img src="cid:chart"' in Renderer("email", extension="html").render(with_chart)


def test_bad_date_is_explained(say: Say, console: Renderer) -> None:
    assert "For example: /digest 2026-11-23" in console.render(say("/digest 23/11", **MANAGER))


def test_digest_command_line_preview(config_file, capsys) -> None:
    from bot.cli import main

    with freeze_time("2026-11-24 09:00:00"):
        assert main(["--config", str(config_file), "digest", "--date", "2026-11-20"]) == 0
        assert "Nothing happened on 2026-11-20" in capsys.readouterr().out
        assert main(["--config", str(config_file), "digest", "--format", "html"]) == 0
    html = capsys.readouterr().out
    assert html.lstrip().startswith("<!doctype html>") and "2026-11-23" in html


def test_digest_survives_the_outbox_round_trip(say: Say, console: Renderer) -> None:
    """A scheduled digest travels as JSON; its computed figures must survive that."""
    import json

    from bot.messages import reply_from_dict, reply_to_dict

    _history(say)
    with freeze_time("2026-11-24 06:00:00"):
        reply = say("/digest", **MANAGER)
    restored = reply_from_dict(json.loads(json.dumps(reply_to_dict(reply))))
    assert console.render(restored) == console.render(reply)


def test_an_answer_rated_unhelpful_is_not_settled(say: Say) -> None:
    """Walk-through (eleventh session): the day's only question, rated "no", showed as
    "settled without an engineer: 100%"."""
    with freeze_time("2026-11-23 10:00:00"):
        answer = say("how do I reset my password")
        [qid] = [a.value for a in answer.actions if a.action_id == "kb_talk_to_engineer"]
        say("", action_id="kb_not_helped", action_value=qid)
        say("how do I reset my password", thread="9.9")  # asked again, not rated
    with freeze_time("2026-11-24 06:00:00"):
        d = say("/digest", **MANAGER).data["digest"]
    assert (d.kb.questions, d.kb.answered, d.kb.unhelpful) == (2, 2, 1)
    assert d.kb.deflection == 0.5
