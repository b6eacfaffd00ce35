"""The playground's world: fake Slack and Telegram, the real bot wired to them, and people.

The bot is the production app (uvicorn on 127.0.0.1, both front ends, the outbox
pumps, SQLite in a temp folder) built from a config (the demo's by default); Slack's
events reach it signed as Slack signs them, Telegram's updates by long polling. What a
person does becomes exactly the request the platform would send (built with the tests'
payload builders); what the bot says is read from the fakes' record of calls.
"""

from __future__ import annotations

import itertools
import json
import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import httpx

from bot.adapters.slack import SlackFrontEnd
from bot.adapters.telegram import TelegramFrontEnd
from bot.app import build_dispatcher, build_runtime
from bot.enums import Platform
from bot.frontend import FrontEnd
from bot.server import build_app
from bot.settings import load_settings
from tests.adapters.slack import payloads
from tests.adapters.telegram import updates
from tests.fakes.playground.people import Person, chat_owner, seeded_people
from tests.fakes.playground.screen import Shown, slack_shown, telegram_shown
from tests.fakes.served import ServedApp
from tests.fakes.slack_api import BOT_USER_ID, FakeSlackApi
from tests.fakes.telegram_api import BOT_USER, FakeTelegramApi

TELEGRAM_TOKEN = "123456789:AAH-playground_token_0123456789abcdef"
SLACK_TOKEN = "xoxb-playground-token"
QUIET = 0.6  # seconds without a new call (and nothing queued) before replies count as all in
PATIENCE = 120.0  # the longest one line waits for the bot to fall quiet


