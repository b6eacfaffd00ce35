"""/help and the answer to an unknown command."""

from __future__ import annotations

from bot.context import HandlerContext
from bot.messages import InboundMessage, Reply


def show_help(message: InboundMessage, ctx: HandlerContext) -> Reply:
    """The commands this caller may use (the template lists them by role)."""
    return Reply(
        kind="help",
        data={"role": str(ctx.actor.role), "reseller": ctx.settings.config.reseller.name},
        lang=ctx.actor.language,
    )


def unknown_command(message: InboundMessage, ctx: HandlerContext) -> Reply:
    command = message.text.split(maxsplit=1)[0] if message.text else ""
    return Reply(
        kind="unknown_command",
        data={"command": command[:60], "role": str(ctx.actor.role)},
        lang=ctx.actor.language,
    )
