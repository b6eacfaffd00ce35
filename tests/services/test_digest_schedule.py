"""Scheduled digests: on time in the recipient's zone, once, late after downtime, weekends off."""

from __future__ import annotations

import textwrap
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from freezegun import freeze_time

from bot.app import build_dispatcher
from bot.dispatcher import Dispatcher
from bot.services.digest.schedule import latest_due
from bot.settings import DigestConfig, load_settings
from tests.factories import CONFIG, write_kb
from tests.fakes.smtp import FakeMailServer

DIGESTS = """\
    digests:
      - name: daily-ops
        recipient: {platform: slack, id: C_MGMT}
        time: "09:00"
        timezone: Europe/Moscow
        weekdays: [mon, tue, wed, thu, fri]
      - name: acme-weekly
        recipient: {platform: telegram, id: "-100777"}
        time: "08:30"
        timezone: Pacific/Auckland
        weekdays: [mon]
        customers: [acme]
"""


@pytest.fixture
def with_digests(tmp_path: Path, database_url: str) -> Dispatcher:
    write_kb(tmp_path / "kb")
    path = tmp_path / "supportbot.yml"
    path.write_text(textwrap.dedent(CONFIG) + textwrap.dedent(DIGESTS), encoding="utf-8")
    return build_dispatcher(load_settings(path, environ={"DATABASE_URL": database_url}))


def _run(dispatcher: Dispatcher, at: str | datetime) -> list[str]:
    with freeze_time(at):
        return dispatcher.services.digest.run_due()


def test_sent_at_local_time_once(with_digests: Dispatcher, outbox) -> None:
    assert _run(with_digests, "2026-11-24 05:59:00") == []  # 08:59 in Moscow
    assert _run(with_digests, "2026-11-24 06:00:00") == ["daily-ops:2026-11-24"]
    assert _run(with_digests, "2026-11-24 06:00:30") == []
    [sent] = outbox("digest")
    assert (sent["platform"], sent["channel"]) == ("slack", "C_MGMT")
    assert sent["data"]["digest"]["title_start"] == "2026-11-23"
    assert sent["data"]["digest"]["late"] is False
    assert sent["data"]["chart_png"]  # the 14-day chart travels with it


def test_two_workers_send_one_digest(with_digests: Dispatcher, outbox) -> None:
    other = build_dispatcher(with_digests.settings)
    sent = _run(with_digests, "2026-11-24 06:00:00") + _run(other, "2026-11-24 06:00:00")
    assert sent == ["daily-ops:2026-11-24"]
    assert len(outbox("digest")) == 1


def test_downtime_sends_it_late_when_back(with_digests: Dispatcher, outbox) -> None:
    assert _run(with_digests, "2026-11-23 06:00:00") == ["daily-ops:2026-11-23"]
    # Down from before 09:00 on the 24th until 12:40 Moscow time.
    assert _run(with_digests, "2026-11-24 09:40:00") == ["daily-ops:2026-11-24"]
    late = outbox("digest")[1]["data"]["digest"]
    assert (late["title_start"], late["late"]) == ("2026-11-23", True)


def test_a_new_digest_does_not_dig_up_the_past(with_digests: Dispatcher) -> None:
    assert _run(with_digests, "2026-11-24 09:40:00") == []


def test_monday_digest_covers_the_weekend(with_digests: Dispatcher, outbox) -> None:
    assert _run(with_digests, "2026-11-28 06:00:00") == []  # Saturday: weekends off
    _run(with_digests, "2026-11-30 06:00:00")  # Monday 09:00 Moscow
    digest = outbox("digest")[0]["data"]["digest"]
    assert (digest["title_start"], digest["title_end"]) == ("2026-11-27", "2026-11-29")


def test_across_the_date_line(with_digests: Dispatcher, outbox) -> None:
    # Monday 08:30 in Auckland (UTC+13 in summer) is Sunday 19:30 UTC.
    assert _run(with_digests, "2026-11-29 19:29:00") == []
    assert _run(with_digests, "2026-11-29 19:30:00") == ["acme-weekly:2026-11-30"]
    [weekly] = [n for n in outbox("digest") if n["platform"] == "telegram"]
    assert weekly["data"]["digest"]["customers"] == ["acme"]
    assert weekly["data"]["digest"]["title_start"] == "2026-11-23"  # the Monday before
    assert weekly["data"]["digest"]["title_end"] == "2026-11-29"


def test_dst_switch_keeps_the_local_time() -> None:
    config = DigestConfig.model_validate(
        {"name": "d", "recipient": {"platform": "slack", "id": "C"}, "time": "09:00"}
    )
    berlin = ZoneInfo("Europe/Berlin")
    # The day after the spring switch (29 Mar 2026) 09:00 Berlin is 07:00 UTC, not 08:00.
    found = latest_due(config, datetime(2026, 3, 30, 7, 0, tzinfo=ZoneInfo("UTC")), berlin)
    assert found is not None and found.day == date(2026, 3, 30)
    before = latest_due(config, datetime(2026, 3, 30, 6, 59, tzinfo=ZoneInfo("UTC")), berlin)
    assert before is not None and before.day == date(2026, 3, 29)


def test_email_digest_arrives_with_text_html_and_chart(
    tmp_path: Path, smtp: FakeMailServer, database_url: str
) -> None:
    import asyncio
    from email import message_from_string

    from bot.adapters.email import build_email_pump

    mailbox, port = smtp, smtp.port
    write_kb(tmp_path / "kb")
    extra = f"""\
    smtp: {{host: 127.0.0.1, port: {port}, sender: digest@reseller.example}}
    digests:
      - name: mail-ops
        recipient: {{platform: email, id: boss@reseller.example}}
        time: "09:00"
"""
    path = tmp_path / "supportbot.yml"
    path.write_text(textwrap.dedent(CONFIG) + textwrap.dedent(extra), encoding="utf-8")
    dispatcher = build_dispatcher(load_settings(path, environ={"DATABASE_URL": database_url}))
    assert _run(dispatcher, "2026-11-24 06:00:00") == ["mail-ops:2026-11-24"]
    pump = build_email_pump(dispatcher.settings, dispatcher.services.outbox)
    assert pump is not None

    async def send_twice() -> tuple[int, int]:
        first, second = await pump.drain(), await pump.drain()
        await pump.stop()
        return first, second

    with freeze_time("2026-11-24 06:00:05"):
        assert asyncio.run(send_twice()) == (1, 0)
    [(_sender, recipients, content)] = mailbox.messages
    assert recipients == ["boss@reseller.example"]
    message = message_from_string(content)
    assert "2026-11-23" in message["Subject"]
    kinds = [part.get_content_type() for part in message.walk()]
    assert {"text/plain", "text/html", "image/png"} <= set(kinds)
    # The chart is inline: the HTML refers to the image part by its Content-ID.
    [html] = [p for p in message.walk() if p.get_content_type() == "text/html"]
    [png] = [p for p in message.walk() if p.get_content_type() == "image/png"]
    assert png["Content-ID"] == "<chart>"
    assert 'src="cid:chart"' in html.get_payload(decode=True).decode()
    assert "multipart/related" in kinds
    assert dispatcher.services.outbox.depth() == 0
