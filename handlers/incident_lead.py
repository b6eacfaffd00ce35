"""A customer reports trouble with a service that has an open incident: the incident is
the answer.

"is teams down? cant join meetings", "outlook не отправляет", "开会进不去，tims是不是挂了"
while Teams or Mail has a declared or detected incident: the reply leads with what is
affected, since when, the latest update, that the team is on it and that the customer will
be told when it is fixed. The KB section the search found is written for a working service
("reinstall Teams", "repair WebView2", "everything shows healthy but…"), wrong advice
during a provider outage, so it is only linked for after the incident, and "did it help?"
is not asked. "Talk to an engineer" stays: the ticket is linked to the incident
(``TicketService.open``). A how-to about the service ("how do I schedule a Teams
meeting") keeps its answer under the incident line.

A how-to about something else that only happens to name the service ("a company signature
the server adds to every e-mail" during a VM incident: "server" names the VMs) is not
about the incident: its answer is not opened with the banner; one line after it says the
service has an incident (``troubles_aside``). Which service a how-to is about is read from
the article that answers it (its title names the service, or not).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from bot.kb import KbAnswer
from bot.messages import Reply
from bot.services.health import ServiceStatus
from bot.services.health.mentions import reports_trouble

_KB_KINDS = frozenset({"kb_answer", "kb_unsure"})


def lead_with_incident(
    reply: Reply, text: str, troubles: list[ServiceStatus], names: Callable[[str], list[str]]
) -> Reply:
    """``reply`` to ``text`` as the incident's answer when ``text`` reports trouble with a
    service in ``troubles``; a how-to keeps its answer, with the banner only for the
    services it is about (``names``: the service ids a text names)."""
    if not troubles or reply.kind not in _KB_KINDS:
        return reply
    answer = reply.data.get("answer")
    if not reports_trouble(text):
        about, aside = on_topic(troubles, answer, names)
        data = {**reply.data, "troubles": about}
        if aside:
            data["troubles_aside"] = aside
        return replace(reply, data=data)
    data = {**reply.data, "incident_lead": True}
    if isinstance(answer, KbAnswer) and answer.best and (answer.confident or answer.tentative):
        data["after_incident"] = answer.best  # "if it still fails after the incident: <article>"
    engineer = tuple(a for a in reply.actions if a.action_id == "kb_talk_to_engineer")
    return replace(reply, kind="kb_answer", data=data, actions=engineer)


def on_topic(
    troubles: list[ServiceStatus], answer: object, names: Callable[[str], list[str]]
) -> tuple[list[ServiceStatus], list[ServiceStatus]]:
    """(the services in trouble a how-to is about, the ones it only names in passing).

    The article found says what the question is about: a service its title (else its
    section) names is the topic. With no article to go by, or one naming no service, every service
    the question names is taken as its topic (the banner is shown, as before)."""
    if not isinstance(answer, KbAnswer) or answer.best is None:
        return troubles, []
    if not (answer.confident or answer.tentative):
        return troubles, []
    # the title says what an article is about; its section only when the title names no
    # service ("… › Added by the mail server": that "server" is no VM)
    topic = set(names(answer.best.title)) or set(names(answer.best.section or ""))
    if not topic:
        return troubles, []
    return (
        [t for t in troubles if t.service_id in topic],
        [t for t in troubles if t.service_id not in topic],
    )
