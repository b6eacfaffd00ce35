"""Shared fixtures: a small KB and config in a temp folder, and real databases.

Every test that uses ``settings`` (and so ``dispatcher``, ``say``...) runs twice:
on a SQLite file and on PostgreSQL, which is skipped with the reason when the
machine has no PostgreSQL (``SUPPORTBOT_TEST_PG`` names another server).
"""

from __future__ import annotations

import itertools
import os
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.app import build_dispatcher
from bot.dispatcher import Dispatcher
from bot.enums import Platform
from bot.messages import InboundMessage, Reply
from bot.rendering import Renderer
from bot.settings import Settings, load_settings
from tests.databases import database_url_for, drop_template, pg_unavailable
from tests.factories import CONFIG, write_kb

# The optional embedding re-ranker embeds articles in a background thread; bots in the
# tests use the lexical engine every installation has (tests/kb turn it on explicitly).
os.environ["SUPPORTBOT_KB_SEMANTIC"] = "0"


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    write_kb(tmp_path / "kb")
    path = tmp_path / "supportbot.yml"
    path.write_text(textwrap.dedent(CONFIG), encoding="utf-8")
    return path


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield from database_url_for(request.param, tmp_path / "var")


@pytest.fixture(scope="session", autouse=True)
def _drop_pg_template() -> Iterator[None]:
    yield
    if pg_unavailable() is None:
        drop_template()


@pytest.fixture
def settings(config_file: Path, database_url: str, monkeypatch: pytest.MonkeyPatch) -> Settings:
    # The optional embedding re-ranker (when installed) embeds articles in a background
    # thread; bot-level tests use the lexical engine that every installation has.
    monkeypatch.setenv("SUPPORTBOT_KB_SEMANTIC", "0")
    return load_settings(config_file, environ={"DATABASE_URL": database_url})


@pytest.fixture
def dispatcher(settings: Settings) -> Dispatcher:
    return build_dispatcher(settings)


Say = Callable[..., Reply]


@pytest.fixture
def say(dispatcher: Dispatcher) -> Say:
    """Send a Slack-shaped message as a given user/channel and return the reply.

    As on Slack, every message is in a thread: its own (a new ts) unless ``thread`` says.
    """
    numbers = itertools.count(1)

    def send(text: str, *, channel: str = "C_ACME", user: str = "U_CUSTOMER", **kw: Any) -> Reply:
        kw.setdefault("thread", f"1760000000.{next(numbers):06d}")
        message = InboundMessage(Platform.SLACK, channel=channel, user=user, text=text, **kw)
        return dispatcher.handle(message)

    return send


@pytest.fixture
def console() -> Renderer:
    return Renderer("console")


@pytest.fixture
def outbox(dispatcher: Dispatcher) -> Callable[..., list[dict]]:
    """The notices queued so far: [{"platform", "channel", "thread", "kind", "data", ...}]."""
    import json

    from sqlmodel import Session, col, select

    from bot.db import create_db_engine
    from bot.db.models import OutboxMessage

    engine = create_db_engine(dispatcher.settings.database_url)

    def read(kind: str | None = None) -> list[dict]:
        with Session(engine) as session:
            rows = session.exec(select(OutboxMessage).order_by(col(OutboxMessage.id))).all()
        found = []
        for row in rows:
            payload = json.loads(row.payload)
            reply = payload.get("reply", {})
            item = {
                "platform": row.platform,
                "channel": payload.get("channel"),
                "thread": payload.get("thread"),
                "kind": reply.get("kind"),
                "data": reply.get("data", {}),
                "actions": reply.get("actions", []),
                "reply": reply,
            }
            if kind is None or item["kind"] == kind:
                found.append(item)
        return found

    return read
