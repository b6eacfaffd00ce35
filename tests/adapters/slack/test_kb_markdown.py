"""A KB answer through the real Slack front end: proper mrkdwn with readable links.

The article (tests/factories.py, ``technical/heron-ports.md``) has bold, italics,
inline code, a table, a list, a relative link and an absolute one.
"""

from __future__ import annotations

import re

from tests.adapters.slack import payloads


def test_a_kb_answer_arrives_as_slack_mrkdwn_with_readable_links(slack_bot, fake_slack) -> None:
    body = payloads.event(text="which ports does the heron sync agent need?")
    assert slack_bot.send_event(body).status_code == 200
    thread = body["event"]["ts"]
    call = fake_slack.wait_for(
        "chat.postMessage", where=lambda c: c.payload.get("thread_ts") == thread
    )
    text = call[-1].payload["text"]
    assert "The *heron sync agent* talks" in text and "_perimeter_" in text
    assert "`heron restart`" in text
    table = re.search(r"```\n(.*?)\n```", text, re.S)
    assert table, text
    rows = table.group(1).split("\n")
    assert rows[0].split() == ["Port", "Protocol", "Direction"]
    assert rows[2].index("HTTPS") == rows[3].index("MQTT") == rows[0].index("Protocol")
    assert "• Allow them on the _perimeter_ first." in text
    assert "<https://kb.test.example/billing/invoice|your invoice>" in text
    assert "<https://status.example.com/heron?a=1&amp;b=2|status page>" in text
    assert (
        "<https://kb.test.example/technical/heron-ports|Ports the heron sync agent needs>" in text
    )
    assert ".md" not in text and "**" not in text and "|---" not in text
    sections = [b["text"]["text"] for b in call[-1].payload["blocks"] if b["type"] == "section"]
    assert "".join(sections).count("```") == 2  # the table is one block, never cut in two
