"""Values that come from the environment: secrets and deployment URLs, never the file."""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import SecretStr, ValidationError

from bot.errors import ConfigError
from bot.settings.base import Strict


class Environment(Strict):
    """Secrets are ``SecretStr``: a repr or a log line shows ``**********``."""

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


def read_environment(environ: Mapping[str, str]) -> Environment:
    """The variables Environment knows (upper case in ``environ``); empty ones are unset.

    Raises:
        ConfigError: naming the variable that is wrong.
    """
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
