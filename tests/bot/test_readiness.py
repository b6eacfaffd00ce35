"""/readyz says what stops the bot: a database that cannot write, no KB, no front end."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import event, insert, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from starlette.routing import BaseRoute
from starlette.testclient import TestClient

from bot.app import build_dispatcher
from bot.db.models import JobClaim
from bot.dispatcher import Dispatcher
from bot.front_end_supervisor import Backoff
from bot.server import build_app
from bot.settings import Settings, load_settings
from tests.databases import pg_admin_url
from tests.factories import ARTICLES

CLAIMS = JobClaim.__table__  # type: ignore[attr-defined]


def _ready(dispatcher: Dispatcher, front_ends: list | None = None) -> tuple[int, dict]:
    app = build_app(dispatcher, front_ends=front_ends or [], backoff=Backoff(first=30))
    with TestClient(app) as client:
        response = client.get("/readyz")
    return response.status_code, response.json()


def test_every_part_reports_when_all_is_well(dispatcher: Dispatcher) -> None:
    status, body = _ready(dispatcher)
    assert status == 200 and body["ready"] is True
    assert body["database"]["writable"] is True
    assert body["database"]["revision"] == body["database"]["head"]
    assert body["knowledge_base"]["articles"] == len(ARTICLES)
    assert body["knowledge_base"]["problems"] == []
    assert body["front_ends"] == {"ok": True}


def _fill_sqlite_to_the_brim(dispatcher: Dispatcher) -> None:
    """SQLite's own "database or disk is full" (SQLITE_FULL), as on a full disk: the file
    may not grow past its current size, and rows are added until nothing fits."""
    engine = dispatcher.engine
    assert engine is not None

    def cap(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    event.listen(engine, "connect", cap)
    engine.dispose()
    batch = 200
    while batch:
        try:
            with engine.begin() as connection:
                connection.execute(
                    insert(CLAIMS),
                    [
                        {
                            "job": "filler",
                            "period": uuid.uuid4().hex,
                            "claimed_by": "test",
                            "claimed_at": datetime(2026, 12, 1, tzinfo=UTC),
                        }
                        for _ in range(batch)
                    ],
                )
        except OperationalError as exc:
            assert "full" in str(exc)
            batch //= 2


def _make_read_only(dispatcher: Dispatcher, database_url: str) -> None:
    engine = dispatcher.engine
    assert engine is not None
    if database_url.startswith("sqlite"):
        event.listen(engine, "connect", lambda conn, _r: conn.execute("PRAGMA query_only = ON"))
    else:
        import psycopg

        name = make_url(database_url).database
        admin = make_url(pg_admin_url()).set(drivername="postgresql")
        with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as c:
            c.execute(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on')
    engine.dispose()


def test_a_full_disk_makes_the_worker_not_ready(config_file: Path, tmp_path: Path) -> None:
    """SQLite only: PostgreSQL's full disk cannot be simulated without a small volume."""
    url = f"sqlite:///{tmp_path / 'full.db'}"
    dispatcher = build_dispatcher(load_settings(config_file, environ={"DATABASE_URL": url}))
    assert _ready(dispatcher)[0] == 200
    _fill_sqlite_to_the_brim(dispatcher)
    status, body = _ready(dispatcher)
    assert status == 503 and body["ready"] is False
    assert body["database"]["writable"] is False
    assert "full" in body["database"]["error"]


def test_a_read_only_database_makes_the_worker_not_ready(
    settings: Settings, database_url: str
) -> None:
    dispatcher = build_dispatcher(settings)
    _make_read_only(dispatcher, database_url)
    status, body = _ready(dispatcher)
    assert status == 503
    assert body["database"]["writable"] is False
    assert "read" in body["database"]["error"].lower()
    assert dispatcher.engine is not None
    with dispatcher.engine.connect() as connection:  # reading still works: it is the write
        assert connection.execute(text("SELECT 1")).scalar() == 1


def test_a_knowledge_base_without_articles_is_not_ready(
    dispatcher: Dispatcher, tmp_path: Path
) -> None:
    for article in (tmp_path / "kb").rglob("*.md"):
        article.unlink()
    dispatcher.services.knowledge.knowledge_base.refresh()
    status, body = _ready(dispatcher)
    assert status == 503
    assert body["knowledge_base"]["articles"] == 0
    assert "not sure" in body["knowledge_base"]["error"]


def test_kb_problems_are_listed(dispatcher: Dispatcher, tmp_path: Path) -> None:
    (tmp_path / "kb" / "broken.md").write_bytes(b"---\ntitle: [unclosed\n---\n# Broken\n")
    dispatcher.services.knowledge.knowledge_base.refresh()
    status, body = _ready(dispatcher)
    assert status == 200  # articles are still served
    assert body["knowledge_base"]["problem_count"] >= 1
    assert any("broken.md" in p for p in body["knowledge_base"]["problems"])


class Unreachable:
    """A front end whose platform never answers (Telegram from mainland China)."""

    name = "faraway"

    def routes(self) -> list[BaseRoute]:
        return []

    def describe(self) -> str:
        return "nothing"

    async def start(self) -> None:
        await asyncio.sleep(0)
        raise ConnectionRefusedError("connect to api.faraway.example refused")

    async def stop(self) -> None:
        return None


class Reachable(Unreachable):
    name = "nearby"

    async def start(self) -> None:
        return None


def test_front_ends_report_connected_or_retrying(dispatcher: Dispatcher) -> None:
    status, body = _ready(dispatcher, [Reachable(), Unreachable()])
    assert status == 200  # one front end still serves customers
    assert body["front_ends"]["nearby"] == {"state": "connected"}
    faraway = body["front_ends"]["faraway"]
    assert faraway["state"] == "retrying" and faraway["attempts"] == 1
    assert "refused" in faraway["error"] and faraway["retry_at"]
    status, body = _ready(dispatcher, [Unreachable()])
    assert status == 503 and body["front_ends"]["ok"] is False
