"""The name of a person who wrote, when Slack's message event does not carry it.

Slack adds the writer's ``user_profile`` to many message events but not all (a file
share, an app's install without it, older clients). Staff notices name the person
("🚨 New ticket T-1001 from Olga Smirnova (Acme)"), so the name is asked of
``users.info`` once per person and kept for :data:`KEEP`. An app installed without the
``users:read`` scope gets ``missing_scope``: one warning says which scope (not one per
message), no further look-ups are made, and the person stays unnamed — Slack-rendered
notices then show them as a mention (``<@U123>``), which Slack itself shows as their name.
A look-up that fails otherwise (a timeout, Slack down) names nobody and delays nothing
for long: the answer matters more than the name.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Mapping
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.log_messages import SLACK_NAMES_NO_SCOPE

log = logging.getLogger(__name__)
KEEP = 12 * 3600.0  # seconds a name is kept before it is asked again (people rename)
LOOKUP_SECONDS = 3.0  # the longest a message waits for its writer's name
SCOPE = "users:read"


def profile_name(user: Mapping[str, Any]) -> str:
    """The name people see in Slack: display name, else real name, else the handle."""
    given = user.get("profile")
    profile: Mapping[str, Any] = given if isinstance(given, Mapping) else {}
    for value in (
        profile.get("display_name"),
        profile.get("real_name"),
        user.get("real_name"),
        user.get("name"),
    ):
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


class SlackPeople:
    """``users.info`` look-ups, cached; switched off for good by ``missing_scope``."""

    def __init__(self, client: AsyncWebClient, clock: Any = time.monotonic) -> None:
        self._client = client
        self._clock = clock
        self._names: dict[str, tuple[str, float]] = {}
        self.refused = False  # the app lacks users:read (warned once)

    async def name(self, user_id: str) -> str:
        """The person's name, or "" when Slack will not say."""
        if self.refused or not user_id:
            return ""
        kept = self._names.get(user_id)
        if kept is not None and self._clock() - kept[1] < KEEP:
            return kept[0]
        try:
            answer = await asyncio.wait_for(
                self._client.users_info(user=user_id), timeout=LOOKUP_SECONDS
            )
        except SlackApiError as exc:
            self._refused(exc)
            return ""
        except Exception:  # timeout, network: the message is answered without the name
            log.info("slack: users.info for %s failed", user_id, exc_info=True)
            return ""
        user = answer.get("user")
        name = profile_name(user) if isinstance(user, Mapping) else ""
        self._names[user_id] = (name, self._clock())
        return name

    def _refused(self, exc: SlackApiError) -> None:
        error = str(exc.response.get("error") or "")
        if error != "missing_scope":
            log.info("slack: users.info refused: %s", error)
            return
        self.refused = True
        log.warning(SLACK_NAMES_NO_SCOPE, error, exc.response.get("needed") or SCOPE)
