"""Once-per-period claims: the first worker to insert (job, period) runs it."""

from __future__ import annotations

import os
import socket
from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from bot.clock import Clock, to_db
from bot.db.engine import session_scope
from bot.db.models import JobClaim

WORKER_ID = f"{socket.gethostname()}:{os.getpid()}"
# Claims on a command's platform id (Slack's trigger_id): a replayed request acts once.
COMMAND_CLAIMS = "command"


class JobClaims:
    def __init__(self, engine: Engine, clock: Clock, worker: str = WORKER_ID) -> None:
        self._engine = engine
        self._clock = clock
        self._worker = worker

    def claim(self, job: str, period: str) -> bool:
        """True for exactly one caller per (job, period), whichever process it is in."""
        try:
            with session_scope(self._engine) as session:
                session.add(
                    JobClaim(
                        job=job,
                        period=period,
                        claimed_by=self._worker,
                        claimed_at=to_db(self._clock()),
                    )
                )
        except IntegrityError:
            return False
        return True

    def claimed(self, job: str, period: str) -> bool:
        with session_scope(self._engine) as session:
            return (
                session.exec(
                    select(JobClaim.id).where(JobClaim.job == job, JobClaim.period == period)
                ).first()
                is not None
            )

    def any_for(self, job: str) -> bool:
        """Whether ``job`` has ever been claimed (for any period)."""
        with session_scope(self._engine) as session:
            return session.exec(select(JobClaim.id).where(JobClaim.job == job)).first() is not None

    def release(self, job: str, period: str) -> None:
        """Give a claim back after a failed run, so another attempt may take it."""
        with session_scope(self._engine) as session:
            row = session.exec(
                select(JobClaim).where(JobClaim.job == job, JobClaim.period == period)
            ).first()
            if row is not None:
                session.delete(row)

    def forget(self, job: str, before: datetime) -> int:
        """Delete ``job``'s claims made before ``before`` (claims that only guard replays)."""
        with session_scope(self._engine) as session:
            result = session.exec(
                delete(JobClaim).where(
                    col(JobClaim.job) == job, col(JobClaim.claimed_at) < to_db(before)
                )
            )
            return int(result.rowcount or 0)
