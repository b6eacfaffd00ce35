"""A ``###`` part under a ``##`` section: quoted when the question names what is its own,
else the section it belongs to (the general case articles put first)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.kb import KnowledgeBase

PASSWORD = """---
title: "Forgot my password: reset it myself or get help"
---
# Forgot my password: reset it myself or get help

If self-service reset is on, use Forgot my password on the sign-in page; otherwise your
administrator resets it for you.

## Reset it yourself

1. Open the sign-in page and enter your work address.
2. Select **Forgot my password**.
3. Verify with the Authenticator app or a text message.
4. Choose a new password and select **Finish**.

### "You don't have enough information" when resetting

This message means your account has fewer methods registered for password reset than
your company requires. Ask your administrator for a temporary password, then add the
missing methods under Security info, so that Forgot my password works next time and the
password reset page lets you through.

## Ask your administrator

Your administrator can set a temporary password for you in minutes.
"""
OTHER = """---
title: Set up the Authenticator app
---
# Set up the Authenticator app

## Add your work account

Scan the QR code shown on the Security info page with the Authenticator app.
"""


@pytest.fixture()
def kb(tmp_path: Path) -> KnowledgeBase:
    for name, text in {"account/password.md": PASSWORD, "account/mfa.md": OTHER}.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    return KnowledgeBase.from_directory(tmp_path, semantic=False)


@pytest.mark.parametrize(
    ("question", "section"),
    [
        # walk-through (eleventh session): the error's part was quoted for the plain question
        ("how do I reset my password?", "Reset it yourself"),
        ("forgot my password, how to reset it", "Reset it yourself"),
        (
            "password reset says you don't have enough information",
            '"You don\'t have enough information" when resetting',
        ),
    ],
)
def test_a_part_is_quoted_only_when_the_question_names_it(
    kb: KnowledgeBase, question: str, section: str
) -> None:
    answer = kb.answer(question)
    assert answer.best is not None and answer.best.article_id == "account/password.md"
    assert answer.best.section == section


SLOW = """---
title: Outlook is slow or freezes
---
# Outlook is slow or freezes

## Start Outlook without add-ins

Close Outlook, then run `outlook.exe /safe`. If Outlook is fast now, an add-in is to blame.

## Repair Office

Open Settings > Apps, choose Microsoft 365, select Modify and run a Quick Repair.

## Contact us

If Outlook stays slow or freezes, or keeps not responding for many people, open a ticket
with the Outlook version, whether Outlook on the web is fast and when the freezing started.
"""


def test_the_contact_us_section_is_not_quoted_over_the_steps(tmp_path: Path) -> None:
    """Walk-through (eleventh session): "outlook freezing, not responding" was answered
    with the closing "Contact us" section, which restates the problem, not the steps."""
    (tmp_path / "slow-outlook.md").write_text(SLOW, encoding="utf-8")
    (tmp_path / "other.md").write_text(OTHER, encoding="utf-8")
    kb = KnowledgeBase.from_directory(tmp_path, semantic=False)
    answer = kb.answer("outlook freezing, not responding every time i open it")
    assert answer.best is not None and answer.best.article_id == "slow-outlook.md"
    assert answer.best.section in ("Start Outlook without add-ins", "Repair Office")
    # a question only the closing section holds words of still gets it
    asked = kb.answer("what should a ticket about freezing include")
    assert asked.best is not None and asked.best.section == "Contact us"


MAIL = """---
title: Recover deleted e-mail
---
# Recover deleted e-mail

## Look in Deleted Items first

Open the Deleted Items folder, find the message and move it back to the Inbox.

## Older than that

After the recovery period ends, only an administrator's eDiscovery search may find it. Ask us
with `/ticket new Recover deleted email, how to recover deleted mail` and give the mailbox.
"""


def test_a_proposed_ticket_subject_is_not_what_its_section_is_about(tmp_path: Path) -> None:
    """Walk-through (eleventh session): "how do i recover a deleted email" quoted the
    last-resort section, whose `/ticket new Recover deleted email` restates the question."""
    (tmp_path / "mail.md").write_text(MAIL, encoding="utf-8")
    (tmp_path / "other.md").write_text(OTHER, encoding="utf-8")
    kb = KnowledgeBase.from_directory(tmp_path, semantic=False)
    answer = kb.answer("how do i recover a deleted email")
    assert answer.best is not None and answer.best.section == "Look in Deleted Items first"
