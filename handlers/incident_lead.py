"""A customer reports trouble with a service that has an open incident: the incident is
the answer.

"is teams down? cant join meetings", "outlook не отправляет", "开会进不去，tims是不是挂了"
while Teams or Mail has a declared or detected incident: the reply leads with what is
affected, since when, the latest update, that the team is on it and that the customer will
be told when it is fixed. The KB section the search found is written for a working service
("reinstall Teams", "repair WebView2", "everything shows healthy but…"), wrong advice
during a provider outage, so it is only linked for after the incident, and "did it help?"
is not asked. "Talk to an engineer" stays: the ticket is linked to the incident
(``TicketService.open``). A how-to that names the service ("how do I schedule a Teams
meeting") keeps its answer under the incident line.
"""

from __future__ import annotations

from dataclasses import replace

from bot.kb import KbAnswer
from bot.messages import Reply
from bot.services.health import ServiceStatus
from bot.services.health.mentions import reports_trouble

_KB_KINDS = frozenset({"kb_answer", "kb_unsure"})


def lead_with_incident(reply: Reply, text: str, troubles: list[ServiceStatus]) -> Reply:
    """``reply`` to ``text`` as the incident's answer when ``text`` reports trouble with a
    service in ``troubles``; else ``reply`` unchanged."""
    if not troubles or reply.kind not in _KB_KINDS or not reports_trouble(text):
        return reply
    answer = reply.data.get("answer")
    data = {**reply.data, "incident_lead": True}
    if isinstance(answer, KbAnswer) and answer.best and (answer.confident or answer.tentative):
        data["after_incident"] = answer.best  # "if it still fails after the incident: <article>"
    engineer = tuple(a for a in reply.actions if a.action_id == "kb_talk_to_engineer")
    return replace(reply, kind="kb_answer", data=data, actions=engineer)
