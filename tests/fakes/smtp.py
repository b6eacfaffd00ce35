"""A fake mail server (SMTP, aiosmtpd) on 127.0.0.1 with the verbs of every fake.

Each message is one call (method ``DATA``, payload: sender, recipients, content).
``fail("DATA", 451)`` answers the next message "try again later" (``550``: refused
for good); ``hang("DATA", seconds)`` leaves it unanswered.
"""

from __future__ import annotations

import asyncio
import socket
import time
from typing import Any

from aiosmtpd.controller import Controller

from tests.fakes.base import HUNG, Call, FakeServer

WORDING = {421: "Service not available", 451: "Try again later", 550: "Mailbox unavailable"}


class FakeMailServer(FakeServer):
    """``with FakeMailServer() as mail:``; point the config at ``mail.port``."""

    def __init__(self) -> None:
        super().__init__()
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)

    def start(self) -> FakeMailServer:
        self._stopping.clear()
        self._controller.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._controller.stop()

    @property
    def messages(self) -> list[tuple[str, list[str], str]]:
        """(sender, recipients, content) of every message accepted."""
        return [
            (c.payload["from"], c.payload["to"], c.payload["content"]) for c in self.calls("DATA")
        ]

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        """aiosmtpd's hook: record the message, or answer with the injected fault."""
        payload = {
            "from": envelope.mail_from,
            "to": list(envelope.rcpt_tos),
            "content": envelope.content.decode("utf-8"),
        }
        arrived = time.monotonic()
        fault = self._fault_for("DATA", None, payload)
        if fault is not None and fault.status == HUNG:
            self._record(Call("DATA", payload, HUNG, at=arrived))
            await asyncio.to_thread(self._hold, fault)
            return "421 Closing"
        status = fault.status if fault is not None else 250
        self._record(Call("DATA", payload, status, at=arrived))
        if fault is not None:
            return f"{status} {fault.description or WORDING.get(status, 'Failed')}"
        return "250 OK"
