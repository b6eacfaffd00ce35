"""Database: sqlmodel tables, the engine and alembic migrations."""

from bot.db.engine import create_db_engine, session_scope
from bot.db.migrate import current_revision, head_revision, upgrade

__all__ = ["create_db_engine", "current_revision", "head_revision", "session_scope", "upgrade"]
