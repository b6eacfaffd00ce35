"""Settings: one YAML file validated with pydantic, secrets from the environment.

An unknown or wrong key stops start-up with a :class:`~bot.errors.ConfigError`
that names the file and the key, so an operator can fix it without reading code.
Secrets never live in the file; they are read from the environment and held as
``SecretStr`` so that a repr or a log line cannot leak them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)

from bot.enums import Platform, Role, ServiceState
from bot.errors import ConfigError

Language = Literal["en", "ru", "zh"]
Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,62}$")]
DEFAULT_CONFIG = Path("config/demo.yml")
DEFAULT_DATABASE_URL = "sqlite:///var/supportbot.db"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ResellerConfig(_Strict):
    name: str
    timezone: str = "UTC"
    support_email: str | None = None
    default_language: Language = "en"

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r} (use an IANA name)") from None
        return value


class KnowledgeBaseConfig(_Strict):
    path: Path = Path("knowledge_base")
    min_confidence: float = Field(0.35, ge=0.0, le=1.0)
    synonyms: Path | None = None
    reload_seconds: float = Field(2.0, ge=0.0)


class ServiceConfig(_Strict):
    id: Slug
    name: str
    status: ServiceState = ServiceState.OPERATIONAL
    note: str = ""
    keywords: list[str] = []
    public: bool = True


class ChannelRef(_Strict):
    platform: Platform
    id: str = Field(min_length=1)


class CustomerConfig(_Strict):
    id: Slug
    name: str
    language: Language = "en"
    tier: str = "standard"
    services: list[Slug] = []
    channels: list[ChannelRef] = []


class StaffConfig(_Strict):
    id: Slug
    name: str
    role: Literal[Role.ENGINEER, Role.MANAGER]
    language: Language = "en"
    identities: list[ChannelRef] = []


class Config(_Strict):
    """The whole YAML file."""

    reseller: ResellerConfig
    database_url: str = DEFAULT_DATABASE_URL
    knowledge_base: KnowledgeBaseConfig = KnowledgeBaseConfig()
    services: list[ServiceConfig] = []
    customers: list[CustomerConfig] = []
    staff: list[StaffConfig] = []

    @model_validator(mode="after")
    def _check_references(self) -> Config:
        _require_unique("services", [s.id for s in self.services])
        _require_unique("customers", [c.id for c in self.customers])
        _require_unique("staff", [s.id for s in self.staff])
        known = {s.id for s in self.services}
        for ci, customer in enumerate(self.customers):
            for si, service in enumerate(customer.services):
                if service not in known:
                    raise _KeyProblem(
                        f"customers[{ci}].services[{si}]", f"unknown service {service!r}"
                    )
        seen: dict[tuple[Platform, str], str] = {}
        for ci, customer in enumerate(self.customers):
            for hi, ref in enumerate(customer.channels):
                key = (ref.platform, ref.id)
                if key in seen:
                    raise _KeyProblem(
                        f"customers[{ci}].channels[{hi}]",
                        f"channel already belongs to {seen[key]}",
                    )
                seen[key] = customer.id
        return self

    def customer(self, customer_id: str) -> CustomerConfig | None:
        return next((c for c in self.customers if c.id == customer_id), None)

    def service(self, service_id: str) -> ServiceConfig | None:
        return next((s for s in self.services if s.id == service_id), None)


class Environment(_Strict):
    """Values that come from the environment (secrets and deployment URLs)."""

    database_url: str | None = None
    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_api_url: str | None = None
    telegram_bot_token: SecretStr | None = None
    telegram_webhook_secret: SecretStr | None = None
    telegram_webhook_url: str | None = None
    telegram_api_url: str | None = None


class Settings(BaseModel):
    """Config file plus environment, resolved once at start-up."""

    model_config = ConfigDict(frozen=True)

    config: Config
    env: Environment
    config_path: Path
    database_url: str
    kb_path: Path
    synonyms_path: Path | None


class _KeyProblem(ValueError):
    def __init__(self, key: str, problem: str) -> None:
        super().__init__(f"{key}: {problem}")
        self.key = key
        self.problem = problem


def _require_unique(section: str, ids: list[str]) -> None:
    seen: set[str] = set()
    for index, item in enumerate(ids):
        if item in seen:
            raise _KeyProblem(f"{section}[{index}].id", f"duplicate id {item!r}")
        seen.add(item)


def _format_loc(loc: tuple[Any, ...]) -> str:
    key = ""
    for part in loc:
        if isinstance(part, int):
            key += f"[{part}]"
        else:
            key += f".{part}" if key else str(part)
    return key or "(top level)"


def parse_config(raw: Any, path: str) -> Config:
    """Validate a loaded YAML document; raise ConfigError naming the first bad key."""
    if not isinstance(raw, dict):
        raise ConfigError(path, "(top level)", "the file must be a YAML mapping")
    try:
        return Config.model_validate(raw)
    except ValidationError as exc:
        error = exc.errors()[0]
        ctx_error = (error.get("ctx") or {}).get("error")
        if isinstance(ctx_error, _KeyProblem):
            raise ConfigError(path, ctx_error.key, ctx_error.problem) from None
        key = _format_loc(tuple(error["loc"]))
        problem = "unknown key" if error["type"] == "extra_forbidden" else error["msg"]
        raise ConfigError(path, key, problem) from None


def _read_environment(environ: Mapping[str, str]) -> Environment:
    values = {
        name.lower(): value
        for name, value in environ.items()
        if name.lower() in Environment.model_fields and value != ""
    }
    try:
        return Environment.model_validate(values)
    except ValidationError as exc:
        error = exc.errors()[0]
        key = str(error["loc"][0]).upper()
        raise ConfigError("environment", key, error["msg"]) from None


def _resolve_sqlite(url: str, base: Path) -> str:
    """Make a relative SQLite path in the config file relative to that file."""
    match = re.match(r"^(sqlite(?:\+\w+)?:///)(?!/)(.+)$", url)
    if not match or match.group(2).startswith(":memory:"):
        return url
    return match.group(1) + str((base / match.group(2)).resolve())


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
    shown = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(shown, "(file)", "no such file; pass --config FILE") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(shown, "(file)", f"cannot read: {exc}") from None
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "(yaml)"
        raise ConfigError(shown, where, f"invalid YAML: {getattr(exc, 'problem', exc)}") from None
    config = parse_config(raw, shown)
    env = _read_environment(environ)
    base = path.resolve().parent
    database_url = env.database_url or _resolve_sqlite(config.database_url, base)
    synonyms = config.knowledge_base.synonyms
    return Settings(
        config=config,
        env=env,
        config_path=path,
        database_url=database_url,
        kb_path=(base / config.knowledge_base.path).resolve(),
        synonyms_path=(base / synonyms).resolve() if synonyms else None,
    )
