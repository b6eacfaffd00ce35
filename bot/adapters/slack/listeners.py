"""slack-bolt wiring: verify (bolt), store or queue the work, ack.

Bolt runs with ``process_before_response=True`` so the HTTP response leaves the
moment a listener calls ``ack()``. Events (which Slack redelivers) are stored in
the inbox before the ack and answered from there; commands, buttons and forms
(which Slack does not redeliver, and whose user is waiting) are queued straight
to :class:`SlackWorker`. Everything a person does reaches the core as one
message through the runtime's ``handle``; the only thing decided here is how
Slack shows a form (a modal, opened with the press's trigger id).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack import inbound
from bot.adapters.slack._commands import SLASH_COMMAND
from bot.adapters.slack.modal import CALLBACK_ID, build_ticket_modal
from bot.adapters.slack.people import SlackPeople
from bot.adapters.slack.render import SlackRenderer
from bot.adapters.slack.transport import SlackTransport
from bot.adapters.slack.worker import Job, SlackWorker, Target
from bot.adapters.transport import SendFailed
from bot.enums import Platform
from bot.messages import THREAD_ROOT, InboundMessage, Reply
from bot.observability.logs import sdk_logger
from bot.runtime import Runtime
from bot.services.inbox import ClaimedDelivery

log = logging.getLogger(__name__)
TALK_TO_ENGINEER = "kb_talk_to_engineer"
SHOW_FORM = "ticket_form"  # the core's answer: the form's starting values, or why not
# Stores a delivery (id, body, chat key) durably before the ack: InboxPump.put.
Store = Callable[[str, dict[str, Any], str | None], Awaitable[None]]
# Where a response_url may point: Slack itself (and the configured API's host, for tests).
RESPONSE_HOSTS = ("https://hooks.slack.com/",)


class SlackListeners:
    """The listeners bolt calls; one instance per front end."""

    def __init__(
        self,
        runtime: Runtime,
        worker: SlackWorker,
        transport: SlackTransport,
        renderer: SlackRenderer,
        store: Store,
        response_hosts: tuple[str, ...] = RESPONSE_HOSTS,
        people: SlackPeople | None = None,
    ) -> None:
        self._store = store
        self._people = people
        self._response_hosts = response_hosts
        self._runtime = runtime
        self._worker = worker
        self._transport = transport
        self._renderer = renderer
        self._names = staff_names(runtime)

    def register(self, app: AsyncApp) -> None:
        app.event("message")(self.on_event)
        app.event("app_mention")(self.on_event)
        app.event(re.compile(".*"))(self.ignore)
        app.command(SLASH_COMMAND)(self.on_command)
        app.action(re.compile(".*"))(self.on_action)
        app.view(CALLBACK_ID)(self.on_view)

    async def ignore(self, ack: AsyncAck) -> None:
        """Events the bot does not act on are still acked, or Slack would retry them."""
        await ack()

    async def on_event(
        self, ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext
    ) -> None:
        """A message, DM or mention: store it in the inbox, then ack.

        The ack waits for the (group-committed) write, so an acked event survives a
        crash; a database error fails the request and Slack delivers it again. A
        redelivery is stored once, so it is answered once. The thread is the chat whose
        order is kept.
        """
        message = inbound.from_event(body, context.bot_user_id)
        if message is not None:
            delivery = message.delivery_id or f"ts:{message.channel}:{message.thread}"
            stored = {"event": body, "bot_user_id": context.bot_user_id}
            await self._store(delivery, stored, f"{message.channel}/{message.thread}")
        await ack()

    async def handle_stored(self, row: ClaimedDelivery) -> None:
        """Answer a stored event (called by the inbox pump, possibly in another worker)."""
        message = inbound.from_event(row.body["event"], row.body.get("bot_user_id"), self._names)
        if message is not None and not message.user_name:
            # the event did not name its writer: ask Slack (off the ack's path, cached)
            message = await self._named(message)
        if message is not None:
            target = Target(message.channel, message.thread, user=message.user)
            await self._worker.answer(message, target)()

    async def _named(self, message: InboundMessage) -> InboundMessage:
        """``message`` with its writer's Slack name (display name, else real name), asked
        of ``users.info`` (cached). A form's or a slash command's payload names only the
        handle ("sam.carter"), which engineers would otherwise read in "New ticket … from
        …"; the handle stays where Slack will not say more. Staff are named by the config.
        (Buttons are answered without the look-up: "yes" then "no" pressed at once must
        stay in that order.)"""
        if self._people is None or message.user in self._names:
            return message
        name = await self._people.name(message.user)
        return replace(message, user_name=name) if name else message

    def _answer_named(self, message: InboundMessage, target: Target) -> Job:
        """The core's answer to ``message``, once its writer is named (off the ack's path)."""

        async def job() -> None:
            await self._worker.answer(await self._named(message), target)()

        return job

    async def on_command(self, ack: AsyncAck, body: dict[str, Any]) -> None:
        """``/support …``: answered privately through the command's response_url."""
        await ack()
        message = inbound.from_command(body, self._names)
        url = str(body.get("response_url") or "")
        if not url.startswith(self._response_hosts):
            log.warning("ignored /support with an unexpected response_url host")
            return
        target = Target(message.channel, None, response_url=url)
        job = self._answer_command(message, target)
        self._worker.submit(self._once(str(body.get("trigger_id") or ""), job))

    def _answer_command(self, message: InboundMessage, target: Target) -> Job:
        """Answer privately, except where the core marks the answer as the start of a
        ticket's thread (``THREAD_ROOT``: ``/support ticket new`` has no thread to open the
        ticket in): that one is posted in the channel for everyone, and the thread under it
        becomes the ticket's, where its notices go and every reply reaches it."""

        async def job() -> None:
            named = await self._named(message)  # the payload names only the handle
            reply = await self._worker.runner.run(self._worker.reply_to, named, True)
            if reply.is_silent:
                return
            number = reply.data.get(THREAD_ROOT)
            if number and await self._post_root(reply, message.channel, str(number)):
                return
            await self._worker.queue_reply(reply, target, f"answer:{message.delivery_id}")

        return job

    async def _post_root(self, reply: Reply, channel: str, number: str) -> bool:
        """Post ``reply`` as a new message in ``channel`` and tell the core its thread is the
        ticket's; False when Slack refuses it (the bot is no member of the channel, Slack
        trouble): the answer then goes privately, as any command's."""
        try:
            posted = await self._transport.call(
                "chat.postMessage", self._renderer.post(reply, channel, None)
            )
        except SendFailed as exc:
            log.warning("slack: a ticket's first message could not be posted (%s)", exc.reason)
            return False
        thread = str(posted.get("ts") or "")
        if thread:
            bind = self._runtime.bind_thread
            await self._worker.runner.write(bind, str(Platform.SLACK), channel, number, thread)
        return True

    def _once(self, trigger_id: str, job: Job) -> Job:
        """Run ``job`` unless a command with this trigger_id ran before.

        Slack never redelivers a slash command, but a captured signed request can be
        replayed for five minutes; its trigger_id is the same, so the claim refuses it.
        """

        async def once() -> None:
            if trigger_id:
                first = await self._worker.runner.write(self._runtime.claim_command, trigger_id)
                if not first:
                    log.warning("slack: /support with a trigger_id already handled ignored")
                    return
            await job()

        return once

    async def on_action(self, ack: AsyncAck, body: dict[str, Any]) -> None:
        """A button: "talk to an engineer" opens the form, any other goes to the core."""
        await ack()
        message = inbound.from_action(body)
        if message is None or not (message.action_id or "").startswith(("kb_", "ticket_")):
            return
        if message.action_id == TALK_TO_ENGINEER and body.get("trigger_id"):
            self._worker.submit(self._open_form(message, str(body["trigger_id"])))
            return
        url = str(body.get("response_url") or "")
        private = url if url.startswith(self._response_hosts) else None
        pressed = inbound.pressed_message(body)
        target = Target(
            message.channel, message.thread, user=message.user, error_url=private, pressed=pressed
        )
        self._worker.submit(self._worker.answer(message, target))

    def _open_form(self, message: InboundMessage, trigger_id: str) -> Job:
        """Ask the core for the form (the question as its subject) and show it as a modal.

        The core may answer otherwise — the question already has a ticket, or it is
        not this customer's — and that answer goes in the thread. Without a modal
        (an expired trigger, Slack trouble) the button opens the ticket directly.
        """
        target = Target(message.channel, message.thread, user=message.user)

        async def job() -> None:
            asked = replace(message, action_id=SHOW_FORM)
            reply = await self._worker.runner.run(self._runtime.handle, asked)
            if reply.kind != SHOW_FORM:
                await self._worker.queue_reply(reply, target, f"answer:{message.delivery_id}")
                return
            view = build_ticket_modal(
                self._renderer.translator(reply.lang),
                subject=str(reply.data["subject"]),
                channel=message.channel,
                thread=message.thread,
                question_id=message.action_value,
                severity=str(reply.data.get("severity", "C")),
            )
            try:
                await self._transport.call("views.open", {"trigger_id": trigger_id, "view": view})
            except SendFailed as exc:
                log.warning("ticket form could not open (%s); opening the ticket directly", exc)
                await self._worker.answer(message, target)()

        return job

    async def on_view(self, ack: AsyncAck, body: dict[str, Any]) -> None:
        """A submitted form: closed at once; the core opens the ticket and answers in the thread."""
        await ack()
        message = inbound.from_view(body)
        if message is None:
            log.warning("ignored a view submission without conversation metadata")
            return
        target = Target(message.channel, message.thread, user=message.user)
        self._worker.submit(self._answer_named(message, target))


def staff_names(runtime: Runtime) -> dict[str, str]:
    """Slack user id → name of every staff member: a mention of them reads as their name."""
    return {
        ref.id: member.name
        for member in runtime.settings.config.staff
        for ref in member.identities
        if ref.platform == Platform.SLACK
    }


def build_bolt_app(
    client: AsyncWebClient, signing_secret: str | None, listeners: SlackListeners
) -> AsyncApp:
    """The bolt app: signature and timestamp checks, URL verification, our listeners.

    Without a signing secret (Socket Mode only) there are no HTTP requests to verify.
    """
    app = AsyncApp(
        client=client,
        signing_secret=signing_secret,
        request_verification_enabled=signing_secret is not None,
        process_before_response=True,
        name="supportbot",
        logger=sdk_logger("bot.adapters.slack.bolt"),  # bolt logs request bodies otherwise
    )
    listeners.register(app)
    return app
