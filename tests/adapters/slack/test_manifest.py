"""The app manifest grants the scope of every Web API method and event the bot relies on.

The methods are found in the code (``"chat.postMessage"`` as a string, ``client.files_upload_v2(``
as a call); a method missing from the table below fails the test, so a new call cannot ship
without its scope. Scopes per method are from Slack's method reference (docs.slack.dev).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[3]
MANIFEST = ROOT / "docs" / "slack-app-manifest.yml"
CODE = sorted((ROOT / "bot" / "adapters" / "slack").glob("*.py"))
# Web API method → the bot-token scopes it needs (an empty set: none needed).
METHOD_SCOPES: dict[str, set[str]] = {
    "chat.postMessage": {"chat:write"},
    "chat.postEphemeral": {"chat:write"},
    "chat.update": {"chat:write"},
    "views.open": set(),
    "files.getUploadURLExternal": {"files:write"},
    "files.completeUploadExternal": {"files:write"},
    "auth.test": set(),
    "users.info": {"users:read"},
    "files.info": {"files:read"},  # and url_private's download, with the same token
    "conversations.open": {"im:write"},  # the engineer's DM, for a file copy (/file)
}
# slack_sdk helpers that are several Web API calls.
HELPERS = {
    "files_upload_v2": {"files.getUploadURLExternal", "files.completeUploadExternal"},
    "users_info": {"users.info"},
    "files_info": {"files.info"},
    "conversations_open": {"conversations.open"},
}
# Events API subscription → the scope that delivers it.
EVENT_SCOPES = {
    "app_mention": "app_mentions:read",
    "message.channels": "channels:history",
    "message.groups": "groups:history",
    "message.im": "im:history",
    "message.mpim": "mpim:history",
}
_METHOD = re.compile(r"^(chat|views|files|users|conversations|reactions|auth|apps|pins)\.\w+$")


def called_methods() -> set[str]:
    """Every Web API method the Slack front end names or calls."""
    found: set[str] = set()
    for path in CODE:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if _METHOD.match(node.value):
                    found.add(node.value)
                found |= HELPERS.get(node.value, set())
            elif isinstance(node, ast.Attribute):
                found |= HELPERS.get(node.attr, set())
    return found


def manifest() -> dict:
    return yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))


def test_the_code_calls_what_we_expect_to_find() -> None:
    methods = called_methods()
    assert {
        "chat.postMessage",
        "views.open",
        "files.completeUploadExternal",
        "users.info",
    } <= methods


def test_every_called_method_has_a_known_scope() -> None:
    unknown = called_methods() - METHOD_SCOPES.keys()
    assert not unknown, f"add these methods and their scopes to METHOD_SCOPES: {unknown}"


def test_the_manifest_grants_every_scope_the_calls_need() -> None:
    granted = set(manifest()["oauth_config"]["scopes"]["bot"])
    needed = set().union(*(METHOD_SCOPES[m] for m in called_methods()))
    assert needed <= granted, f"missing from the manifest: {sorted(needed - granted)}"
    assert "files:write" in granted  # the digest's chart upload


def test_the_manifest_grants_every_subscribed_event_and_the_slash_command() -> None:
    app = manifest()
    granted = set(app["oauth_config"]["scopes"]["bot"])
    events = app["settings"]["event_subscriptions"]["bot_events"]
    assert {EVENT_SCOPES[e] for e in events} <= granted
    assert app["features"]["slash_commands"] and "commands" in granted


def test_the_manifest_asks_for_nothing_the_bot_does_not_use() -> None:
    app = manifest()
    granted = set(app["oauth_config"]["scopes"]["bot"])
    used = set().union(*(METHOD_SCOPES[m] for m in called_methods()))
    used |= {EVENT_SCOPES[e] for e in app["settings"]["event_subscriptions"]["bot_events"]}
    assert granted - used - {"commands"} == set()


def test_the_docs_list_the_manifests_scopes() -> None:
    docs = (ROOT / "docs" / "slack.md").read_text(encoding="utf-8")
    missing = [s for s in manifest()["oauth_config"]["scopes"]["bot"] if f"`{s}`" not in docs]
    assert not missing, f"docs/slack.md does not mention: {missing}"
    assert "`files:write`" in (ROOT / "docs" / "digests.md").read_text(encoding="utf-8")
