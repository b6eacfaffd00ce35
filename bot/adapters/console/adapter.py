"""Console chat: one message per input line, each reply printed to the output.

The console speaks the same words as the chat front ends. Buttons become short
commands (/yes, /no, /engineer, /ask) that act on the latest buttons shown, so a
console user can try the whole "did this help?" and "did this solve it?" flows.
What the core sends the persona on its own (an engineer's reply, a resolution, a
new-ticket alert) is shown when the console starts, after each line, and — in a
terminal — as it arrives.
"""

from __future__ import annotations

import itertools
import logging
import threading
import uuid
from collections.abc import Iterable
from dataclasses import replace
from typing import TextIO

from bot.adapters.console.mailbox import ConsoleMailbox, console_rooms
from bot.enums import Platform, Role
from bot.errors import BadInput
from bot.messages import Action, InboundMessage, Reply
from bot.rendering import Renderer
from bot.runtime import Runtime

# Console words for the buttons a reply may carry: the first of a word's buttons that
# the latest reply or notice shows is the one pressed.
BUTTON_WORDS = {
    "/yes": ("kb_helped", "ticket_confirm_yes"),
    "/no": ("kb_not_helped", "ticket_confirm_no"),
    "/engineer": ("kb_talk_to_engineer", "ticket_confirm_no"),
    "/ask": ("ticket_comment_ask",),
    "/add": ("ticket_comment_add",),
}
WATCH_SECONDS = 2.0
log = logging.getLogger(__name__)


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


def _buttons_of(reply: Reply) -> dict[str, Action]:
    """A reply's buttons by action id. After "not sure" the console offers what the chat
    platforms do (a number to read an article, or "talk to an engineer"); /no still says
    the closest articles did not help, but /yes is no answer to a list."""
    buttons = {a.action_id: a for a in reply.actions}
    engineer = buttons.get("kb_talk_to_engineer")
    if engineer is not None and reply.kind == "kb_unsure":
        buttons.setdefault("kb_not_helped", Action("kb_not_helped", engineer.value))
    return buttons


class ConsoleAdapter:
    """Reads lines, dispatches each as a message, prints replies and the persona's notices."""

    def __init__(
        self, runtime: Runtime, persona: InboundMessage, *, watch_seconds: float = WATCH_SECONDS
    ) -> None:
        self._runtime = runtime
        self._watch_seconds = watch_seconds
        self._persona = persona
        self._renderer = Renderer("console")
        self._mailbox = ConsoleMailbox(
            runtime.outbox, console_rooms(persona, runtime.settings.config)
        )
        self._buttons: dict[str, Action] = {}
        self._counter = itertools.count(1)
        self._lock = threading.Lock()  # one block of output at a time
        # Delivery ids must not repeat across sessions: a ticket remembers the one that
        # opened it, and the same id again would find that old ticket.
        self._session = uuid.uuid4().hex[:12]

    def to_message(self, line: str) -> InboundMessage:
        """Turn one typed line into a message (a button word into a button press)."""
        delivery = f"console-{self._session}-{next(self._counter)}"
        word = line.strip().lower()
        pressed = next(
            (self._buttons[a] for a in BUTTON_WORDS.get(word, ()) if a in self._buttons), None
        )
        if pressed is not None:
            return replace(
                self._persona,
                text=word,
                delivery_id=delivery,
                action_id=pressed.action_id,
                action_value=pressed.value,
            )
        if word == "/engineer":
            # No button shown in this run (the chat resumed after a restart): ask for a
            # person in words, which hands the question before it over as the button does.
            return replace(self._persona, text="engineer", delivery_id=delivery)
        return replace(self._persona, text=line, delivery_id=delivery)

    def _show(self, reply: Reply) -> str:
        if reply.actions:  # the latest buttons stay pressable until others replace them
            self._buttons = _buttons_of(reply)
        try:
            return self._renderer.render(reply)
        except Exception:  # a template's bug: logged whole, apologised for in the chat
            log.exception("rendering failed: front_end=console kind=%s", reply.kind)
            return self._renderer.render(Reply(kind="error_internal", lang=reply.lang))

    def handle_line(self, line: str) -> str:
        reply: Reply = self._runtime.handle(self.to_message(line))
        return "" if reply.is_silent else self._show(reply)

    def news(self) -> list[str]:
        """What was sent to this persona since the last look, rendered, oldest first."""
        return [self._show(notice) for notice in self._mailbox.collect()]

    def _write(self, out: TextIO, blocks: list[str], prompt: str = "") -> None:
        for block in blocks:
            if block:
                out.write(block + "\n\n")
        if prompt:
            out.write(prompt)
        out.flush()

    def _watch(self, out: TextIO, prompt: str, stop: threading.Event) -> None:
        """Show notices as they arrive while a terminal waits for the next line."""
        while not stop.wait(self._watch_seconds):
            with self._lock:
                blocks = self.news()
                if blocks:
                    out.write("\n")
                    self._write(out, blocks, prompt)

    def run(self, lines: Iterable[str], out: TextIO, *, prompt: str = "") -> int:
        """Answer every line, with the persona's notices before the first and after each;
        returns the number of messages handled. With a ``prompt`` (a terminal) notices
        also show while waiting for input."""
        with self._lock:
            self._write(out, self.news(), prompt)
        stop = threading.Event()
        if prompt:
            threading.Thread(target=self._watch, args=(out, prompt, stop), daemon=True).start()
        handled = 0
        try:
            for raw in lines:
                with self._lock:
                    answer = self.handle_line(raw.rstrip("\r\n"))
                    self._write(out, [answer, *self.news()], prompt)
                handled += 1
        finally:
            stop.set()
        return handled
