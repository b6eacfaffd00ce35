"""The contract a chat front end meets to be served by ``supportbot serve``."""

from __future__ import annotations

from typing import Protocol

from starlette.routing import BaseRoute


class FrontEnd(Protocol):
    """A platform front end: HTTP routes plus background work started with the server.

    ``start`` runs inside the server's event loop (outbox senders, polling);
    ``stop`` must finish sending what it can and return.
    """

    name: str

    def routes(self) -> list[BaseRoute]: ...

    async def start(self) -> None: ...

    async def stop(self) -> None: ...
