"""Over real HTTP and the fake Web API: a customer's file on a ticket reaches the engineer
who asks for it (``/support file T-1001 1``): found with files.info, downloaded with the
bot token, uploaded into the engineer's own conversation with the bot, nowhere else."""

from __future__ import annotations

from tests.adapters.slack.conftest import BOT_TOKEN, RunningBot
from tests.adapters.slack.test_threads import _open_ticket, _say
from tests.fakes.slack_api import FakeSlackApi, uploaded

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
SHARED = {
    "id": "F0FILECOPY1",
    "name": "mail-error.png",
    "title": "mail-error.png",
    "mimetype": "image/png",
    "filetype": "png",
    "size": len(PNG),
    "url_private": "https://files.slack.com/files-pri/T0-F0FILECOPY1/mail-error.png",
    "permalink": "https://acme.slack.com/files/U_CUST_COPY/F0FILECOPY1/mail-error.png",
}


def test_the_engineer_gets_the_customers_file_in_their_own_conversation(
    slack_bot: RunningBot, fake_slack: FakeSlackApi
) -> None:
    fake_slack.files[SHARED["id"]] = (SHARED["name"], PNG)
    number, thread = _open_ticket(slack_bot, fake_slack, "en", "U_CUST_COPY")
    _say(
        slack_bot, text="this is what I see", user="U_CUST_COPY", subtype="file_share",
        files=[SHARED], channel="C_ACME", thread_ts=thread, parent_user_id="U_CUST_COPY",
    )  # fmt: skip
    told = fake_slack.wait_for(
        "chat.postMessage",
        where=lambda c: (
            c.payload["channel"] == "C_ENG" and f"on {number}:*\nthis is" in c.payload["text"]
        ),
    )[0].payload["text"]
    assert "📎 1. mail-error.png (1.0 KB)" in told and f"/support file {number} 1" in told, told

    slack_bot.send_command(f"file {number} 1", response_url=fake_slack.hook_url("copy"))
    said = fake_slack.wait_for("/hooks/copy")[0].payload["text"]
    assert "a copy is on its way to your own chat with the bot on Slack" in said, said
    caption = fake_slack.wait_for(
        "chat.postMessage",
        where=lambda c: (
            c.payload["channel"] == "U_ALICE" and f"{number}, file 1:" in c.payload["text"]
        ),
    )[0].payload["text"]
    assert f"{number}, file 1: mail-error.png (1.0 KB), from Acme" in caption, caption
    # (other tests of the package share the fake: only this file's calls are looked at)
    download = fake_slack.wait_for("download", where=lambda c: c.payload == {"file": SHARED["id"]})
    assert download[0].token == BOT_TOKEN
    fake_slack.wait_for("conversations.open", where=lambda c: c.payload["users"] == "U_ALICE")
    [done] = fake_slack.wait_for(  # into the engineer's DM, no customer's channel
        "files.completeUploadExternal", where=lambda c: c.payload.get("channel_id") == "DU_ALICE"
    )
    [upload] = uploaded(fake_slack, done)
    assert upload.payload["content"] == PNG


def test_a_customer_cannot_ask_for_a_file(slack_bot: RunningBot, fake_slack: FakeSlackApi) -> None:
    shared = {**SHARED, "id": "F0FILECOPY2"}
    fake_slack.files[shared["id"]] = (SHARED["name"], PNG)
    number, thread = _open_ticket(slack_bot, fake_slack, "en", "U_CUST_COPY2")
    _say(
        slack_bot, text="", user="U_CUST_COPY2", subtype="file_share", files=[shared],
        channel="C_ACME", thread_ts=thread, parent_user_id="U_CUST_COPY2",
    )  # fmt: skip
    slack_bot.send_command(
        f"file {number} 1", user="U_CUST_COPY2", channel="C_ACME",
        response_url=fake_slack.hook_url("nope"),
    )  # fmt: skip
    said = fake_slack.wait_for("/hooks/nope")[0].payload["text"]
    assert "support team only" in said, said
    fetched = fake_slack.wait_quiet("files.info", 0.5) + fake_slack.calls("download")
    assert [c for c in fetched if shared["id"] in str(c.payload)] == []
