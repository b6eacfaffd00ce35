"""The HTTP edge over real sockets: body limits, malformed requests, replays, double clicks."""

from __future__ import annotations

import json
import logging
import socket
from urllib.parse import urlsplit

from tests.adapters.slack import payloads
from tests.adapters.slack.conftest import RunningBot
from tests.fakes.slack_api import FakeSlackApi

LIMIT = 1024 * 1024


def _raw(bot: RunningBot, head: str, body_parts: list[bytes]) -> bytes:
    """Send a request by hand (headers, then parts as long as the server reads them) and
    return what the server answered."""
    parts = urlsplit(bot.url)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
        sock.sendall(head.encode())
        try:
            for part in body_parts:
                sock.sendall(part)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered and closed without reading the rest
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
            if b"\r\n\r\n" in answer:
                break
        return answer


def test_a_declared_oversized_body_is_refused_before_it_is_sent(slack_bot) -> None:
    head = (
        "POST /slack/events HTTP/1.1\r\nHost: bot\r\nContent-Type: application/json\r\n"
        f"Content-Length: {100 * 1024 * 1024}\r\n\r\n"
    )
    # Only the headers go out: had the server waited for the 100 MB, recv would time out.
    answer = _raw(slack_bot, head, [])
    assert answer.startswith(b"HTTP/1.1 413")
    assert slack_bot.send_event(payloads.load("url_verification")).status_code == 200


def test_a_chunked_body_is_cut_off_at_the_limit(slack_bot) -> None:
    head = (
        "POST /slack/events HTTP/1.1\r\nHost: bot\r\nContent-Type: application/json\r\n"
        "Transfer-Encoding: chunked\r\n\r\n"
    )
    chunk = b"x" * 65536
    # One chunk past the limit, and no end: the server must answer on the bytes it has.
    parts = [b"%x\r\n%s\r\n" % (len(chunk), chunk)] * (LIMIT // len(chunk) + 1)
    assert _raw(slack_bot, head, parts).startswith(b"HTTP/1.1 413")


def test_malformed_anonymous_requests_get_401_and_one_line(slack_bot, caplog) -> None:
    caplog.set_level(logging.INFO)
    bodies = [
        (b"\xff\xfe\x00 not text", "application/json"),
        (b"{not json", "application/json"),
        (b"payload=%7Bnot", "application/x-www-form-urlencoded"),
    ]
    for body, kind in bodies:
        caplog.clear()
        response = slack_bot.http.post(
            "/slack/events", content=body, headers={"Content-Type": kind}
        )
        assert response.status_code == 401
        ours = [r for r in caplog.records if r.levelno >= logging.WARNING]
        assert len(ours) == 1, [r.getMessage() for r in ours]
        assert ours[0].exc_info is None and "Traceback" not in caplog.text


def test_a_signed_but_unreadable_body_gets_400(slack_bot) -> None:
    body = "{not json"
    headers = payloads.signed_headers(body)
    response = slack_bot.http.post("/slack/events", content=body.encode(), headers=headers)
    assert response.status_code == 400


def test_request_bodies_never_reach_the_logs(slack_bot, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    secret_words = "my password is Hunter2-7781"
    event = payloads.event(text=secret_words)
    assert slack_bot.send_event(event, secret="forged").status_code == 401
    unhandled = {"type": "shortcut", "callback_id": "x", "trigger_id": "1.2", "team": {}}
    unhandled["user"] = {"id": "U_CUSTOMER", "name": secret_words}
    slack_bot.send_interaction(unhandled)
    assert "Hunter2-7781" not in caplog.text


def _open_ticket(bot: RunningBot, api: FakeSlackApi, subject: str) -> tuple[str, str]:
    event = payloads.event(text=f"/ticket new {subject} {payloads.next_ts()}")
    assert bot.send_event(event).status_code == 200
    opened = api.wait_for(
        "chat.postMessage", where=lambda c: c.payload.get("thread_ts") == event["event"]["ts"]
    )[0]
    number = opened.payload["text"].split("Ticket ", 1)[1].split(" ", 1)[0]
    return number, event["event"]["ts"]


def _in_thread(api: FakeSlackApi, thread: str, words: str) -> list:  # type: ignore[type-arg]
    return [
        c
        for c in api.wait_quiet("chat.postMessage", 1.0)
        if c.payload.get("thread_ts") == thread and words in c.payload["text"]
    ]


def test_a_replayed_support_reply_is_told_to_the_customer_once(slack_bot, fake_slack) -> None:
    number, thread = _open_ticket(slack_bot, fake_slack, "Replay me")
    hook = f"replay-{payloads.next_ts()}"
    body = payloads.command(
        f"reply {number} Restart Outlook please", response_url=fake_slack.hook_url(hook)
    )
    assert slack_bot.post(body, form=True).status_code == 200
    fake_slack.wait_for(f"/hooks/{hook}")
    assert slack_bot.post(body, form=True).status_code == 200  # the same signed request again
    assert len(_in_thread(fake_slack, thread, "Restart Outlook please")) == 1
    assert len(fake_slack.wait_quiet(f"/hooks/{hook}", 0.5)) == 1


def test_take_pressed_twice_tells_the_customer_once(slack_bot, fake_slack) -> None:
    number, thread = _open_ticket(slack_bot, fake_slack, "Double click")
    for _ in range(2):
        press = payloads.button(
            "ticket_take", number, user="U_ALICE", channel="C_ENG", thread_ts=payloads.next_ts()
        )
        assert slack_bot.send_interaction(press).status_code == 200
    told = _in_thread(fake_slack, thread, "working on")
    assert len(told) == 1, [c.payload["text"] for c in told]


def test_unsigned_forms_are_not_parsed_either(slack_bot) -> None:
    body = payloads.interactive({"type": "block_actions", "actions": "x" * 10})
    response = slack_bot.http.post(
        "/slack/events",
        content=body.encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 401
    assert json.loads(response.text) == {"error": "invalid request"}
