"""What ``supportbot serve`` tells the operator at start: what it serves, where, and how.

A server that starts silently leaves the operator guessing whether Telegram is on,
which database it writes to and whether the knowledge base was found.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.engine import make_url

from bot.dispatcher import Dispatcher
from bot.frontend import FrontEnd


def _database(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # an unparsable URL fails later with its own error
        return "(unreadable URL)"


def serving_summary(
    dispatcher: Dispatcher, front_ends: Sequence[FrontEnd], host: str, port: int
) -> list[str]:
    """The lines ``serve`` logs before it starts listening (no secrets)."""
    settings = dispatcher.settings
    config = settings.config
    kb = dispatcher.services.knowledge.knowledge_base
    lines = [
        f"serving {config.reseller.name} on http://{host}:{port} "
        f"(config {settings.config_path.resolve()})",
        f"database: {_database(settings.database_url)}",
        f"knowledge base: {settings.kb_path} ({kb.article_count} articles, "
        f"{len(kb.issues)} file problems; `supportbot kb check` lists them)",
    ]
    if front_ends:
        on = ", ".join(f"{f.name} ({f.describe()})" for f in front_ends)
        lines.append(f"front ends: {on}")
    else:
        lines.append(
            "front ends: none (set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET, or "
            "TELEGRAM_BOT_TOKEN; see README)"
        )
    pages = ["/healthz", "/readyz", "/metrics", "/status", "/status.json"]
    upstream = config.upstream
    if upstream is not None and settings.env.upstream_inbound_secret is not None:
        pages.append(f"/upstream/{upstream.name} (signed {upstream.label} updates)")
    lines.append("also: " + ", ".join(pages))
    if upstream is not None:
        updates = (
            f"signed updates at /upstream/{upstream.name}"
            if settings.env.upstream_inbound_secret is not None
            else "no signed updates: UPSTREAM_INBOUND_SECRET is unset"
        )
        lines.append(f"upstream provider: {upstream.label} ({upstream.kind}; {updates})")
    else:
        lines.append("upstream provider: none (add an upstream: section to escalate tickets)")
    digests = ", ".join(f"{d.name} at {d.time}" for d in config.digests) or "none"
    lines.append(f"digests: {digests}")
    return lines
