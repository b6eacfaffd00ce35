"""What the knowledge service reports and whose questions it reads back."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.db.models import KbQuestion, core_table
from bot.kb import KbIssue
from bot.messages import Actor

QUESTIONS = core_table(KbQuestion)


@dataclass(frozen=True)
class KbStatus:
    """What a readiness probe needs: how many articles serve, and what is wrong."""

    articles: int
    errors: int
    warnings: int
    issues: list[dict[str, object]]  # {"path", "line", "severity", "message"}
    embeddings: str  # off | loading | ready


def same_asker(query: Any, actor: Actor) -> Any:
    """``query`` narrowed to the questions ``actor`` asked in the chat they write in now:
    what a follow-up, a bare number or "didn't help" is about. Another chat's question is
    another conversation, even the same person's in another chat of the customer's."""
    customer, chat = QUESTIONS.c.customer_id, QUESTIONS.c.chat
    return query.where(
        QUESTIONS.c.user == actor.user_id,
        customer.is_(None) if actor.customer_id is None else customer == actor.customer_id,
        chat.is_(None) if actor.chat is None else chat == actor.chat,
    )


def issue_dict(issue: KbIssue) -> dict[str, object]:
    return {
        "path": issue.path,
        "line": issue.line,
        "severity": issue.severity,
        "message": issue.message,
    }
