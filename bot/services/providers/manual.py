"""``kind: manual``: the engineer pastes the report into the provider's portal."""

from __future__ import annotations

from typing import Literal

from bot.services.providers.base import BaseUpstream, Provider, Report, Submission
from bot.settings.environment import Environment


class ManualProvider:
    """Sends nothing: the report is shown to the engineer, who records the case."""

    def submit(self, report: Report) -> Submission:
        return Submission(case_number=None, sent=False)


class ManualUpstream(BaseUpstream):
    """A provider reached through its web portal (``portal_url``), by hand."""

    kind: Literal["manual"]

    def provider(self, env: Environment) -> Provider:
        return ManualProvider()
