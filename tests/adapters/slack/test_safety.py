"""Nothing cut, nothing dropped, tenants apart — over real HTTP and the fake Web API, on
SQLite and PostgreSQL: a 10,000-character NDR reaches the ticket and the engineer whole; a
screenshot alone is a comment on the ticket the engineer sees; a staff member's /tickets
in a customer's channel is posted with chat.postEphemeral to them alone; a file about no
ticket is answered, not dropped in silence."""

from __future__ import annotations

from typing import Any

from bot.enums import Role
from bot.messages import Actor
from tests.adapters.slack import payloads
from tests.adapters.slack.conftest import RunningBot
from tests.adapters.slack.test_threads import _handled, _open_ticket, _posts, _say
from tests.fakes.slack_api import FakeSlackApi

STAFF = Actor(role=Role.ENGINEER, user_id="alice")
SCREENSHOT = {
    "id": "F0SCREEN01",
    "name": "screenshot.png",
    "title": "screenshot.png",
    "mimetype": "image/png",
    "filetype": "png",
    "size": 250_880,
    "url_private": "https://files.slack.com/files-pri/T0-F0SCREEN01/screenshot.png",
    "permalink": "https://acme.slack.com/files/U_CUST/F0SCREEN01/screenshot.png",
}


def _ndr(thread: str) -> str:
    """A pasted bounce of about 10,000 characters whose last line matters most."""
    lines = [f"Received: from mx{i}.example.net by relay.example.net; {thread}" for i in range(160)]
    return "\n".join([*lines, "550 5.7.1 Final-Recipient: rfc822; boss@acme.example END-OF-NDR"])


def _engineer_texts(api: FakeSlackApi, number: str) -> str:
    return "\n".join(
        str(c.payload.get("text"))
        for c in api.calls("chat.postMessage")
        if c.payload["channel"] == "C_ENG"
    )


def test_a_long_ndr_reaches_the_ticket_and_the_engineer_whole(
    slack_bot: RunningBot, fake_slack: FakeSlackApi
) -> None:
    number, thread = _open_ticket(slack_bot, fake_slack, "en", "U_CUST_NDR")
    ndr = _ndr(thread)
    assert len(ndr) > 10_000
    in_thread = {"channel": "C_ACME", "thread_ts": thread, "parent_user_id": "U_CUST_NDR"}
    _say(slack_bot, text=ndr, user="U_CUST_NDR", **in_thread)
    added = _posts(fake_slack, thread, 3)[-1]["text"]
    assert added.startswith(f"Added to {number}")
    _, events = slack_bot.dispatcher.services.tickets.get(STAFF, number)
    assert [e.new for e in events if e.kind == "comment"] == [ndr]
    # The engineers' channel hears all of it, in several messages Slack accepts.
    pieces = fake_slack.wait_for(
        "chat.postMessage",
        2,
        where=lambda c: c.payload["channel"] == "C_ENG" and thread in c.payload["text"],
    )
    assert all(len(p.payload["text"]) <= 12_000 for p in pieces)
    seen = _engineer_texts(fake_slack, number)
    assert "END-OF-NDR" in seen and seen.count(f"; {thread}") == 160  # every line
    # ... and the ticket's detail shows it all to the engineer.
    hook = f"detail-{thread}"
    slack_bot.send_command(f"ticket {number}", response_url=fake_slack.hook_url(hook))
    detail = "\n".join(c.payload["text"] for c in fake_slack.wait_for(f"/hooks/{hook}", 2))
    assert "END-OF-NDR" in detail


def test_a_screenshot_alone_is_a_comment_on_the_ticket(
    slack_bot: RunningBot, fake_slack: FakeSlackApi
) -> None:
    number, thread = _open_ticket(slack_bot, fake_slack, "en", "U_CUST_SHOT")
    in_thread = {"channel": "C_ACME", "thread_ts": thread, "parent_user_id": "U_CUST_SHOT"}
    _say(
        slack_bot, text="", user="U_CUST_SHOT", subtype="file_share", files=[SCREENSHOT],
        **in_thread,
    )  # fmt: skip
    added = _posts(fake_slack, thread, 3)[-1]["text"]
    assert added.startswith(f"Added to {number}") and "screenshot.png (245 KB)" in added
    assert "empty" not in added
    told = fake_slack.wait_for(
        "chat.postMessage",
        where=lambda c: (
            c.payload["channel"] == "C_ENG"
            and f"on {number}:" in c.payload["text"]  # (the other database's bot: T-1009 too)
            and "screenshot.png" in c.payload["text"]
        ),
    )[0].payload["text"]
    assert number in told and "📎 1. screenshot.png (245 KB)" in told
    _, events = slack_bot.dispatcher.services.tickets.get(STAFF, number)
    comment = next(e for e in events if e.kind == "comment")
    assert [(f.name, f.size, f.mime_type, f.file_id, f.link) for f in comment.files] == [
        ("screenshot.png", 250_880, "image/png", "F0SCREEN01", SCREENSHOT["permalink"])
    ]
    hook = f"detail-{thread}"
    slack_bot.send_command(f"ticket {number}", response_url=fake_slack.hook_url(hook))
    detail = fake_slack.wait_for(f"/hooks/{hook}")[0].payload["text"]
    assert "📎 1. screenshot.png (245 KB)" in detail and "F0SCREEN01" in detail


