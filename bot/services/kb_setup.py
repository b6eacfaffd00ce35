"""Where the knowledge base and its embeddings live, checked before the bot starts."""

from __future__ import annotations

import os
import re
from pathlib import Path

from bot.errors import ConfigError
from bot.kb.embed_cache import ENV, FILE_NAME
from bot.kb.store import scan


def embeddings_cache_for(database_url: str) -> Path | None:
    """Where the article embeddings live: beside a SQLite database file (the bot's
    own writable data folder), unless ``$SUPPORTBOT_KB_CACHE`` says otherwise; None
    (the user's cache folder) for a server database."""
    if os.environ.get(ENV) is not None:
        return None
    match = re.match(r"^sqlite(?:\+\w+)?:///(?!:memory:)(.+)$", database_url)
    return Path(match.group(1)).parent / FILE_NAME if match else None


def require_kb_folder(path: Path) -> None:
    """Refuse to start on a KB folder that is missing or holds no ``.md`` file: a wrong
    path would otherwise answer every question with "not sure" and look healthy.

    Raises:
        ConfigError: naming the folder.
    """
    if not path.is_dir():
        what = "is not a folder" if path.exists() else "does not exist"
        raise ConfigError(str(path), "knowledge_base.path", f"the KB folder {what}")
    if not scan(path):
        raise ConfigError(str(path), "knowledge_base.path", "the KB folder has no .md articles")
