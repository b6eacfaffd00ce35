"""slack-bolt wiring: verify (bolt), record the delivery, hand work to the queue, ack.

Bolt runs with ``process_before_response=True`` so the HTTP response leaves the
moment a listener calls ``ack()``; the listeners only translate, de-duplicate
and enqueue, and the slow part happens in :class:`SlackWorker`.
"""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack import inbound
from bot.adapters.slack.modal import CALLBACK_ID, build_ticket_modal, parse_ticket_form
from bot.adapters.slack.render import SlackRenderer
from bot.adapters.slack.sender import OutboxSender, SendFailed
from bot.adapters.slack.ticket_form import open_ticket, question_subject
from bot.adapters.slack.worker import Job, SlackWorker, Target
from bot.dispatcher import Dispatcher
from bot.messages import InboundMessage

log = logging.getLogger(__name__)
SLASH_COMMAND = "/support"
TALK_TO_ENGINEER = "kb_talk_to_engineer"
# How long an ack may wait for the delivery-id claim before it goes out regardless.
ACK_BUDGET = 0.025
# Where a response_url may point: Slack itself (and the configured API's host, for tests).
RESPONSE_HOSTS = ("https://hooks.slack.com/",)


class SlackListeners:
    """The listeners bolt calls; one instance per front end."""

    def __init__(
        self,
        dispatcher: Dispatcher,
        worker: SlackWorker,
        sender: OutboxSender,
        renderer: SlackRenderer,
        response_hosts: tuple[str, ...] = RESPONSE_HOSTS,
    ) -> None:
        self._response_hosts = response_hosts
        self._dispatcher = dispatcher
        self._worker = worker
        self._sender = sender
        self._renderer = renderer

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
        """A message, DM or mention: de-duplicate on event_id, queue the answer, ack.

        The event id is claimed in the database before the ack when that takes less
        than ACK_BUDGET (a database error then fails the request, and Slack retries);
        when the database is slow the ack goes first and the claim finishes in the
        worker, so Slack never waits on it.
        """
        message = inbound.from_event(body, context.bot_user_id)
        if message is not None:
            target = Target(message.channel, message.thread)
            claim = asyncio.ensure_future(self._first_time(message.delivery_id))
            done, _ = await asyncio.wait({claim}, timeout=ACK_BUDGET)
            if claim not in done:
                self._worker.submit(self._answer_if_first(claim, message, target))
            elif claim.result():
                self._worker.submit(self._worker.answer(message, target))
        await ack()

    def _answer_if_first(
        self, claim: asyncio.Future[bool], message: InboundMessage, target: Target
    ) -> Job:
        async def job() -> None:
            if await claim:
                await self._worker.answer(message, target)()

        return job

    async def _first_time(self, delivery_id: str | None) -> bool:
        """True unless this event id was acted on before (a redelivery is acked only)."""
        if not delivery_id:
            return True
        deliveries = self._dispatcher.services.deliveries
        return bool(await self._worker.run_quick(deliveries.first_time, "slack", delivery_id))

    async def on_command(self, ack: AsyncAck, body: dict[str, Any]) -> None:
        """``/support …``: answered privately through the command's response_url."""
        await ack()
        message = inbound.from_command(body)
        url = str(body.get("response_url") or "")
        if not url.startswith(self._response_hosts):
            log.warning("ignored /support with an unexpected response_url host")
            return
        target = Target(message.channel, None, response_url=url)
        self._worker.submit(self._worker.answer(message, target, command=True))

    async def on_action(self, ack: AsyncAck, body: dict[str, Any]) -> None:
        """A button: "talk to an engineer" opens the form, any other goes to the core."""
        await ack()
        message = inbound.from_action(body)
        if message is None or not message.action_id.startswith(("kb_", "ticket_")):
            return
        if message.action_id == TALK_TO_ENGINEER and body.get("trigger_id"):
            self._worker.submit(self._open_form(message, str(body["trigger_id"])))
            return
        target = Target(message.channel, message.thread)
        self._worker.submit(self._worker.answer(message, target))

    def _open_form(self, message: InboundMessage, trigger_id: str) -> Job:
        async def job() -> None:
            found = await self._worker.run_sync(question_subject, self._dispatcher, message)
            if found is not None:
                subject, lang = found
                view = build_ticket_modal(
                    self._renderer.translator(lang),
                    subject=subject,
                    channel=message.channel,
                    thread=message.thread,
                    question_id=message.action_value,
                )
                try:
                    await self._sender.call("views.open", {"trigger_id": trigger_id, "view": view})
                    return
                except SendFailed as exc:
                    log.warning("ticket form could not open (%s); opening the ticket directly", exc)
            # No form (expired trigger, Slack trouble, not the customer's question):
            # the core answers the button itself, opening the ticket or refusing.
            await self._worker.answer(message, Target(message.channel, message.thread))()

        return job

    async def on_view(self, ack: AsyncAck, body: dict[str, Any]) -> None:
        """The submitted form: close it at once, open the ticket, answer in the thread."""
        await ack()
        view = body.get("view") or {}
        try:
            form = parse_ticket_form(view)
        except ValueError:
            log.warning("ignored a view submission without conversation metadata")
            return
        user = str((body.get("user") or {}).get("id") or "")
        view_id = str(view.get("id") or body.get("trigger_id") or "")

        async def job() -> None:
            reply = await self._worker.run_sync(open_ticket, self._dispatcher, form, user, view_id)
            target = Target(form.channel, form.thread)
            queued = await self._worker.run_quick(
                self._worker.enqueue_reply, reply, target, f"view:{view_id}"
            )
            if queued:
                self._sender.wake()

        self._worker.submit(job)


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
    )
    listeners.register(app)
    return app