def test_a_file_about_no_ticket_is_not_dropped_in_silence(
    slack_bot: RunningBot, fake_slack: FakeSlackApi
) -> None:
    body = _say(
        slack_bot, text="", user="U_CUST_LOOSE", subtype="file_share", files=[SCREENSHOT],
        channel="C_GLOBEX",
    )  # fmt: skip
    answer = _posts(fake_slack, body["event"]["ts"])[0]["text"]
    assert "screenshot.png" in answer and "не относится ни к одной заявке" in answer


def _staff_asks(bot: RunningBot, text: str, channel: str) -> dict[str, Any]:
    return _say(bot, name="app_mention", text=f"<@U_BOT> {text}", channel=channel, user="U_ALICE")


def test_staff_tickets_in_a_customer_channel_is_ephemeral(
    slack_bot: RunningBot, fake_slack: FakeSlackApi
) -> None:
    # the fake Slack is shared by the SQLite and PostgreSQL bots, whose ticket numbers
    # repeat: only what is posted from here on is this bot's
    earlier = len(fake_slack.calls("chat.postMessage"))
    number, _ = _open_ticket(slack_bot, fake_slack, "ru", "U_CUST_SECRET")  # globex's ticket
    asked = _staff_asks(slack_bot, "/tickets", "C_ACME")
    ts = asked["event"]["ts"]
    private = fake_slack.wait_for(
        "chat.postEphemeral", where=lambda c: c.payload.get("thread_ts") == ts
    )[0].payload
    assert private["channel"] == "C_ACME" and private["user"] == "U_ALICE"
    assert number in private["text"]  # the engineer sees every customer's tickets...
    _handled(slack_bot, asked)
    posted = [c.payload for c in fake_slack.calls("chat.postMessage")[earlier:]]
    assert not [p for p in posted if p.get("thread_ts") == ts]  # ...and the channel nothing
    assert not [p for p in posted if p["channel"] == "C_ACME" and number in p["text"]]
    code = _staff_asks(slack_bot, "/link globex", "C_ACME")
    link = fake_slack.wait_for(
        "chat.postEphemeral", where=lambda c: c.payload.get("thread_ts") == code["event"]["ts"]
    )[0].payload
    assert link["user"] == "U_ALICE" and "Globex" in link["text"]
    # In the engineers' own channel the same command is answered for all to see there.
    own = _staff_asks(slack_bot, "/tickets", "C_ENG")
    assert number in _posts(fake_slack, own["event"]["ts"])[0]["text"]


def test_a_long_answer_is_split_for_slack() -> None:
    from bot.adapters.slack.render import SlackRenderer
    from bot.messages import Action, Notice, Reply

    reply = Reply(
        kind="notice_customer_comment",
        data={
            "ticket": {"number": "T-1001", "customer_id": "acme"},
            "text": "x" * 30_000 + " END",
            "files": [],
        },
        actions=(Action("ticket_take", "T-1001"),),
    )
    calls = SlackRenderer().calls(Notice("slack", "C_ENG", reply, thread="1.2"))
    assert len(calls) >= 3 and {c.method for c in calls} == {"chat.postMessage"}
    texts = [c.payload["text"] for c in calls]
    assert "".join(texts).count("x") == 30_000 and texts[-1].endswith("END")
    assert all(len(t) <= 12_000 for t in texts)
    actions = [[b for b in c.payload["blocks"] if b["type"] == "actions"] for c in calls]
    assert [len(a) for a in actions] == [0] * (len(calls) - 1) + [1]  # buttons under the last


def test_a_payload_with_a_file_reads_as_an_attachment() -> None:
    body = payloads.event(text="see this", subtype="file_share", files=[SCREENSHOT])
    from bot.adapters.slack.inbound import from_event

    message = from_event(body, "U_BOT")
    assert message is not None and message.text == "see this"
    assert message.files[0].name == "screenshot.png" and message.files[0].size == 250_880
