"""Turns a claimed outbox row into the calls that send it, or says why it has none.

Rendering is the one place a notice becomes platform calls. A notice that cannot be
rendered is given up; an answer that cannot be rendered (someone is waiting for it)
becomes the polite ``error_internal`` reply instead, so nobody is left in silence.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace

from bot.adapters.transport import Call, NoticeRenderer
from bot.messages import Reply
from bot.rendering import RenderError
from bot.services.outbox import ClaimedNotice

log = logging.getLogger(__name__)
ANSWER = "answer"  # the option that marks a notice as the answer to someone's message


@dataclass
class Prepared:
    """A claimed row and its calls (or why it has none)."""

    row: ClaimedNotice
    calls: list[Call] = field(default_factory=list)
    error: str | None = None
    claimed_at: float = 0.0  # time.monotonic() when the lease began


def prepare(row: ClaimedNotice, renderer: NoticeRenderer, platform: str) -> Prepared:
    """Render one claimed row with ``platform``'s renderer."""
    notice = row.notice
    if notice is None:  # a call rendered before migration 0010, sent as it is
        legacy = [Call(*row.legacy)] if row.legacy is not None else []
        return Prepared(row, legacy, error=None if legacy else "empty row")
    try:
        return Prepared(row, renderer.calls(notice))
    except (RenderError, KeyError, TypeError, ValueError) as exc:
        if not notice.options.get(ANSWER):
            log.exception("%s notice (outbox %s) cannot be rendered", platform, row.id)
            return Prepared(row, error=f"render: {type(exc).__name__}")
        log.exception("%s answer (outbox %s) cannot be rendered", platform, row.id)
        apology = Reply(kind="error_internal", lang=notice.reply.lang)
        return Prepared(row, renderer.calls(replace(notice, reply=apology)))
