"""A fake upstream provider API (the ``webhook`` provider kind) on 127.0.0.1, port 0.

``POST /cases`` takes a report and answers a case number and a link; the shared
verbs inject failures (``fail("cases", 503)``) and hung calls.
"""

from __future__ import annotations

import json
from typing import Any

from tests.fakes.base import Fault
from tests.fakes.http import Answer, FakeHttpApi

CASE_NUMBER = "CASE-77"
CASE_LINK = "https://provider.example/c/77"


class FakeProviderApi(FakeHttpApi):
    """``with FakeProviderApi() as api:``; the provider's ``webhook_url`` is ``api.cases_url``."""

    @property
    def cases_url(self) -> str:
        return f"{self.url}/cases"

    def parse(self, path: str, headers: dict[str, str], body: bytes) -> tuple[str, dict, str]:
        payload = json.loads(body.decode("utf-8") or "{}")
        token = headers.get("authorization", "").removeprefix("Bearer ")
        return path.strip("/").split("?")[0], payload, token

    def answer(self, method: str, payload: dict[str, Any]) -> Answer:
        return 201, {"case_number": CASE_NUMBER, "url": CASE_LINK}, {}

    def error(self, method: str, fault: Fault) -> Answer:
        return fault.status, {"error": fault.description or "unavailable"}, {}
