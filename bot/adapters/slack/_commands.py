"""``/support <sub> <args>`` → the core's command text (the router decides the rest).

Slack accepts only the slash commands an app registers, so every command is typed
as a subcommand of ``/support``: help, usage and link codes are written that way
(:data:`COMMAND_PREFIX` is the Slack renderer's command form).
"""

from __future__ import annotations

import re

SLASH_COMMAND = "/support"
COMMAND_PREFIX = SLASH_COMMAND + " "  # "/support take T-1001"
HELP = "/help"
# Subcommands whose core command has another name; everything else is ``/<sub>``.
RENAMED = {
    "show": "ticket",
    "ticket": "ticket",
    "tickets": "tickets",
}


def to_core_command(text: str) -> str:
    """Translate the text after ``/support`` into the core's command text.

    ``""`` → ``/help``; ``show T-1001`` → ``/ticket T-1001``; ``kb search vpn`` →
    ``/kb vpn``; ``take T-1`` → ``/take T-1``. Role checks stay with the router:
    a subcommand the caller may not use is refused there, not here.
    """
    words = text.strip().split(maxsplit=1)
    if not words:
        return HELP
    sub = words[0].lower().lstrip("/")
    args = words[1].strip() if len(words) > 1 else ""
    if sub == "kb":
        first, _, rest = args.partition(" ")
        if first.lower() == "search":
            args = rest.strip()
    command = RENAMED.get(sub, sub)
    if not command.replace("-", "").replace("_", "").isalnum():
        return HELP
    return f"/{command} {args}".rstrip()


# A command as the knowledge base writes it, in code: `/health mail` (never a path: `/etc/x`).
_WRITTEN_COMMAND = re.compile(r"`/(?!support\b)([a-z]+)(?=[\s`])")


def to_slack_commands(text: str) -> str:
    """Commands an article gives in the plain form (`/health mail`) as Slack wants them
    typed (`/support health mail`): articles are written once for every front end."""
    return _WRITTEN_COMMAND.sub(lambda m: f"`{COMMAND_PREFIX}{m.group(1)}", text)
