"""``kind: webhook``: the report is POSTed as JSON; the answer carries the case number."""

from __future__ import annotations

from typing import Literal

import httpx
from pydantic import SecretStr

from bot.services.providers.base import BaseUpstream, Provider, Report, Submission
from bot.settings.base import HttpUrl
from bot.settings.environment import Environment


class WebhookUpstream(BaseUpstream):
    """Reports go to ``webhook_url`` (``Authorization: Bearer $UPSTREAM_WEBHOOK_TOKEN``);
    the case number and link are read from the answer's ``case_field`` and ``link_field``."""

    kind: Literal["webhook"]
    webhook_url: HttpUrl
    case_field: str = "case_number"
    link_field: str = "url"

    def provider(self, env: Environment) -> Provider:
        return WebhookProvider(self, env.upstream_webhook_token)


class WebhookProvider:
    def __init__(self, config: WebhookUpstream, token: SecretStr | None) -> None:
        self._config = config
        self._token = token

    def submit(self, report: Report) -> Submission:
        config = self._config
        headers = {"Content-Type": "application/json"}
        if self._token:
            headers["Authorization"] = f"Bearer {self._token.get_secret_value()}"
        try:
            response = httpx.post(
                config.webhook_url,
                json=report.fields,
                headers=headers,
                timeout=config.timeout_seconds,
            )
            response.raise_for_status()
            answer = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise config.unavailable(exc) from exc
        case = answer.get(config.case_field) if isinstance(answer, dict) else None
        link = answer.get(config.link_field) if isinstance(answer, dict) else None
        return Submission(case_number=str(case) if case else None, link=link)
