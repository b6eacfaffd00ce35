"""Staff read their own language, whatever the customer's: the engineers' channel the
reseller's default, a staff member's direct messages their ``staff[].language``."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from bot.messages import reply_from_dict
from bot.rendering import Renderer
from tests.conftest import Say
from tests.factories import CONFIG, with_conversation_chats, write_kb

ENGINEER = {"user": "U_ALICE", "channel": "C_ENG"}


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    """The reseller writes Russian by default; Alice reads Chinese."""
    write_kb(tmp_path / "kb")
    text = with_conversation_chats(CONFIG)
    text = text.replace(
        "  timezone: Europe/Moscow\n    database_url",
        "  timezone: Europe/Moscow\n      default_language: ru\n    database_url",
        1,
    )
    text = text.replace("role: engineer\n", "role: engineer\n        language: zh\n", 1)
    path = tmp_path / "supportbot.yml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_the_channel_reads_the_resellers_language_and_alice_hers(say: Say, outbox) -> None:
    say("/ticket new Outlook keeps asking for a password", channel="C_ACME", thread="7.1")
    [alert] = outbox("ticket_new_staff")
    assert alert["channel"] == "C_ENG" and alert["reply"]["lang"] == "ru"

    say("/take T-1001", **ENGINEER)
    [taken] = outbox("notice_ticket_taken")
    assert taken["reply"]["lang"] == "ru"  # acme has no language: the reseller's default
    say("/reply T-1001 Which Outlook version?", **ENGINEER)
    say("Outlook 2016, on every laptop", channel="C_ACME", thread="7.1")
    [comment] = outbox("notice_customer_comment")
    assert comment["channel"] == "U_ALICE" and comment["reply"]["lang"] == "zh"
    shown = Renderer("console").render(reply_from_dict(comment["reply"]))
    assert "Acme 在 T-1001 上发来新消息" in shown and "Outlook 2016, on every laptop" in shown
