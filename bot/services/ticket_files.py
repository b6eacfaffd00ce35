"""Files on tickets: recorded with the comment they came with, shown with the history.

A file is kept as what an engineer needs to open it where it was shared (name, size,
type, platform file id, link); see ``bot/db/ticket_files.py``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from bot.clock import to_db
from bot.db.ticket_files import TicketFile
from bot.messages import Attachment

_UNITS = ((1 << 30, "GB"), (1 << 20, "MB"), (1 << 10, "KB"))


def format_size(size: int | None) -> str:
    """``245 KB``, ``1.5 MB``; empty when the platform did not say."""
    if size is None or size < 0:
        return ""
    for factor, unit in _UNITS:
        if size >= factor:
            value = size / factor
            return f"{value:.1f} {unit}" if value < 10 else f"{value:.0f} {unit}"
    return f"{size} B"


@dataclass(frozen=True)
class FileView:
    """A file as the engineer sees it: ``📎 screenshot.png (245 KB)`` and where it is."""

    name: str
    size: int | None
    mime_type: str
    file_id: str
    link: str
    number: int = 0  # its place among the ticket's files, from 1 (``/file T-1001 2``)

    @property
    def label(self) -> str:
        size = format_size(self.size)
        return f"{self.name} ({size})" if size else self.name


def to_file_view(file: TicketFile | Attachment, number: int = 0) -> FileView:
    return FileView(file.name, file.size, file.mime_type, file.file_id, file.link, number)


def record_files(
    session: Session,
    ticket_id: int,
    event_id: int | None,
    added_by: str,
    platform: str,
    files: Iterable[Attachment],
    now: datetime,
) -> list[FileView]:
    """Store ``files`` on a ticket, with the event (comment) they came with; their views
    carry their numbers among the ticket's files."""
    kept: list[FileView] = []
    before = len(session.exec(select(TicketFile.id).where(TicketFile.ticket_id == ticket_id)).all())
    for file in files:
        session.add(
            TicketFile(
                ticket_id=ticket_id,
                event_id=event_id,
                added_at=to_db(now),
                added_by=added_by[:200],
                platform=platform[:20],
                name=file.name[:300],
                size=file.size,
                mime_type=file.mime_type[:200],
                file_id=file.file_id[:300],
                link=file.link[:1000],
            )
        )
        kept.append(to_file_view(file, before + len(kept) + 1))
    return kept


def files_by_event(session: Session, ticket_id: int) -> dict[int | None, list[FileView]]:
    """A ticket's files, grouped by the event they came with (None: the ticket itself)."""
    rows = session.exec(
        select(TicketFile).where(TicketFile.ticket_id == ticket_id).order_by(col(TicketFile.id))
    ).all()
    grouped: dict[int | None, list[FileView]] = defaultdict(list)
    for number, row in enumerate(rows, start=1):
        grouped[row.event_id].append(to_file_view(row, number))
    return dict(grouped)