class World:
    """``with World(config, folder) as world:``; ``settle()`` returns what the bot showed."""

    def __init__(self, config: Path, folder: Path) -> None:
        self._config = config
        self._folder = folder
        self.slack = FakeSlackApi()
        self.telegram = FakeTelegramApi()
        self.hooks: dict[str, tuple[str, str]] = {}  # response_url name or trigger → (chat, user)
        self.roots: dict[str, str] = {}  # a Slack message ts → what the person said there
        self.root_authors: dict[str, str] = {}  # a person's top-level Slack message ts → them
        self._seen = {Platform.SLACK: 0, Platform.TELEGRAM: 0}
        self._names = itertools.count(1)
        self._served: ServedApp | None = None
        self._http: httpx.Client | None = None

    # -- start and stop ------------------------------------------------------------------

    def __enter__(self) -> World:
        self.slack.start()
        self.telegram.start()
        self.telegram.token = TELEGRAM_TOKEN
        environ = {
            "DATABASE_URL": f"sqlite:///{self._folder / 'playground.db'}",
            "SLACK_BOT_TOKEN": SLACK_TOKEN,
            "SLACK_SIGNING_SECRET": payloads.SIGNING_SECRET,
            "SLACK_API_URL": self.slack.api_url,
            "TELEGRAM_BOT_TOKEN": TELEGRAM_TOKEN,
            "TELEGRAM_API_URL": self.telegram.url,
        }
        self.settings = load_settings(self._config, environ=environ)
        self.people = seeded_people(self.settings.config)
        for person in self.people:
            if person.slack is not None:
                profile = {"display_name": person.name, "real_name": person.name}
                user = {"id": person.slack.user, "name": person.key, "profile": profile}
                self.slack.people[person.slack.user] = user
        self.dispatcher = build_dispatcher(self.settings)
        front_ends: list[FrontEnd] = [
            SlackFrontEnd(build_runtime(self.dispatcher)),
            TelegramFrontEnd.from_settings(
                build_runtime(self.dispatcher), polling=True, poll_timeout=1
            ),
        ]
        self._served = ServedApp(build_app(self.dispatcher, front_ends)).__enter__()
        self._http = httpx.Client(base_url=self._served.url, timeout=30)
        self.settle()  # what the bot says on its own at start (none of it is shown)
        return self

    def __exit__(self, *_exc: object) -> None:
        if self._http is not None:
            self._http.close()
        if self._served is not None:
            self._served.__exit__(None, None, None)
        self.telegram.stop()
        self.slack.stop()

    def wait_for_kb(self, seconds: float) -> bool:
        """True once the KB's embeddings are ready (the console waits for them too)."""
        knowledge = self.dispatcher.services.knowledge
        return not knowledge.embeddings_loading() or knowledge.wait_for_embeddings(seconds)

    # -- what people do ------------------------------------------------------------------

    def say(
        self, platform: str, person: Person, text: str, *, reply_to: Shown | None = None
    ) -> None:
        """``person`` writes ``text`` in their chat, or under ``reply_to`` (a Slack thread,
        a Telegram reply). ``/support …`` in Slack is the slash command."""
        seat = person.seat(platform)
        if seat is None:
            raise LookupError(f"{person.key} has no {platform} chat in the config")
        if platform == Platform.SLACK:
            chat = reply_to.chat if reply_to is not None else seat.chat
            thread = (reply_to.thread or reply_to.ref) if reply_to is not None else None
            self._slack_say(person, chat, text, thread)
        else:
            text = text.replace("@bot", f"@{BOT_USER['username']}")
            chat = reply_to.chat if reply_to is not None else seat.chat
            extra: dict[str, Any] = {}
            if reply_to is not None and reply_to.ref:
                extra = {"reply_to_bot": True, "replied_text": reply_to.text}
                extra["replied_id"] = int(reply_to.ref)
            update = updates.message(
                text, chat_id=int(chat), user_id=int(seat.user), name=person.name, **extra
            )
            self.telegram.queue_update(update)

    def _slack_say(self, person: Person, chat: str, text: str, thread: str | None) -> None:
        assert person.slack is not None
        user = person.slack.user
        if text.startswith("/support"):
            name = f"cmd{next(self._names)}"
            body = payloads.command(
                text.removeprefix("/support").strip(),
                user=user,
                channel=chat,
                response_url=self.slack.hook_url(name),
                user_name=person.handle,
            )
            self.hooks[name] = (chat, user)
            self.hooks[parse_qs(body)["trigger_id"][0]] = (chat, user)
            self._post_slack(body, form=True)
            return
        typed, mention = text, f"<@{BOT_USER_ID}>"
        # as Slack sends what people type: &, < and > escaped, mentions as <@U…>
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        text = text.replace("@bot", mention)
        extra: dict[str, Any] = {}
        if thread is not None:  # Slack names who began the thread: a person, else the bot
            extra["parent_user_id"] = self.root_authors.get(thread, BOT_USER_ID)
        body_json = payloads.event(text=text, channel=chat, user=user, thread_ts=thread, **extra)
        if chat.startswith("D"):
            body_json["event"]["channel_type"] = "im"
        ts = body_json["event"]["ts"]
        self.roots[ts] = typed
        if thread is None:
            self.root_authors[ts] = user
        self._post_slack(json.dumps(body_json))
        if mention in text and not chat.startswith("D"):  # Slack sends a mention twice
            also = payloads.event(
                "app_mention", text=text, channel=chat, user=user, ts=ts, thread_ts=thread
            )
            self._post_slack(json.dumps(also))

    def press(self, shown: Shown, number: int, person: Person) -> None:
        """``person`` presses button ``number`` (from 1) of ``shown``."""
        button = shown.buttons[number - 1]
        if shown.platform == Platform.TELEGRAM:
            seat = person.telegram
            assert seat is not None
            update = updates.callback(
                button.value,
                chat_id=int(shown.chat),
                user_id=int(seat.user),
                message_id=int(shown.ref or 0),
            )
            self.telegram.queue_update(update)
            return
        assert person.slack is not None
        user = person.slack.user
        body = payloads.button(
            button.action,
            button.value,
            user=user,
            channel=shown.chat,
            thread_ts=shown.thread or shown.ref,
        )
        body["user"].update(name=person.handle, username=person.handle)
        name = f"press{next(self._names)}"
        self.hooks[name] = self.hooks[body["trigger_id"]] = (shown.chat, user)
        body["response_url"] = self.slack.hook_url(name)
        body["container"]["message_ts"] = shown.ref
        body["container"]["is_ephemeral"] = bool(shown.private_to)
        body["message"].update(ts=shown.ref, text=shown.text, blocks=shown.source.get("blocks", []))
        if not shown.thread:
            body["message"].pop("thread_ts", None)
            if not shown.ref:
                body["container"].pop("thread_ts", None)
        self._post_slack(payloads.interactive(body), form=True)

    def submit(self, form: Shown, fields: dict[str, str]) -> None:
        """Submit a Slack form with ``fields`` (the rest as prefilled)."""
        assert form.form is not None
        body = payloads.view_submission(
            str(form.form.get("private_metadata") or ""),
            subject=fields["subject"],
            severity=fields.get("severity") or "C",
            category=fields.get("category") or "technical",
            description=fields.get("description") or None,
            user=form.private_to,
        )
        person = self.owner(form)
        if person is not None:  # Slack sends the submitter's handle along
            body["user"].update(name=person.handle, username=person.handle)
        self._post_slack(payloads.interactive(body), form=True)

    def _post_slack(self, body: str, *, form: bool = False) -> None:
        assert self._http is not None
        headers = payloads.signed_headers(body, form=form)
        response = self._http.post("/slack/events", content=body.encode(), headers=headers)
        if response.status_code != 200:
            raise RuntimeError(
                f"Slack's request was refused: {response.status_code} {response.text}"
            )

    # -- what the bot says ---------------------------------------------------------------

    def _busy(self) -> bool:
        services = self.dispatcher.services
        return bool(
            self.telegram.unconfirmed()
            or services.inbox.pending()
            or services.outbox.depth(Platform.SLACK)
            or services.outbox.depth(Platform.TELEGRAM)
        )

    def _calls(self) -> int:
        """How many calls the bot made (Telegram's polling left out: it never stops)."""
        telegram = [c for c in self.telegram.calls() if c.method != "getUpdates"]
        return len(self.slack.calls()) + len(telegram)

    def settle(self, patience: float = PATIENCE) -> list[Shown]:
        """Wait until the bot falls quiet, then everything it showed since the last time."""
        deadline = time.monotonic() + patience
        count, changed = self._calls(), time.monotonic()
        while time.monotonic() < deadline:
            time.sleep(0.05)
            now_count = self._calls()
            if now_count != count or self._busy():
                count, changed = now_count, time.monotonic()
            elif time.monotonic() - changed >= QUIET:
                break
        return self._new_shown()

    def _new_shown(self) -> list[Shown]:
        names = {p.slack.user: p.name for p in self.people if p.slack is not None}
        found: list[tuple[float, Shown]] = []
        for platform, fake in ((Platform.SLACK, self.slack), (Platform.TELEGRAM, self.telegram)):
            calls = fake.calls()
            fresh, self._seen[platform] = calls[self._seen[platform] :], len(calls)
            for call in fresh:
                if platform == Platform.SLACK:
                    shown = slack_shown(call, names, self.hooks)
                else:
                    shown = telegram_shown(call)
                if shown is not None:
                    shown.source = call.payload
                    found.append((call.at, shown))
        return [shown for _at, shown in sorted(found, key=lambda pair: pair[0])]

    def owner(self, shown: Shown) -> Person | None:
        """Who reads ``shown``: the one it is private to, else the owner of its chat."""
        if shown.private_to:
            for person in self.people:
                seat = person.seat(shown.platform)
                if seat is not None and seat.user == shown.private_to:
                    return person
        owner = chat_owner(self.people, shown.platform, shown.chat)
        if owner is None and shown.platform == Platform.SLACK:  # a DM, posted to a user id
            owner = next((p for p in self.people if p.slack and p.slack.user == shown.chat), None)
        return owner
