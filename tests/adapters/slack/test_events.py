"""Customers over real HTTP: threaded answers with buttons, follow-ups, what is ignored."""

from __future__ import annotations

from sqlmodel import Session, col, select

from bot.db import create_db_engine
from bot.db.models import OutboxMessage
from tests.adapters.slack import payloads
from tests.adapters.slack.conftest import RunningBot, wait_until
from tests.fakes.base import Call
from tests.fakes.slack_api import FakeSlackApi


def _in_thread(ts: str):  # type: ignore[no-untyped-def]
    return lambda call: call.payload.get("thread_ts") == ts


def _ask(bot: RunningBot, api: FakeSlackApi, text: str, **kw: str) -> tuple[dict, Call]:
    body = payloads.event(text=text, **kw)
    response = bot.send_event(body)
    assert response.status_code == 200, response.text
    thread = body["event"].get("thread_ts") or body["event"]["ts"]
    return body, api.wait_for("chat.postMessage", where=_in_thread(thread))[-1]


def test_customer_question_gets_a_threaded_answer_with_buttons(slack_bot, fake_slack) -> None:
    # a person with no ticket here: an open one would be offered under the answer
    body, call = _ask(slack_bot, fake_slack, "I forgot my password", user="U_NO_TICKET")
    posted = call.payload
    assert posted["channel"] == "C_ACME"
    assert posted["thread_ts"] == body["event"]["ts"]
    assert "Reset a forgotten password" in posted["text"]
    actions = next(b for b in posted["blocks"] if b["type"] == "actions")["elements"]
    assert [a["action_id"] for a in actions] == [
        "kb_helped",
        "kb_not_helped",
        "kb_talk_to_engineer",
    ]
    assert call.headers["authorization"] == "Bearer xoxb-test-token-never-logged"


def test_follow_up_in_the_thread_is_the_same_conversation(slack_bot, fake_slack) -> None:
    first, _ = _ask(slack_bot, fake_slack, "Cannot connect to the VPN")
    thread = first["event"]["ts"]
    _, call = _ask(
        slack_bot,
        fake_slack,
        "how do I reset my password?",
        thread_ts=thread,
        parent_user_id="U_CUSTOMER",
    )
    assert call.payload["thread_ts"] == thread
    assert len(fake_slack.calls("chat.postMessage")) >= 2


def test_mention_in_someone_elses_thread_is_answered_there(slack_bot, fake_slack) -> None:
    thread = payloads.next_ts()
    chatter = payloads.event(
        text="anyone know?", user="U_OTHER", thread_ts=thread, parent_user_id="U_CUSTOMER"
    )
    assert slack_bot.send_event(chatter).status_code == 200
    mention = payloads.event("app_mention", text="<@U_BOT> I forgot my password", thread_ts=thread)
    assert slack_bot.send_event(mention).status_code == 200
    call = fake_slack.wait_for("chat.postMessage", where=_in_thread(thread))[0]
    assert "Reset a forgotten password" in call.payload["text"]
    # the chatter was decided before its ack: nothing is queued for it
    assert _outbox_keys(slack_bot, chatter["event_id"]) == []


def test_unmapped_channel_gets_a_polite_refusal_and_no_data(slack_bot, fake_slack) -> None:
    _, call = _ask(slack_bot, fake_slack, "show me acme's tickets", channel="C_STRANGER")
    assert call.payload["channel"] == "C_STRANGER"
    assert "isn't linked to a customer" in call.payload["text"]
    assert "acme" not in call.payload["text"].lower()
    assert not [b for b in call.payload["blocks"] if b["type"] == "actions"]


def _outbox_keys(bot: RunningBot, event_id: str) -> list[str]:
    engine = create_db_engine(bot.dispatcher.settings.database_url)
    with Session(engine) as session:
        rows = session.exec(
            select(OutboxMessage.dedupe_key).where(col(OutboxMessage.dedupe_key).contains(event_id))
        ).all()
    engine.dispose()
    return [str(r) for r in rows]


def test_bots_edits_and_joins_are_acked_and_ignored(slack_bot, fake_slack) -> None:
    ignored = [
        payloads.event("message_bot", user=None),
        payloads.event("message_changed", user=None),
        payloads.event("channel_join"),
        payloads.event(text="my own answer", user="U_BOT"),
        payloads.event(text="another app", bot_id="B_OTHER", user="U_APPUSER"),
    ]
    for body in ignored:
        assert slack_bot.send_event(body).status_code == 200
    # a real question afterwards is answered, proving the app kept working
    _ask(slack_bot, fake_slack, "I forgot my password")
    ignored_ts = {b["event"]["ts"] for b in ignored}
    assert not [
        c for c in fake_slack.calls("chat.postMessage") if c.payload.get("thread_ts") in ignored_ts
    ]
    for body in ignored:
        assert _outbox_keys(slack_bot, body["event_id"]) == []


