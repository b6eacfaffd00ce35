"""Ticket drafts: the fields of a ticket collected one chat message at a time.

Where a platform has no forms (Telegram), "talk to an engineer" asks for the
subject, the severity and a description in turn. The answers so far live here, one
draft per person per chat, in the database: a restart or another worker carries
on the conversation. A draft left alone for ``ttl`` is forgotten; one the person turned
away from (another command or button: ``set_aside``) waits only for a reply to its
question (``bot/services/draft_answer.py`` decides what answers it).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from bot.clock import Clock, from_db, to_db
from bot.db.models import TicketDraft, core_table
from bot.enums import Severity
from bot.messages import Attachment, InboundMessage

DRAFT_TTL = timedelta(minutes=30)
_DRAFTS = core_table(TicketDraft)
_PERSON = (
    (_DRAFTS.c.platform == bindparam("p_platform"))
    & (_DRAFTS.c.channel == bindparam("p_channel"))
    & (_DRAFTS.c.user == bindparam("p_user"))
)
# Asked for every free-text message (is this the answer to a draft's question?).
_CURRENT = select(
    _DRAFTS.c.question_id,
    _DRAFTS.c.step,
    _DRAFTS.c.subject,
    _DRAFTS.c.severity,
    _DRAFTS.c.files,
    _DRAFTS.c.updated_at,
    _DRAFTS.c.set_aside,
    _DRAFTS.c.notes,
).where(_PERSON)
_HELD = select(_DRAFTS.c.id).where(_PERSON & ~_DRAFTS.c.set_aside)


class Step(StrEnum):
    """What the draft waits for next."""

    SUBJECT = "subject"
    SEVERITY = "severity"
    DESCRIPTION = "description"


@dataclass(frozen=True)
class Draft:
    question_id: int
    step: Step
    subject: str
    severity: Severity
    updated_at: datetime
    files: tuple[Attachment, ...] = ()  # sent before the description; go on the ticket
    set_aside: bool = False  # the person ran another command or pressed another button since
    notes: tuple[str, ...] = ()  # words typed at a step they did not answer: for the description


def _person(message: InboundMessage) -> dict[str, str]:
    return {
        "p_platform": str(message.platform),
        "p_channel": message.channel,
        "p_user": message.user,
    }


class TicketDrafts:
    """One draft per (platform, chat, person)."""

    def __init__(self, engine: Engine, clock: Clock, ttl: timedelta = DRAFT_TTL) -> None:
        self._engine = engine
        self._clock = clock
        self._ttl = ttl

    def start(self, message: InboundMessage, question_id: int, subject: str) -> Draft:
        """A fresh draft for the message's sender, replacing any earlier one."""
        now = self._clock()
        draft = Draft(question_id, Step.SUBJECT, subject, Severity.C, now)
        row = {
            "platform": str(message.platform),
            "channel": message.channel,
            "user": message.user,
            **self._values(draft),
        }
        with self._engine.begin() as conn:
            conn.execute(delete(_DRAFTS).where(_PERSON), _person(message))
            try:
                with conn.begin_nested():
                    conn.execute(insert(_DRAFTS), row)
            except IntegrityError:  # the same person started one a moment ago elsewhere
                conn.execute(update(_DRAFTS).where(_PERSON), {**_person(message), **row})
        return draft

    def current(self, message: InboundMessage) -> Draft | None:
        """The sender's draft in this chat, unless there is none or it expired."""
        with self._engine.connect() as conn:
            row = conn.execute(_CURRENT, _person(message)).first()
        if row is None:
            return None
        draft = Draft(
            int(row.question_id),
            Step(row.step),
            str(row.subject),
            Severity(row.severity),
            from_db(row.updated_at),
            tuple(Attachment(**f) for f in json.loads(row.files or "[]")),
            bool(row.set_aside),
            tuple(json.loads(row.notes or "[]")),
        )
        if self._clock() - draft.updated_at > self._ttl:
            self.drop(message)
            return None
        return draft

    def save(self, message: InboundMessage, draft: Draft) -> Draft:
        """Store the next step's state (and keep the draft alive: its question is asked
        again, so it is no longer set aside)."""
        draft = replace(draft, updated_at=self._clock(), set_aside=False)
        with self._engine.begin() as conn:
            conn.execute(
                update(_DRAFTS).where(_PERSON), {**_person(message), **self._values(draft)}
            )
        return draft

    def set_aside(self, message: InboundMessage) -> None:
        """The sender did something else (a command, another button) while their draft
        waited: from now on only a reply to its question answers it. A read first, so
        that the commands of people with no draft (nearly everyone) write nothing."""
        with self._engine.connect() as conn:
            if conn.execute(_HELD, _person(message)).first() is None:
                return
        with self._engine.begin() as conn:
            conn.execute(update(_DRAFTS).where(_PERSON), {**_person(message), "set_aside": True})

    def drop(self, message: InboundMessage) -> bool:
        """Forget the sender's draft; True when there was one."""
        with self._engine.begin() as conn:
            return bool(conn.execute(delete(_DRAFTS).where(_PERSON), _person(message)).rowcount)

    @staticmethod
    def _values(draft: Draft) -> dict[str, object]:
        return {
            "question_id": draft.question_id,
            "step": str(draft.step),
            "subject": draft.subject,
            "severity": str(draft.severity),
            "files": json.dumps([asdict(f) for f in draft.files]),
            "set_aside": draft.set_aside,
            "notes": json.dumps(list(draft.notes), ensure_ascii=False),
            "updated_at": to_db(draft.updated_at),
        }
