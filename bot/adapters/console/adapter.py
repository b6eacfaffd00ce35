"""Console chat: one message per input line, each reply printed to the output.

The console speaks the same words as the chat front ends. Buttons become short
commands (/yes, /no, /engineer) that act on the last reply's buttons, so a
console user can try the whole "did this help?" flow.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterable
from dataclasses import replace
from typing import TextIO

from bot.enums import Platform, Role
from bot.errors import BadInput
from bot.messages import Action, InboundMessage, Reply
from bot.rendering import Renderer
from bot.runtime import Runtime

# Console words for the buttons a reply may carry.
BUTTON_COMMANDS = {
    "/yes": "kb_helped",
    "/no": "kb_not_helped",
    "/engineer": "kb_talk_to_engineer",
}


def persona_message(persona: str, runtime: Runtime) -> InboundMessage:
    """The template message for ``--as``: ``customer:<id>``, ``engineer`` or ``manager``.

    Raises:
        BadInput: an unknown persona or customer.
    """
    config = runtime.settings.config
    kind, _, name = persona.partition(":")
    if kind == "customer":
        customer = name or (config.customers[0].id if config.customers else None)
        if not customer or config.customer(customer) is None:
            known = ", ".join(c.id for c in config.customers)
            raise BadInput("customer", example=f"--as customer:<{known}>")
        return InboundMessage(Platform.CONSOLE, channel=customer, user="console-user", text="")
    if kind in (Role.ENGINEER, Role.MANAGER):
        staff = name or next((s.id for s in config.staff if s.role == kind), None)
        if not staff:
            raise BadInput(kind, example="add staff with that role to the config")
        return InboundMessage(Platform.CONSOLE, channel="console", user=staff, text="")
    raise BadInput("persona", example="--as customer:acme | engineer | manager")


class ConsoleAdapter:
    """Reads lines, dispatches each as a message, prints the rendered replies."""

    def __init__(self, runtime: Runtime, persona: InboundMessage) -> None:
        self._runtime = runtime
        self._persona = persona
        self._renderer = Renderer("console")
        self._buttons: dict[str, Action] = {}
        self._counter = itertools.count(1)
        # Delivery ids must not repeat across sessions: a ticket remembers the one that
        # opened it, and the same id again would find that old ticket.
        self._session = uuid.uuid4().hex[:12]

    def to_message(self, line: str) -> InboundMessage:
        """Turn one typed line into a message (a button word into a button press)."""
        delivery = f"console-{self._session}-{next(self._counter)}"
        word = line.strip().lower()
        if word in BUTTON_COMMANDS and BUTTON_COMMANDS[word] in self._buttons:
            action = self._buttons[BUTTON_COMMANDS[word]]
            return replace(
                self._persona,
                text=word,
                delivery_id=delivery,
                action_id=action.action_id,
                action_value=action.value,
            )
        return replace(self._persona, text=line, thread="console", delivery_id=delivery)

    def handle_line(self, line: str) -> str:
        reply: Reply = self._runtime.handle(self.to_message(line))
        if reply.actions:  # the latest buttons stay pressable until others replace them
            self._buttons = {a.action_id: a for a in reply.actions}
        return self._renderer.render(reply)

    def run(self, lines: Iterable[str], out: TextIO, *, prompt: str = "") -> int:
        """Answer every line; returns the number of messages handled."""
        handled = 0
        for raw in lines:
            text = raw.rstrip("\r\n")
            out.write(self.handle_line(text) + "\n\n")
            handled += 1
            if prompt:
                out.write(prompt)
            out.flush()
        return handled