def test_redeliveries_are_acked_without_a_second_answer(slack_bot, fake_slack) -> None:
    body = payloads.event(text="I forgot my password")
    assert slack_bot.send_event(body).status_code == 200
    thread = body["event"]["ts"]
    fake_slack.wait_for("chat.postMessage", where=_in_thread(thread))
    for attempt in ("1", "2", "3"):
        retry = {"X-Slack-Retry-Num": attempt, "X-Slack-Retry-Reason": "http_timeout"}
        assert slack_bot.send_event(body, headers=retry).status_code == 200
    _ask(slack_bot, fake_slack, "Cannot connect to the VPN")  # later work went through
    assert len(fake_slack.calls("chat.postMessage", ok_only=False)) >= 1
    assert len([c for c in fake_slack.calls("chat.postMessage") if _in_thread(thread)(c)]) == 1
    assert _outbox_keys(slack_bot, body["event_id"]) == [f"answer:{body['event_id']}"]


def test_a_retry_whose_first_delivery_never_arrived_is_answered(slack_bot, fake_slack) -> None:
    body = payloads.event(text="Cannot connect to the VPN")
    retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_error"}
    assert slack_bot.send_event(body, headers=retry).status_code == 200
    fake_slack.wait_for("chat.postMessage", where=_in_thread(body["event"]["ts"]))


def test_hostile_customer_text_is_escaped_everywhere_it_is_echoed(slack_bot, fake_slack) -> None:
    hostile = (
        "/ticket new <!channel> <!here> &lt;!everyone&gt; <https://evil.example|click> &amp; @here"
    )
    _, call = _ask(slack_bot, fake_slack, hostile)
    text = call.payload["text"]
    assert "T-" in text
    for bad in ("<!channel>", "<!here>", "<!everyone>", "<https://evil", "@here"):
        assert bad not in text
    assert "&lt;!everyone&gt;" in text and "&amp;" in text
    alert = fake_slack.wait_for(
        "chat.postMessage",
        where=lambda c: (
            c.payload["channel"] == "C_ENG" and "&lt;!everyone&gt;" in c.payload["text"]
        ),
    )[0]
    assert "<!" not in alert.payload["text"] and "@here" not in alert.payload["text"]


def test_an_event_the_database_cannot_store_is_refused_so_slack_sends_it_again(
    slack_bot, fake_slack, monkeypatch
) -> None:
    """Acked means stored: when the inbox write fails Slack gets an error, not a 200."""
    inbox = slack_bot.dispatcher.services.inbox
    real = inbox.add_many
    failures = iter([True])

    def flaky(deliveries):  # type: ignore[no-untyped-def]
        if next(failures, False):
            raise OSError("disk full")
        return real(deliveries)

    monkeypatch.setattr(inbox, "add_many", flaky)
    body = payloads.event(text="I forgot my password")
    assert slack_bot.send_event(body).status_code >= 500
    retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_error"}
    assert slack_bot.send_event(body, headers=retry).status_code == 200
    thread = body["event"]["ts"]
    fake_slack.wait_for("chat.postMessage", where=_in_thread(thread))
    _ask(slack_bot, fake_slack, "Cannot connect to the VPN")
    assert len([c for c in fake_slack.calls("chat.postMessage") if _in_thread(thread)(c)]) == 1


def test_an_event_a_dead_worker_had_claimed_is_answered_once_its_lease_ends(
    slack_bot, fake_slack
) -> None:
    """A worker killed after storing (and claiming) an event: another one answers it."""
    from datetime import timedelta

    from bot.services.inbox import Delivery

    inbox = slack_bot.dispatcher.services.inbox
    body = payloads.event(text="I forgot my password")
    stored = {"event": body, "bot_user_id": None}
    inbox.add_many([Delivery("slack", body["event_id"], stored)])
    # The dead worker's claim, with a lease that has already run out.
    while not inbox.claim("slack", limit=1, lease=timedelta(seconds=-1)):
        pass
    thread = body["event"]["ts"]
    fake_slack.wait_for("chat.postMessage", where=_in_thread(thread), timeout=10)
    _ask(slack_bot, fake_slack, "Cannot connect to the VPN")
    assert len([c for c in fake_slack.calls("chat.postMessage") if _in_thread(thread)(c)]) == 1
    # The worker marks the event done after its reply is sent: wait for that, not race it.
    assert wait_until(lambda: inbox.pending("slack") == 0)
