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
