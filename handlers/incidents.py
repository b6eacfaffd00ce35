"""/incident open|update|resolve and /incidents: engineers declare what checks cannot see."""

from __future__ import annotations

from typing import Any

from bot.arguments import IncidentNote, IncidentOpening
from bot.context import HandlerContext
from bot.messages import InboundMessage, Reply
from bot.services.health import IncidentView


def _changed(ctx: HandlerContext[Any], incident: IncidentView, action: str) -> Reply:
    return Reply(
        kind="incident_changed",
        data={"incident": incident, "action": action},
        lang=ctx.actor.language,
    )


def open_incident(message: InboundMessage, ctx: HandlerContext[IncidentOpening]) -> Reply:
    """``/incident open <service> <state> <text>``."""
    opening = ctx.args
    incident = ctx.services.health.desk.open(
        ctx.actor, opening.service, opening.state, opening.text
    )
    return _changed(ctx, incident, "opened")


def update_incident(message: InboundMessage, ctx: HandlerContext[IncidentNote]) -> Reply:
    """``/incident update <id> [state] <text>``."""
    note = ctx.args
    incident = ctx.services.health.desk.update(ctx.actor, note.number, note.text, note.state)
    return _changed(ctx, incident, "updated")


def resolve_incident(message: InboundMessage, ctx: HandlerContext[IncidentNote]) -> Reply:
    """``/incident resolve <id> [text]``."""
    incident = ctx.services.health.desk.resolve(ctx.actor, ctx.args.number, ctx.args.text)
    return _changed(ctx, incident, "resolved")


def list_incidents(message: InboundMessage, ctx: HandlerContext[None]) -> Reply:
    """``/incidents`` (or a bare ``/incident``): the open incidents."""
    return Reply(
        kind="incident_list",
        data={"incidents": ctx.services.health.open_incidents()},
        lang=ctx.actor.language,
    )
