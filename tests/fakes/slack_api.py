"""A fake Slack Web API on 127.0.0.1, port 0: canned answers, every call recorded.

Tests point ``SLACK_API_URL`` at :attr:`FakeSlackApi.api_url` and use
:meth:`FakeSlackApi.hook_url` as a slash command's ``response_url``. Faults are the
shared verbs of ``tests/fakes/base.py``: ``fail("chat.postMessage", 429, retry_after=1,
chat="C1")`` rate-limits one channel, without ``chat`` every channel; ``hang(...)``
leaves calls unanswered. ``GET /_calls`` lists the calls as JSON (for a benchmark in
another process). Files people shared (:attr:`FakeSlackApi.files`) are found by
``files.info`` and downloaded from their ``url_private_download`` with a bot token (as a
``download`` call; without one Slack redirects to its sign-in page: a 302 here).
"""

from __future__ import annotations

import itertools
import json
import time
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qsl

from tests.fakes.base import Call, Fault
from tests.fakes.http import Answer, FakeHttpApi, send_json

BOT_USER_ID = "U_BOT"
BOT_ID = "B_BOT"
# Left alone by random faults: bolt's one identity look-up is not what a drill measures.
RANDOM_FAULT_EXEMPT = frozenset({"auth.test"})
# The scope a method needs, named in a ``missing_scope`` answer as Slack does ("needed").
NEEDED_SCOPES = {"users.info": "users:read", "chat.postMessage": "chat:write"}


class FakeSlackApi(FakeHttpApi):
    """Start with ``with FakeSlackApi() as api:`` (or start()/stop())."""

    random_fault_exempt = RANDOM_FAULT_EXEMPT

    def __init__(self, *, random_faults: tuple[float, float, int] | None = None) -> None:
        super().__init__(random_faults=random_faults)
        self._ts = itertools.count(1)
        # users.info: Slack user id → the ``user`` object it answers (unknown: user_not_found)
        self.people: dict[str, dict[str, Any]] = {}
        # files.info: file id → (name, bytes) of a file someone shared
        self.files: dict[str, tuple[str, bytes]] = {}

    @property
    def api_url(self) -> str:
        return f"{self.url}/api/"

    def hook_url(self, name: str = "response") -> str:
        return f"{self.url}/hooks/{name}"

    def parse(self, path: str, headers: dict[str, str], body: bytes) -> tuple[str, dict, str]:
        route, _, query = path.partition("?")
        if route.startswith("/upload/"):  # the file bytes of files.uploadV2's second step
            return route, {"file_id": route.removeprefix("/upload/"), "content": body}, ""
        if "json" in headers.get("content-type", ""):
            payload = json.loads(body.decode("utf-8") or "{}")
        else:
            payload = dict(parse_qsl(body.decode("utf-8")))
        if query:  # slack_sdk sends some arguments in the query string
            payload = {**dict(parse_qsl(query)), **payload}
        token = headers.get("authorization", "").removeprefix("Bearer ")
        return route.removeprefix("/api/"), payload, token

    def chat_of(self, payload: dict[str, Any]) -> str | None:
        channel = payload.get("channel") or payload.get("channel_id")
        return str(channel) if channel else None

    def error(self, method: str, fault: Fault) -> Answer:
        code = "ratelimited" if fault.status == 429 else fault.description or "internal_error"
        headers = {}
        if fault.retry_after is not None:
            headers["Retry-After"] = str(fault.retry_after)
        body: dict[str, Any] = {"ok": False, "error": code}
        if code == "missing_scope":  # Slack names the scope it wanted and those it has
            body.update(needed=NEEDED_SCOPES.get(method, ""), provided="chat:write,commands")
        return fault.status, body, headers

    def answer(self, method: str, payload: dict[str, Any]) -> Answer:
        if method == "auth.test":
            identity = {"user_id": BOT_USER_ID, "bot_id": BOT_ID, "team_id": "T_TEST"}
            return 200, {"ok": True, "user": "supportbot", "team": "Test", **identity}, {}
        if method in ("chat.postMessage", "chat.postEphemeral"):
            ts = f"1700000000.{next(self._ts):06d}"
            body = {"ok": True, "channel": payload.get("channel"), "ts": ts, "message_ts": ts}
            return 200, body, {}
        if method == "users.info":
            user = self.people.get(str(payload.get("user")))
            if user is None:
                return 200, {"ok": False, "error": "user_not_found"}, {}
            return 200, {"ok": True, "user": user}, {}
        if method == "files.info":
            shared = self.files.get(str(payload.get("file")))
            if shared is None:
                return 200, {"ok": False, "error": "file_not_found"}, {}
            name, content = shared
            url = f"{self.url}/files-pri/T_TEST-{payload['file']}/download/{name}"
            file = {"id": payload["file"], "name": name, "size": len(content)}
            return 200, {"ok": True, "file": {**file, "url_private_download": url}}, {}
        if method == "conversations.open":
            return 200, {"ok": True, "channel": {"id": f"D{payload.get('users')}"}}, {}
        if method == "views.open":
            return 200, {"ok": True, "view": {"id": f"V{next(self._ts)}"}}, {}
        if method == "files.getUploadURLExternal":
            file_id = f"F{next(self._ts)}"
            return (
                200,
                {"ok": True, "file_id": file_id, "upload_url": f"{self.url}/upload/{file_id}"},
                {},
            )
        if method == "files.completeUploadExternal":
            files = payload.get("files")
            files = json.loads(files) if isinstance(files, str) else files or []
            done = [{"id": f.get("id"), "title": f.get("title")} for f in files]
            return 200, {"ok": True, "files": done}, {}
        return 200, {"ok": True}, {}

    def get(self, request: BaseHTTPRequestHandler) -> bool:
        """``GET /_calls``: the recorded calls as JSON; ``GET /files-pri/…``: a download."""
        if request.path.startswith("/files-pri/"):
            self._download(request)
            return True
        if request.path != "/_calls":
            return False
        calls = [
            {
                "method": c.method,
                "status": c.status,
                "at": c.at,
                "thread_ts": c.payload.get("thread_ts"),
            }
            for c in self.calls(ok_only=False)
        ]
        send_json(request, 200, calls)
        return True

    def _download(self, request: BaseHTTPRequestHandler) -> None:
        """A shared file's bytes, for a request carrying a bot token."""
        file_id = request.path.removeprefix("/files-pri/").split("/")[0].removeprefix("T_TEST-")
        token = str(request.headers.get("Authorization") or "").removeprefix("Bearer ")
        shared = self.files.get(file_id)
        status = 200 if shared and token.startswith("xoxb-") else 302
        self._record(Call("download", {"file": file_id}, status, {}, token, time.monotonic()))
        content = shared[1] if status == 200 and shared else b""
        request.send_response(status)
        if status == 302:
            request.send_header("Location", f"{self.url}/signin")
        request.send_header("Content-Length", str(len(content)))
        request.end_headers()
        request.wfile.write(content)


def uploaded(api: FakeSlackApi, completed: Call) -> list[Call]:
    """The byte uploads (``/upload/<file id>``) of the files a completeUploadExternal shared."""
    files = completed.payload.get("files")
    files = json.loads(files) if isinstance(files, str) else files or []
    ids = {f.get("id") for f in files}
    return [
        c for c in api.calls() if c.method.startswith("/upload/") and c.payload["file_id"] in ids
    ]
