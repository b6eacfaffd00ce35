"""A customer's file, sent again to the engineer who asks for it (``/file T-1001 2``).

The bot keeps where a file is, not its bytes (``bot/services/ticket_files.py``); the file
stays in the customer's chat, which an engineer is often not in. Asked for it, the bot
sends a copy to that engineer alone, in their direct chat with the bot on the platform the
file was shared on (its file id means nothing elsewhere): the front end fetches it with
the bot's own token (Telegram ``getFile``, Slack ``files.info``) and uploads it there.
Only staff may ask, and the copy goes to nobody but the one who asked: a customer never
gets a file this way, their own or anyone else's.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace

from sqlmodel import col, select

from bot.db.engine import session_scope
from bot.db.ticket_files import TicketFile
from bot.errors import NotAllowed, NotFound
from bot.messages import Actor, Reply
from bot.services.ticket_files import FileView, to_file_view
from bot.services.ticket_store import TicketStore
from bot.services.ticket_views import TicketView, to_view

KIND = "ticket_file"  # the copy's notice: its caption, then the file
# What the front ends fetch and upload again: Telegram lets a bot download 20 MB.
MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class TicketFiles:
    """What ``/file`` did: the ticket's files (numbered from 1), the one asked for, and
    whether its copy is on the way (``sent``) or why not (``refused``: ``no_account`` on
    the file's platform, ``too_big``, ``no_id``: the platform gave only a link)."""

    ticket: TicketView
    files: tuple[FileView, ...]
    file: FileView | None = None
    platform: str = ""
    sent: bool = False
    refused: str = ""


class FileCopies:
    """Lists a ticket's files for staff and sends one, privately, to the one who asks."""

    def __init__(self, store: TicketStore) -> None:
        self._store = store

    def send(self, actor: Actor, number: str, wanted: int | None, request: str = "") -> TicketFiles:
        """The ticket's files; with ``wanted`` (1 is the first file on the ticket), a copy
        of that one to the caller's direct chat on the platform it was shared on.
        ``request`` (the asking message's delivery id) keys the copy: the front end
        uploads it once however often the outbox retries (``bot/adapters/once.py``).

        Raises:
            NotAllowed: the caller is not staff.
            NotFound: no such ticket, or no such file on it.
        """
        if not actor.is_staff:
            raise NotAllowed()
        with session_scope(self._store.engine) as session:
            ticket = self._store.load(session, actor, number)
            rows = session.exec(
                select(TicketFile)
                .where(TicketFile.ticket_id == ticket.id)
                .order_by(col(TicketFile.id))
            ).all()
            views = tuple(to_file_view(row, n) for n, row in enumerate(rows, start=1))
            listed = TicketFiles(to_view(ticket), views)
            if wanted is None:
                return listed
            if not 1 <= wanted <= len(rows):
                raise NotFound(what="file", name=f"{ticket.number} {wanted}")
            row, view = rows[wanted - 1], views[wanted - 1]
            asked = TicketFiles(listed.ticket, views, view, row.platform)
            if not view.file_id:  # only a link to it: the engineer opens that
                return replace(asked, refused="no_id")
            if row.size is not None and row.size > MAX_BYTES:
                return replace(asked, refused="too_big")
            data = {"ticket": listed.ticket, "file": view, "platform": row.platform}
            key = f"{request}:{ticket.number}:{wanted}" if request else ""
            copy = Reply(kind=KIND, data={**data, "copy_file": asdict(view), "copy_request": key})
            notices = [
                n
                for n in self._store.notices.staff_member(actor.user_id, copy, ticket)
                if str(n.platform) == row.platform
            ]
            if not notices:
                return replace(asked, refused="no_account")
            self._store.notify(session, notices[:1])
            return replace(asked, sent=True)
