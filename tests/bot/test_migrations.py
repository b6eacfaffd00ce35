"""Alembic migrations: applied at start, by `supportbot db upgrade`, and idempotent."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import inspect

from bot.cli import main
from bot.db import create_db_engine, current_revision, head_revision, upgrade


def test_upgrade_creates_every_table_on_an_empty_database(tmp_path: Path) -> None:
    engine = create_db_engine(f"sqlite:///{tmp_path / 'sub' / 'bot.db'}")
    assert current_revision(engine) is None
    assert upgrade(engine) == head_revision()
    tables = set(inspect(engine).get_table_names())
    assert {"tickets", "ticket_events", "kb_questions", "kb_feedback"} <= tables


def test_upgrade_twice_is_harmless_and_keeps_data(tmp_path: Path) -> None:
    engine = create_db_engine(f"sqlite:///{tmp_path / 'bot.db'}")
    upgrade(engine)
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO kb_questions (at, user, lang, question, confidence, answered) "
            "VALUES ('2026-01-01 00:00:00', 'u', 'en', 'q', 0.5, 1)"
        )
    upgrade(engine)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM kb_questions").scalar() == 1


def test_downgrade_then_upgrade_round_trips(tmp_path: Path) -> None:
    from alembic import command

    from bot.db.migrate import _alembic_config

    engine = create_db_engine(f"sqlite:///{tmp_path / 'bot.db'}")
    upgrade(engine)
    command.downgrade(_alembic_config(engine), "base")
    assert "tickets" not in inspect(engine).get_table_names()
    upgrade(engine)
    assert "tickets" in inspect(engine).get_table_names()


def test_db_upgrade_command(config_file: Path, capsys) -> None:
    assert main(["--config", str(config_file), "db", "upgrade"]) == 0
    assert head_revision() in capsys.readouterr().out
    assert (config_file.parent / "var" / "test.db").exists()


def test_workers_starting_at_once_migrate_once(database_url: str) -> None:
    """Four processes run the migrations against one fresh database at the same moment."""
    import subprocess
    import sys

    from alembic import command

    from bot.db.migrate import _alembic_config

    engine = create_db_engine(database_url)
    upgrade(engine)
    command.downgrade(_alembic_config(engine), "base")  # start from an empty schema
    engine.dispose()
    code = (
        "import sys; from bot.db import create_db_engine, upgrade; "
        "print(upgrade(create_db_engine(sys.argv[1])))"
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, database_url],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    results = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], [err for _, err in results]
    assert {out.strip() for out, _ in results} == {head_revision()}
