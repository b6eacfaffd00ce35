"""A customer's file sent again, privately, to the engineer who asked (``/file T-1001 2``).

The file stays in the customer's channel, which the engineer may not be in. The bot finds
it with its own token (``files.info``, scope ``files:read``), downloads ``url_private``
with that token as Slack requires, opens its direct conversation with the engineer
(``conversations.open``, scope ``im:write``; a file needs a conversation id, where a
message may name the person) and uploads the copy there (``files:write``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import aiohttp
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.transport import SendFailed

# The outbox pump gives each call 10 s (CALL_TIMEOUT_SECONDS), the whole copy included.
DOWNLOAD_SECONDS = 10.0


async def copy_file(client: AsyncWebClient, payload: Mapping[str, Any]) -> None:
    """Fetch the file ``payload["file_id"]`` and upload it to ``payload["channel"]`` (a
    person's id: their direct conversation with the bot).

    Raises:
        SlackApiError: a Web API call failed (the transport words it).
        SendFailed: the download failed.
    """
    info = await client.files_info(file=str(payload["file_id"]))
    file = info.get("file") or {}
    url = str(file.get("url_private_download") or file.get("url_private") or "")
    if not url:
        raise SendFailed("file has no url_private", permanent=True)
    content = await _download(client, url)
    channel = str(payload["channel"])
    if not channel.startswith(("C", "D", "G")):  # a person: their DM with the bot
        opened = await client.conversations_open(users=channel)
        channel = str((opened.get("channel") or {}).get("id") or channel)
    await client.files_upload_v2(
        content=content,
        filename=str(payload.get("filename") or file.get("name") or "file"),
        channel=channel,
    )


async def _download(client: AsyncWebClient, url: str) -> bytes:
    """``url_private`` with the bot token (the token is never in an error)."""
    headers = {"Authorization": f"Bearer {client.token}"}
    timeout = aiohttp.ClientTimeout(total=DOWNLOAD_SECONDS)
    async with aiohttp.ClientSession(timeout=timeout, trust_env=False) as session:
        try:
            async with session.get(url, headers=headers, allow_redirects=False) as resp:
                if resp.status != 200:
                    raise SendFailed(f"download: HTTP {resp.status}", permanent=resp.status < 500)
                return await resp.read()
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            raise SendFailed(f"download: {type(exc).__name__}") from None
