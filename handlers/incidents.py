"""/incident open|update|resolve and /incidents: engineers declare what checks cannot see."""

from __future__ import annotations

from bot.context import HandlerContext
from bot.errors import BadInput
from bot.messages import InboundMessage, Reply
from bot.services.health import IncidentView, parse_state

OPEN_EXAMPLE = "/incident open mail degraded Outbound mail is delayed"


def _changed(ctx: HandlerContext, incident: IncidentView, action: str) -> Reply:
    return Reply(
        kind="incident_changed",
        data={"incident": incident, "action": action},
        lang=ctx.actor.language,
    )


def open_incident(message: InboundMessage, ctx: HandlerContext) -> Reply:
    """``/incident open <service> <state> <text>``."""
    words = ctx.args.split(maxsplit=2)
    state = parse_state(words[1]) if len(words) >= 2 else None
    if len(words) < 3 or state is None:
        raise BadInput("service, state and text", example=OPEN_EXAMPLE)
    incident = ctx.services.health.desk.open(ctx.actor, words[0], state, words[2])
    return _changed(ctx, incident, "opened")


def update_incident(message: InboundMessage, ctx: HandlerContext) -> Reply:
    """``/incident update <id> [state] <text>``."""
    words = ctx.args.split(maxsplit=1)
    if len(words) < 2:
        raise BadInput("incident number and text", example="/incident update 3 Fix deployed")
    first, _, rest = words[1].partition(" ")
    state = parse_state(first)
    text = rest.strip() if state is not None and rest.strip() else words[1]
    incident = ctx.services.health.desk.update(ctx.actor, words[0], text, state)
    return _changed(ctx, incident, "updated")


def resolve_incident(message: InboundMessage, ctx: HandlerContext) -> Reply:
    """``/incident resolve <id> [text]``."""
    words = ctx.args.split(maxsplit=1)
    if not words:
        raise BadInput("incident number", example="/incident resolve 3")
    incident = ctx.services.health.desk.resolve(
        ctx.actor, words[0], words[1] if len(words) > 1 else ""
    )
    return _changed(ctx, incident, "resolved")


def list_incidents(message: InboundMessage, ctx: HandlerContext) -> Reply:
    """``/incidents`` (or a bare ``/incident``): the open incidents."""
    if ctx.args.strip():
        raise BadInput("incident command", example=OPEN_EXAMPLE)
    return Reply(
        kind="incident_list",
        data={"incidents": ctx.services.health.open_incidents()},
        lang=ctx.actor.language,
    )
