"""What customers asked the knowledge base, and whether the answer helped."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel


class KbQuestion(SQLModel, table=True):
    """A question the bot answered from the KB, or could not (a KB gap)."""

    __tablename__ = "kb_questions"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(index=True)
    customer_id: str | None = Field(default=None, max_length=64)
    user: str = Field(max_length=200)
    lang: str = Field(max_length=8)
    question: str
    article_id: str | None = None
    confidence: float = 0.0
    answered: bool = Field(default=False, index=True)
    ticket_id: int | None = None  # set when "talk to an engineer" turned it into a ticket
    # not sure: the articles suggested, in the order shown (JSON [[article id, anchor], …]),
    # so that a customer's "2" picks the second one
    suggested: str | None = None
    # the chat it was asked in ("slack:C0ACME0001"): a follow-up, a bare number or a
    # request for a person reads back this chat's questions only
    chat: str | None = Field(default=None, max_length=300)
    # the section quoted (its anchor; None: the intro, or no answer): a correction that
    # would quote the very same text again shows another one instead
    anchor: str | None = Field(default=None, max_length=300)
    # files sent with the question (JSON [{platform, name, size, mime_type, file_id, link}]),
    # put on the ticket it becomes (``bot/services/question_files.py``)
    files: str | None = None


class KbFeedback(SQLModel, table=True):
    """A customer's "did this help?" answer for one KB answer."""

    __tablename__ = "kb_feedback"

    id: int | None = Field(default=None, primary_key=True)
    question_id: int = Field(foreign_key="kb_questions.id", index=True)
    at: datetime
    helped: bool
