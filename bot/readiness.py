"""``GET /readyz``: can this worker do its job? Each part as JSON; 503 when it cannot.

- database: the schema is at the code's head migration, and a real write commits
  (a full disk or a read-only database fails here, not only a dead server);
- knowledge base: how many articles are served and which files have problems
  (none served: the bot would answer "not sure" to everything);
- front ends: connected, or retrying to reach their platform. One front end down
  leaves the worker useful through the others; all of them down does not.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import delete, insert
from sqlalchemy.engine import Engine

from bot.clock import Clock, to_db, utc_now
from bot.db import current_revision, head_revision
from bot.db.models import JobClaim, core_table
from bot.front_end_supervisor import FrontEndStatus
from bot.kb import KnowledgeBase

CLAIMS = core_table(JobClaim)
PROBE_JOB = "readyz"
PROBLEMS_SHOWN = 10
DATABASE_TIMEOUT = 5.0


@lru_cache(maxsize=1)
def _head() -> str | None:
    return head_revision()


def write_probe(engine: Engine, clock: Clock = utc_now) -> None:
    """Insert and delete one row in one committed transaction.

    Raises:
        sqlalchemy.exc.SQLAlchemyError: the database cannot take a write.
    """
    period = uuid.uuid4().hex
    with engine.begin() as connection:
        connection.execute(
            insert(CLAIMS).values(
                job=PROBE_JOB, period=period, claimed_by="readyz", claimed_at=to_db(clock())
            )
        )
        connection.execute(
            delete(CLAIMS).where(CLAIMS.c.job == PROBE_JOB, CLAIMS.c.period == period)
        )


def check_database(engine: Engine | None) -> dict[str, Any]:
    """The database part: reachable, at the head migration, writable."""
    if engine is None:
        return {"ok": False, "error": "no database configured"}
    try:
        revision = current_revision(engine)
    except Exception as exc:  # any failure to reach the database means "not ready"
        return {"ok": False, "error": f"unreachable: {type(exc).__name__}"}
    found: dict[str, Any] = {"revision": revision, "head": _head()}
    if revision != found["head"]:
        return {"ok": False, **found, "error": "migrations behind; run supportbot db upgrade"}
    try:
        write_probe(engine)
    except Exception as exc:  # a full disk, a read-only file or role: not writable
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0][:200]
        return {"ok": False, **found, "writable": False, "error": reason}
    return {"ok": True, **found, "writable": True}


def check_knowledge_base(kb: KnowledgeBase, path: str) -> dict[str, Any]:
    """The KB part: articles served and files with problems."""
    issues = kb.issues
    problems = [f"{i.path}:{i.line or 0}: {i.message}" for i in issues[:PROBLEMS_SHOWN]]
    found: dict[str, Any] = {
        "ok": kb.article_count > 0,
        "path": path,
        "articles": kb.article_count,
        "problems": problems,
        "problem_count": len(issues),
    }
    if kb.article_count == 0:
        found["error"] = 'no articles: every question would get "not sure"'
    return found


def check_front_ends(statuses: Sequence[FrontEndStatus]) -> dict[str, Any]:
    """The front-end part: ok while at least one is connected (or none is configured)."""
    connected = [s for s in statuses if s.state == "connected"]
    return {
        "ok": not statuses or bool(connected),
        **{s.name: s.to_json() for s in statuses},
    }


class Readiness:
    """Builds the ``/readyz`` answer from the parts; database work runs in a thread."""

    def __init__(
        self,
        engine: Engine | None,
        knowledge_base: Callable[[], KnowledgeBase],
        kb_path: str,
        front_ends: Callable[[], Sequence[FrontEndStatus]],
    ) -> None:
        self._engine = engine
        self._kb = knowledge_base
        self._kb_path = kb_path
        self._front_ends = front_ends

    async def report(self) -> tuple[bool, dict[str, Any]]:
        """(ready, the JSON body)."""
        try:
            database = await asyncio.wait_for(
                asyncio.to_thread(check_database, self._engine), DATABASE_TIMEOUT
            )
        except TimeoutError:
            database = {"ok": False, "error": f"no answer within {DATABASE_TIMEOUT:.0f} s"}
        parts = {
            "database": database,
            "knowledge_base": check_knowledge_base(self._kb(), self._kb_path),
            "front_ends": check_front_ends(self._front_ends()),
        }
        ready = all(part["ok"] for part in parts.values())
        return ready, {"ready": ready, **parts}
