"""The outbox sender against the fake API: 429 Retry-After, 5xx backoff, notices."""

from __future__ import annotations

import json

from sqlmodel import Session, select

from bot.db import create_db_engine
from bot.db.models import OutboxMessage
from bot.enums import Platform
from bot.messages import Action, Notice, Reply
from tests.adapters.slack import payloads
from tests.adapters.slack.conftest import wait_until
from tests.fakes.slack_api import uploaded


def _sent_row(bot, dedupe_key: str) -> OutboxMessage:  # type: ignore[no-untyped-def]
    """The outbox row once the sender has marked it sent."""
    engine = create_db_engine(bot.dispatcher.settings.database_url)

    def sent() -> OutboxMessage | None:
        with Session(engine) as session:
            query = select(OutboxMessage).where(OutboxMessage.dedupe_key == dedupe_key)
            row = session.exec(query).one()
        return row if row.sent_at is not None else None

    try:
        return wait_until(sent)
    finally:
        engine.dispose()


def _answer_after_failure(bot, api, status: int, retry_after: float | None):  # type: ignore[no-untyped-def]
    body = payloads.event(text="I forgot my password")
    thread = body["event"]["ts"]
    in_thread = lambda p: p.get("thread_ts") == thread  # noqa: E731
    api.fail("chat.postMessage", status, retry_after=retry_after, where=in_thread)
    assert bot.send_event(body).status_code == 200
    calls = api.wait_for("chat.postMessage", 2, where=lambda c: in_thread(c.payload), ok_only=False)
    return body, calls


def test_429_is_retried_after_retry_after_and_then_sent(slack_bot, fake_slack) -> None:
    body, calls = _answer_after_failure(slack_bot, fake_slack, 429, retry_after=1)
    assert [c.status for c in calls] == [429, 200]
    assert calls[0].payload == calls[1].payload  # the same message, kept and sent later
    row = _sent_row(slack_bot, f"answer:{body['event_id']}")
    assert row.attempts == 2
    assert "rate limited" in (row.last_error or "")


def test_500_is_retried_with_backoff_and_then_sent(slack_bot, fake_slack) -> None:
    body, calls = _answer_after_failure(slack_bot, fake_slack, 500, retry_after=None)
    assert [c.status for c in calls] == [500, 200]
    row = _sent_row(slack_bot, f"answer:{body['event_id']}")
    assert row.attempts == 2
    assert "internal_error" in (row.last_error or "")


def test_core_notices_are_rendered_and_posted_into_the_thread(slack_bot, fake_slack) -> None:
    thread = payloads.next_ts()
    reply = Reply(
        kind="notice_engineer_reply",
        data={"engineer": "Alice", "ticket": {"number": "T-4242"}, "text": "Fixed <!here> & done"},
        actions=(Action("ticket_confirm_yes", "T-4242"), Action("ticket_confirm_no", "T-4242")),
    )
    notice = Notice(Platform.SLACK, "C_ACME", reply, thread=thread)
    assert slack_bot.dispatcher.services.outbox.enqueue_notice(notice, dedupe_key=f"n:{thread}")
    call = fake_slack.wait_for(
        "chat.postMessage", where=lambda c: c.payload.get("thread_ts") == thread
    )[0]
    text = call.payload["text"]
    assert "Alice (support) on T-4242" in text
    assert "Fixed &lt;!here&gt; &amp; done" in text
    buttons = next(b for b in call.payload["blocks"] if b["type"] == "actions")["elements"]
    assert [b["text"]["text"] for b in buttons] == ["Yes, solved", "No, still broken"]


def _engineer_reply(text: str) -> Reply:
    return Reply(
        kind="notice_engineer_reply",
        data={"engineer": "Alice", "ticket": {"number": "T-4242"}, "text": text},
    )


def test_messages_for_one_channel_keep_their_order_across_a_retry(slack_bot, fake_slack) -> None:
    thread = payloads.next_ts()
    outbox = slack_bot.dispatcher.services.outbox
    first = f"first {thread}"
    fake_slack.fail("chat.postMessage", 500, where=lambda p: first in p.get("text", ""))
    for word in ("first", "second"):
        notice = Notice(Platform.SLACK, "C_ORDER", _engineer_reply(f"{word} {thread}"), thread)
        outbox.enqueue_notice(notice, dedupe_key=f"{word}:{thread}")
    calls = fake_slack.wait_for(
        "chat.postMessage", 2, where=lambda c: c.payload.get("thread_ts") == thread
    )
    assert [first in c.payload["text"] for c in calls] == [True, False]


def test_a_digest_notice_renders_from_its_outbox_form(slack_bot) -> None:
    """Digests reach Slack as notices: rendered from plain JSON data at send time."""
    from datetime import date, timedelta

    from bot.adapters.slack.render import SlackRenderer
    from bot.messages import reply_from_dict, reply_to_dict

    services = slack_bot.dispatcher.services
    for day in (date.today(), date.today() - timedelta(days=1)):
        data = services.digest.build(day)
        reply = reply_from_dict(reply_to_dict(Reply(kind="digest", data={"digest": data})))
        text = SlackRenderer().message(reply)["text"]
        assert text and "<!" not in text


def test_an_unrenderable_notice_is_parked_and_the_rest_still_go_out(slack_bot, fake_slack) -> None:
    thread = payloads.next_ts()
    outbox = slack_bot.dispatcher.services.outbox
    broken = Notice(Platform.SLACK, "C_PARK", Reply(kind="no_such_kind"), thread=thread)
    fine = Notice(Platform.SLACK, "C_PARK", Reply(kind="error_generic"), thread=thread)
    assert outbox.enqueue_notice(broken, dedupe_key=f"broken:{thread}")
    assert outbox.enqueue_notice(fine, dedupe_key=f"fine:{thread}")
    fake_slack.wait_for("chat.postMessage", where=lambda c: c.payload.get("thread_ts") == thread)
    engine = create_db_engine(slack_bot.dispatcher.settings.database_url)
    with Session(engine) as session:
        row = session.exec(
            select(OutboxMessage).where(OutboxMessage.dedupe_key == f"broken:{thread}")
        ).one()
    engine.dispose()
    assert row.sent_at is None and "render" in (row.last_error or "")


def test_a_scheduled_digest_arrives_with_its_chart(slack_bot, fake_slack) -> None:
    """The managers' channel gets the digest text and the 14-day chart as a file."""
    from datetime import UTC, datetime, timedelta

    from bot.services.digest.schedule import latest_due
    from bot.settings import DigestConfig

    # No freeze_time here: it would stop the clock of the server's event loop too.
    digest = DigestConfig.model_validate(
        {"name": "ops", "recipient": {"platform": "slack", "id": "C_DIGEST"}, "time": "00:00"}
    )
    service = slack_bot.dispatcher.services.digest
    now = datetime.now(UTC)
    occurrence = latest_due(digest, now, service.zone("UTC"))
    assert occurrence is not None
    assert service.deliver(digest, occurrence, now)
    [text] = fake_slack.wait_for(
        "chat.postMessage", where=lambda c: c.payload.get("channel") == "C_DIGEST"
    )
    yesterday = (occurrence.day - timedelta(days=1)).isoformat()
    assert yesterday in json.dumps(text.payload, ensure_ascii=False)
    [done] = fake_slack.wait_for(  # other tests of the package upload files too (/file)
        "files.completeUploadExternal", where=lambda c: c.payload.get("channel_id") == "C_DIGEST"
    )
    uploads = uploaded(fake_slack, done)
    assert len(uploads) == 1 and uploads[0].payload["content"][:4] == b"\x89PNG"
