"""Build Slack request bodies from the recorded-shape files in ``payloads/``, and sign them."""

from __future__ import annotations

import copy
import hashlib
import hmac
import itertools
import json
import time
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

FOLDER = Path(__file__).parent / "payloads"
SIGNING_SECRET = "test-signing-secret-8d1f0c"
_counter = itertools.count(1)


@cache
def _load(name: str) -> dict[str, Any]:
    return json.loads((FOLDER / f"{name}.json").read_text(encoding="utf-8"))


def load(name: str) -> dict[str, Any]:
    """A fresh copy of one payload file."""
    return copy.deepcopy(_load(name))


def next_ts() -> str:
    return f"1764000{next(_counter):03d}.{next(_counter):06d}"


def event(
    name: str = "message",
    *,
    text: str | None = None,
    channel: str = "C_ACME",
    user: str | None = "U_CUSTOMER",
    ts: str | None = None,
    thread_ts: str | None = None,
    event_id: str | None = None,
    **fields: Any,
) -> dict[str, Any]:
    """An Events API callback; ``fields`` override keys of the inner event."""
    body = load(name)
    inner = body["event"]
    inner["channel"] = channel
    if user is not None and "user" in inner:
        inner["user"] = user
    if text is not None:
        inner["text"] = text
    inner["ts"] = inner["event_ts"] = ts or next_ts()
    if thread_ts:
        inner["thread_ts"] = thread_ts
    inner.update(fields)
    body["event_id"] = event_id or f"Ev{next(_counter):08d}"
    return body


def command(
    text: str,
    *,
    user: str = "U_ALICE",
    channel: str = "D_ALICE",
    response_url: str,
    user_name: str | None = None,
) -> str:
    """A ``/support`` slash command, form-encoded as Slack sends it (``user_name``: the
    sender's handle, else the recorded payload's)."""
    fields = load("slash_command")
    if user_name is not None:
        fields["user_name"] = user_name
    fields.update(
        text=text,
        user_id=user,
        channel_id=channel,
        response_url=response_url,
        trigger_id=f"{next(_counter)}.{next(_counter)}.trigger",
    )
    return urlencode(fields)


def interactive(payload: dict[str, Any]) -> str:
    """An interactivity request body: the JSON in a form field called ``payload``."""
    return urlencode({"payload": json.dumps(payload)})


def button(
    action_id: str,
    value: str,
    *,
    user: str = "U_CUSTOMER",
    channel: str = "C_ACME",
    thread_ts: str = "1764000000.000100",
) -> dict[str, Any]:
    body = load("block_actions")
    body["user"]["id"] = user
    body["channel"]["id"] = body["container"]["channel_id"] = channel
    body["message"]["thread_ts"] = body["container"]["thread_ts"] = thread_ts
    body["trigger_id"] = f"{next(_counter)}.{next(_counter)}.trigger"
    action = body["actions"][0]
    action.update(action_id=action_id, value=value, action_ts=next_ts())
    return body


def view_submission(
    metadata: str,
    *,
    subject: str,
    severity: str = "B",
    category: str = "technical",
    description: str | None = None,
    user: str = "U_CUSTOMER",
) -> dict[str, Any]:
    body = load("view_submission")
    body["user"]["id"] = user
    view = body["view"]
    view["id"] = view["root_view_id"] = f"V{next(_counter):06d}"
    view["private_metadata"] = metadata
    values = view["state"]["values"]
    values["subject"]["value"]["value"] = subject
    values["severity"]["value"]["selected_option"] = {"value": severity}
    values["category"]["value"]["selected_option"] = {"value": category}
    values["description"]["value"]["value"] = description
    return body


def signed_headers(
    body: str, *, secret: str = SIGNING_SECRET, timestamp: int | None = None, form: bool = False
) -> dict[str, str]:
    """Headers exactly as Slack signs a request: v0 HMAC-SHA256 of ``v0:{ts}:{body}``."""
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    base = f"v0:{stamp}:{body}".encode()
    digest = hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return {
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": f"v0={digest}",
        "Content-Type": "application/x-www-form-urlencoded" if form else "application/json",
    }
