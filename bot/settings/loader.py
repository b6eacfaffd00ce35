"""Loading settings: read the YAML file, validate it, add the environment, resolve paths.

Every problem becomes a :class:`~bot.errors.ConfigError` naming the file and the
key (``services[2].checks[0].url``), so an operator can fix it without reading code.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from bot.errors import ConfigError
from bot.services.health.probes import CHECK_KINDS
from bot.services.providers import PROVIDER_KINDS
from bot.settings.base import KeyProblem
from bot.settings.config import Config
from bot.settings.environment import Environment, read_environment
from bot.settings.front_ends import FRONT_END_KINDS, FrontEndConfig, choose_front_ends

DEFAULT_CONFIG = Path("config/demo.yml")
# Where a list of kinds is expected, by the key holding it: for "missing kind" errors.
_KINDS_BY_KEY = {"checks": CHECK_KINDS, "upstream": PROVIDER_KINDS, "front_ends": FRONT_END_KINDS}


class Settings(BaseModel):
    """Config file plus environment, resolved once at start-up."""

    model_config = ConfigDict(frozen=True)

    config: Config
    env: Environment
    config_path: Path
    database_url: str
    kb_path: Path
    synonyms_path: Path | None
    front_ends: tuple[FrontEndConfig, ...] = ()


def _kind_names(kinds: tuple[type[Any], ...]) -> str:
    return ", ".join(str(kind.model_fields["kind"].annotation.__args__[0]) for kind in kinds)


def _key_for(loc: tuple[Any, ...], raw: Any) -> str:
    """``services[0].checks[1].url`` from pydantic's location, without union tags.

    A discriminated union puts the chosen kind into the location (``checks, 1, http,
    url``); the raw document tells which parts are such tags: the ``kind`` of the
    mapping at that point, and not one of its keys.
    """
    key, node = "", raw
    for part in loc:
        if isinstance(part, int):
            key += f"[{part}]"
            node = node[part] if isinstance(node, list) and part < len(node) else None
            continue
        if isinstance(node, dict) and part not in node and node.get("kind") == part:
            continue
        key += f".{part}" if key else str(part)
        node = node.get(part) if isinstance(node, dict) else None
    return key or "(top level)"


def _problem(error: Any, loc: tuple[Any, ...]) -> tuple[str, str]:
    """(key suffix, words) for one pydantic error."""
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind == "extra_forbidden":
        return "", "unknown key"
    if kind == "union_tag_invalid":
        expected = ctx.get("expected_tags", "").replace("'", "")
        return ".kind", f"unknown kind {ctx.get('tag')!r}; one of: {expected}"
    if kind == "union_tag_not_found":
        holder = next((p for p in reversed(loc) if isinstance(p, str)), "")
        kinds = _KINDS_BY_KEY.get(holder)
        return ".kind", "missing" + (f"; one of: {_kind_names(kinds)}" if kinds else "")
    return "", error["msg"].removeprefix("Value error, ")


def parse_config(raw: Any, path: str) -> Config:
    """Validate a loaded YAML document.

    Raises:
        ConfigError: naming the file and the first bad key.
    """
    if not isinstance(raw, dict):
        raise ConfigError(path, "(top level)", "the file must be a YAML mapping")
    try:
        return Config.model_validate(raw)
    except ValidationError as exc:
        error = exc.errors()[0]
        ctx_error = (error.get("ctx") or {}).get("error")
        if isinstance(ctx_error, KeyProblem):
            raise ConfigError(path, ctx_error.key, ctx_error.problem) from None
        loc = tuple(error["loc"])
        suffix, problem = _problem(error, loc)
        raise ConfigError(path, _key_for(loc, raw) + suffix, problem) from None


def _resolve_sqlite(url: str, base: Path) -> str:
    """Make a relative SQLite path in the config file relative to that file."""
    match = re.match(r"^(sqlite(?:\+\w+)?:///)(?!/)(.+)$", url)
    if not match or match.group(2).startswith(":memory:"):
        return url
    return match.group(1) + str((base / match.group(2)).resolve())


def _read_yaml(path: Path) -> Any:
    shown = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(shown, "(file)", "no such file; pass --config FILE") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(shown, "(file)", f"cannot read: {exc}") from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "(yaml)"
        raise ConfigError(shown, where, f"invalid YAML: {getattr(exc, 'problem', exc)}") from None


def load_settings(path: Path | None = None, environ: Mapping[str, str] | None = None) -> Settings:
    """Load and validate settings.

    Args:
        path: the YAML file; default ``$SUPPORTBOT_CONFIG`` or ``config/demo.yml``.
        environ: the environment to read secrets from (tests pass a dict).

    Raises:
        ConfigError: naming the file and key that are wrong.
    """
    environ = os.environ if environ is None else environ
    if path is None:
        path = Path(environ.get("SUPPORTBOT_CONFIG") or DEFAULT_CONFIG)
    config = parse_config(_read_yaml(path), str(path))
    env = read_environment(environ)
    base = path.resolve().parent
    synonyms = config.knowledge_base.synonyms
    return Settings(
        config=config,
        env=env,
        config_path=path,
        database_url=env.database_url or _resolve_sqlite(config.database_url, base),
        kb_path=(base / config.knowledge_base.path).resolve(),
        synonyms_path=(base / synonyms).resolve() if synonyms else None,
        front_ends=choose_front_ends(config.front_ends, env),
    )
