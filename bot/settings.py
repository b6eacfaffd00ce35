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
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import (
    BaseModel,
    BeforeValidator,
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
    url_base: str | None = None  # article link = url_base + path without .md, unless `url:`


class CheckConfig(_Strict):
    """One health check of a service; which keys apply depends on ``kind``.

    http: ``url``, ``method``, ``expect_status``, ``expect_text``, ``degraded_after_ms``;
    tcp: ``host`` and ``port``; statuspage: ``url`` of ``/api/v2/summary.json`` and the
    ``component`` (name or id); feed: ``url`` of an RSS/Atom incident feed, optional ``match``;
    manual: no probe, engineers declare incidents.
    """

    kind: Literal["http", "tcp", "statuspage", "feed", "manual"]
    url: str | None = None
    method: Literal["GET", "HEAD", "POST", "OPTIONS"] = "GET"
    expect_status: list[int] = [200]
    expect_text: str | None = None
    timeout_seconds: float = Field(5.0, gt=0, le=120)
    degraded_after_ms: float | None = Field(None, gt=0)
    host: str | None = None
    port: int | None = Field(None, ge=1, le=65535)
    component: str | None = None
    match: str | None = None
    feed_window_hours: float = Field(6.0, gt=0)
    feed_state: ServiceState = ServiceState.DEGRADED

    @model_validator(mode="after")
    def _complete(self) -> CheckConfig:
        needs = {"http": ("url",), "tcp": ("host", "port"), "statuspage": ("url", "component")}
        needs["feed"] = ("url",)
        for key in needs.get(self.kind, ()):
            if getattr(self, key) in (None, ""):
                raise ValueError(f"{self.kind} checks need {key}")
        if self.url and not re.match(r"^https?://", self.url):
            raise ValueError(f"url must start with http:// or https://, got {self.url!r}")
        return self


class ServiceConfig(_Strict):
    id: Slug
    name: str
    status: ServiceState = ServiceState.OPERATIONAL
    note: str = ""
    keywords: list[str] = []
    public: bool = True
    checks: list[CheckConfig] = []
    confirm_after: int | None = Field(None, ge=1, le=100)


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


_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([dhm])\s*$")
_HOURS_RANGE = re.compile(r"^([01]\d|2[0-4]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def parse_duration(value: Any) -> timedelta:
    """``"2h"``, ``"30m"``, ``"1.5d"`` or a number of hours → timedelta."""
    if isinstance(value, timedelta):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return timedelta(hours=value)
    match = _DURATION.match(str(value))
    if not match:
        raise ValueError(f"expected a duration like 2h, 30m or 1d, got {value!r}")
    amount, unit = float(match.group(1)), match.group(2)
    units = {"d": "days", "h": "hours", "m": "minutes"}
    return timedelta(**{units[unit]: amount})


Duration = Annotated[timedelta, BeforeValidator(parse_duration)]


class CalendarConfig(_Strict):
    """Business hours: a time zone, opening hours per weekday, and holidays."""

    timezone: str = "UTC"
    hours: dict[Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"], str] = {}
    holidays: list[date] = []

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        return ResellerConfig._known_timezone(value)

    @field_validator("hours")
    @classmethod
    def _ranges(cls, value: dict[str, str]) -> dict[str, str]:
        for day, span in value.items():
            match = _HOURS_RANGE.match(span.strip())
            if not match or span.strip()[:5] >= span.strip()[6:]:
                raise ValueError(f"{day}: expected HH:MM-HH:MM with start before end, got {span!r}")
        return value


class SeverityTargets(_Strict):
    A: Duration
    B: Duration
    C: Duration


class SlaPolicyConfig(_Strict):
    """Targets per severity; ``tiers`` limits the policy to customers of those tiers."""

    name: str
    tiers: list[str] = []
    calendar: str = "24x7"
    first_response: SeverityTargets = SeverityTargets(A="2h", B="4h", C="8h")  # type: ignore[arg-type]
    resolution: SeverityTargets = SeverityTargets(A="1d", B="3d", C="5d")  # type: ignore[arg-type]
    pause_while_waiting_on_provider: bool = False


class SlaConfig(_Strict):
    warn_at: float = Field(0.75, gt=0.0, lt=1.0)
    calendars: dict[str, CalendarConfig] = {}
    policies: list[SlaPolicyConfig] = [SlaPolicyConfig(name="default")]
    scan_seconds: float = Field(60.0, gt=0)

    @model_validator(mode="after")
    def _known_calendars(self) -> SlaConfig:
        for index, policy in enumerate(self.policies):
            if policy.calendar != "24x7" and policy.calendar not in self.calendars:
                raise _KeyProblem(
                    f"sla.policies[{index}].calendar", f"unknown calendar {policy.calendar!r}"
                )
        return self


class ContactConfig(_Strict):
    """The reseller's contact the provider calls back (never the customer's)."""

    name: str
    email: str
    phone: str = ""


class UpstreamConfig(_Strict):
    """The upstream provider and how problems are reported to it."""

    name: Slug
    display_name: str = ""
    kind: Literal["email", "webhook", "manual"] = "manual"
    contact: ContactConfig
    portal_url: str | None = None
    email_to: str | None = None
    email_from: str | None = None
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 25
    smtp_starttls: bool = False
    smtp_username: str | None = None
    webhook_url: str | None = None
    case_field: str = "case_number"
    link_field: str = "url"
    timeout_seconds: float = Field(10.0, gt=0)

    @model_validator(mode="after")
    def _complete(self) -> UpstreamConfig:
        if self.kind == "email" and not (self.email_to and self.email_from):
            raise _KeyProblem("upstream.email_to", "email providers need email_to and email_from")
        if self.kind == "webhook" and not self.webhook_url:
            raise _KeyProblem("upstream.webhook_url", "webhook providers need webhook_url")
        return self


class DigestRecipient(_Strict):
    """Where a digest goes: a Slack channel, a Telegram chat, an e-mail address, or stdout."""

    platform: Literal["slack", "telegram", "email", "console"]
    id: str = Field(min_length=1)


class DigestConfig(_Strict):
    """One scheduled digest: who gets it, when (local time, weekdays), for which customers."""

    name: Slug
    recipient: DigestRecipient
    time: str = "09:00"
    timezone: str | None = None
    weekdays: list[Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]] = list(WEEKDAYS)
    customers: list[Slug] = []
    language: Language = "en"

    @field_validator("time")
    @classmethod
    def _clock_time(cls, value: str) -> str:
        if not re.match(r"^([01]\d|2[0-3]):[0-5]\d$", value.strip()):
            raise ValueError(f"expected HH:MM, got {value!r}")
        return value.strip()

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str | None) -> str | None:
        return ResellerConfig._known_timezone(value) if value else None


class SmtpConfig(_Strict):
    """The mail server digests are sent through (password: ``$SMTP_PASSWORD``)."""

    host: str = "127.0.0.1"
    port: int = 25
    sender: str
    starttls: bool = False
    username: str | None = None
    timeout_seconds: float = Field(10.0, gt=0)


class HealthConfig(_Strict):
    """How service checks run and how state changes are announced."""

    interval_seconds: float = Field(60.0, ge=1)
    confirm_after: int = Field(3, ge=1, le=100)
    announce_hold: Duration = timedelta(minutes=15)
    max_concurrency: int = Field(500, ge=1, le=5000)
    status_page_title: str = ""


class Config(_Strict):
    """The whole YAML file."""

    reseller: ResellerConfig
    database_url: str = DEFAULT_DATABASE_URL
    knowledge_base: KnowledgeBaseConfig = KnowledgeBaseConfig()
    services: list[ServiceConfig] = []
    customers: list[CustomerConfig] = []
    staff: list[StaffConfig] = []
    engineers_channels: list[ChannelRef] = []
    managers_channels: list[ChannelRef] = []
    sla: SlaConfig = SlaConfig()
    upstream: UpstreamConfig | None = None
    digests: list[DigestConfig] = []
    smtp: SmtpConfig | None = None
    health: HealthConfig = HealthConfig()

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
        _require_unique("digests", [d.name for d in self.digests])
        for di, digest in enumerate(self.digests):
            for ci, customer_id in enumerate(digest.customers):
                if self.customer(customer_id) is None:
                    raise _KeyProblem(
                        f"digests[{di}].customers[{ci}]", f"unknown customer {customer_id!r}"
                    )
            if digest.recipient.platform == "email" and self.smtp is None:
                raise _KeyProblem(
                    f"digests[{di}].recipient", "e-mail digests need an smtp: section"
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

    def staff_member(self, staff_id: str) -> StaffConfig | None:
        return next((s for s in self.staff if s.id == staff_id), None)

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
    upstream_smtp_password: SecretStr | None = None
    upstream_webhook_token: SecretStr | None = None
    upstream_inbound_secret: SecretStr | None = None
    smtp_password: SecretStr | None = None


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


def environment_secrets(environ: Mapping[str, str]) -> list[str]:
    """The values of every secret variable set in ``environ`` (for log redaction)."""
    names = [
        name
        for name, field in Environment.model_fields.items()
        if "SecretStr" in str(field.annotation)
    ]
    return [environ[n.upper()] for n in names if environ.get(n.upper())]


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
