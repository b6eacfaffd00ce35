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
        ctx.actor, opening.service, opening.state, opening.text, opening.next_update
    )
    return _changed(ctx, incident, "opened")


def update_incident(message: InboundMessage, ctx: HandlerContext[IncidentNote]) -> Reply:
    """``/incident update <id> [state] <text>``."""
    note = ctx.args
    incident = ctx.services.health.desk.update(
        ctx.actor, note.number, note.text, note.state, note.next_update
    )
    return _changed(ctx, incident, "updated")


def resolve_incident(message: InboundMessage, ctx: HandlerContext[IncidentNote]) -> Reply:
    """``/incident resolve <id> [text]``."""
    incident = ctx.services.health.desk.resolve(ctx.actor, ctx.args.number, ctx.args.text)
    return _changed(ctx, incident, "resolved")


def list_incidents(message: InboundMessage, ctx: HandlerContext[None]) -> Reply:
    """``/incidents`` (or a bare ``/incident``): the open incidents."""
    incidents = ctx.services.health.open_incidents()
    # a promised update whose time passed: "update overdue since 15:30"
    overdue = [i.id for i in incidents if i.next_update is not None and i.next_update <= ctx.now]
    return Reply(
        kind="incident_list",
        data={"incidents": incidents, "overdue": overdue},
        lang=ctx.actor.language,
    )
