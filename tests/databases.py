"""Real databases for tests: a SQLite file, and PostgreSQL where the machine has it.

Each PostgreSQL test gets a database of its own, copied from a template that is
migrated once per session, so tests stay independent and fast.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from functools import lru_cache

from sqlalchemy.engine import make_url

DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
TEMPLATE = f"sbt_template_{os.getpid()}"


def pg_admin_url() -> str:
    return os.environ.get("SUPPORTBOT_TEST_PG") or DEFAULT_PG


@lru_cache(maxsize=1)
def pg_unavailable() -> str | None:
    """None when PostgreSQL answers; otherwise the reason, for the skip message."""
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed"
    url = make_url(pg_admin_url())
    try:
        with psycopg.connect(_dsn(url), connect_timeout=3, autocommit=True) as conn:
            conn.execute("SELECT 1")
    except Exception as exc:  # any failure means: no usable server here
        return f"PostgreSQL at {url.host}:{url.port} is not reachable ({type(exc).__name__})"
    return None


def _dsn(url) -> str:  # type: ignore[no-untyped-def]
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(_dsn(make_url(pg_admin_url())), autocommit=True) as conn:
        conn.execute(sql)


@lru_cache(maxsize=1)
def _template() -> str:
    """Create and migrate the template database once per test session."""
    from bot.db import create_db_engine, upgrade

    _admin(f'DROP DATABASE IF EXISTS "{TEMPLATE}" WITH (FORCE)')
    _admin(f'CREATE DATABASE "{TEMPLATE}"')
    url = make_url(pg_admin_url()).set(database=TEMPLATE).render_as_string(hide_password=False)
    engine = create_db_engine(url)
    upgrade(engine)
    engine.dispose()
    return TEMPLATE


def fresh_pg_database() -> Iterator[str]:
    """A new migrated database; dropped afterwards."""
    name = f"sbt_{uuid.uuid4().hex[:12]}"
    _admin(f'CREATE DATABASE "{name}" TEMPLATE "{_template()}"')
    try:
        yield make_url(pg_admin_url()).set(database=name).render_as_string(hide_password=False)
    finally:
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def drop_template() -> None:
    if _template.cache_info().currsize:
        _admin(f'DROP DATABASE IF EXISTS "{TEMPLATE}" WITH (FORCE)')


def database_url_for(backend: str, folder) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """The URL for a test parametrised by backend: a SQLite file in ``folder``, or a fresh
    PostgreSQL database (skipping the test, with the reason, where there is none)."""
    import pytest

    if backend == "sqlite":
        yield f"sqlite:///{folder / 'test.db'}"
        return
    reason = pg_unavailable()
    if reason:
        pytest.skip(f"{reason}; set SUPPORTBOT_TEST_PG to a server to run PostgreSQL tests")
    yield from fresh_pg_database()
