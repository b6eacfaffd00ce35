"""/help (the commands this caller may use, from the route table) and unknown commands."""

from __future__ import annotations

from bot.context import HandlerContext
from bot.messages import InboundMessage, Reply


def show_help(message: InboundMessage, ctx: HandlerContext[None]) -> Reply:
    """Each command with its usage and help line; the front end writes its command form."""
    commands = [{"command": c.command, "usage": c.usage, "help": c.help_key} for c in ctx.commands]
    return Reply(
        kind="help",
        data={
            "role": str(ctx.actor.role),
            "staff": ctx.actor.is_staff,  # staff read the staff wording of a help line
            "reseller": ctx.settings.config.reseller.name,
            "commands": commands,
        },
        lang=ctx.actor.language,
    )


def unknown_command(message: InboundMessage, ctx: HandlerContext[str]) -> Reply:
    """``ctx.args`` is the command as typed (``/frobnicate``)."""
    return Reply(
        kind="unknown_command",
        data={"command": ctx.args[:60], "role": str(ctx.actor.role)},
        lang=ctx.actor.language,
    )
