"""Work done after the ack: run the core and put its answer in the outbox.

Listeners ack within milliseconds and hand commands, buttons and forms to this
queue (events come through the inbox instead); a few worker tasks run the
(synchronous) dispatcher on the core runner. Every answer is stored in the outbox as
a notice under a key derived from the delivery, so a redelivered event can never
produce a second answer; the outbox pump renders and sends it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, replace
from functools import partial
from typing import Any

from bot.adapters.core_runner import CoreRunner
from bot.adapters.outbox_pump import ANSWER
from bot.adapters.slack.render import ASKED_BY, PRESSED
from bot.enums import Platform
from bot.messages import SILENT, InboundMessage, Notice, Reply
from bot.runtime import Runtime

log = logging.getLogger(__name__)
Job = Callable[[], Awaitable[None]]
ERROR_KINDS = ("error_",)  # answers that tell the asker what went wrong: theirs alone


@dataclass(frozen=True)
class Target:
    """Where an answer goes: a thread in a channel, or privately via a response_url.

    ``error_url`` is a pressed button's response_url: an error answer to the press
    ("that button is for the support team") goes there, to the person who pressed it.
    ``user`` is who asked: a private answer in a shared channel goes to them alone.
    ``pressed`` is the message whose button was pressed (``inbound.pressed_message``):
    an answer everyone sees replaces its buttons with what was chosen, so nobody presses
    them twice; an error or private answer leaves them (the press changed nothing shared).
    """

    channel: str
    thread: str | None = None
    response_url: str | None = None
    error_url: str | None = None
    user: str | None = None
    pressed: Mapping[str, Any] | None = None

    def notice(self, reply: Reply) -> Notice:
        """``reply`` as an answer to send here."""
        options: dict[str, object] = {ANSWER: True}
        private = self.error_url if reply.kind.startswith(ERROR_KINDS) else None
        if self.response_url or private:
            options["response_url"] = self.response_url or private
        if self.user:
            options[ASKED_BY] = self.user
        shared = not (private or reply.private or reply.ephemeral or reply.kind == SILENT)
        if self.pressed and shared and not reply.kind.startswith(ERROR_KINDS):
            options[PRESSED] = dict(self.pressed)
        return Notice(Platform.SLACK, self.channel, reply, thread=self.thread, options=options)


class SlackWorker:
    """A bounded queue of jobs and the tasks that run them."""

    def __init__(
        self,
        runtime: Runtime,
        runner: CoreRunner,
        wake_sender: Callable[[], None],
        *,
        concurrency: int = 2,
    ) -> None:
        """``concurrency`` jobs run at once (one may be waiting on Slack); the core itself
        runs on ``runner``'s threads."""
        self._runtime = runtime
        self.runner = runner
        self._wake_sender = wake_sender
        self._concurrency = concurrency
        self._queue: asyncio.Queue[Job] = asyncio.Queue()
        self._tasks: list[asyncio.Task[None]] = []

    def submit(self, job: Job) -> None:
        self._queue.put_nowait(job)

    def start(self) -> None:
        self._tasks = [asyncio.create_task(self._loop()) for _ in range(self._concurrency)]

    async def stop(self, timeout: float = 10.0) -> None:
        """Finish queued jobs (up to ``timeout``), then stop the tasks."""
        try:
            await asyncio.wait_for(self._queue.join(), timeout)
        except TimeoutError:
            log.warning("slack worker stopped with %d jobs left", self._queue.qsize())
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _loop(self) -> None:
        while True:
            job = await self._queue.get()
            try:
                await job()
            except Exception:
                log.exception("slack job failed")
            finally:
                self._queue.task_done()

    def answer(self, message: InboundMessage, target: Target, *, command: bool = False) -> Job:
        """A job that answers ``message`` at ``target``."""

        async def job() -> None:
            reply = await self.runner.run(self.reply_to, message, command)
            if reply.is_silent:  # not for the bot, or already said in the thread
                return
            await self.queue_reply(reply, target, f"answer:{message.delivery_id}")

        return job

    def reply_to(self, message: InboundMessage, command: bool = False) -> Reply:
        """Run the core (on a core thread); ``/support <unknown>`` says so above the help."""
        reply = self._runtime.handle(message)
        if command and reply.kind == "unknown_command":
            unknown = str(reply.data.get("command", "")).lstrip("/")
            reply = self._runtime.handle(replace(message, text="/help"))
            reply = replace(reply, data={**reply.data, "unknown": unknown})
        return reply

    async def queue_reply(self, reply: Reply, target: Target, dedupe_key: str) -> None:
        """Store ``reply`` for ``target`` in the outbox (rendered when it is sent) and wake
        the sender; nothing happens when the key was stored before."""
        outbox = self._runtime.outbox
        notice = target.notice(reply)
        if await self.runner.write(partial(outbox.enqueue_notice, notice, dedupe_key=dedupe_key)):
            self._wake_sender()
