"""Words about an outage that are no how-to: "when will it be fixed?" and "production is down".

"а когда почините?", "when will it be fixed?", "什么时候能修好" under an incident banner
ask about the incident: the answer is its state, since when, the latest update and when
it was written, that our team and the provider are on it, that the chat is told when it is
fixed, and the way to an engineer (the ticket is linked to the incident). Which incident:
the one the person's last question here was about (the banner's), else one the message
names, else — for a bare "when will it be fixed?" — every open one on the customer's
services. With none, or with more said than that ("how long until the new user's mailbox
works"), the message is a question like any other.

"our production site is down", "весь офис без почты", "生产系统全挂了": a support desk puts an
engineer on that at once. The answer offers the engineer and a severity A ticket, says
what severity A means and how soon the first answer comes, and shows an incident on a
service the message names first. The ticket the button opens is severity A
(``escalation.talk_to_engineer``; the Slack form starts at A).
"""

from __future__ import annotations

from bot.context import HandlerContext
from bot.enums import Severity
from bot.messages import Action, Reply
from bot.services.health import ServiceStatus
from bot.services.health.mentions import asks_when_fixed, beside_when_fixed, service_names
from bot.services.sla import SlaPolicies
from bot.services.urgency import says_business_down

# Words a "when will it be fixed?" may have beside it and still be only that: "а" (a bare
# one, meaning every incident of the customer's), "guys, please" beside a service's name.
BESIDE_BARE = 1
BESIDE_NAMED = 2


def when_fixed(ctx: HandlerContext[object], text: str) -> Reply | None:
    """The incident's answer to "when will it be fixed?"; None when no incident is open on
    the customer's services (or the message asks nothing of the kind)."""
    if ctx.actor.customer_id is None or not asks_when_fixed(text):
        return None
    troubles, question_id = _incidents_meant(ctx, text)
    if not troubles:
        return None
    if question_id is None:  # nothing asked before it here: this is the question
        question_id = ctx.services.handovers.offer(ctx.actor, text).question_id
    # the ticket is linked to the incident its words name (``HealthService.incident_for``)
    asked = ctx.services.handovers.conversation(ctx.actor, question_id).text
    linked = bool(ctx.services.health.troubles_mentioned(ctx.actor, asked))
    return Reply(
        kind="incident_eta",
        data={"troubles": troubles, "linked": linked},
        actions=(Action("kb_talk_to_engineer", str(question_id)),),
        lang=ctx.actor.language,
    )


def _incidents_meant(
    ctx: HandlerContext[object], text: str
) -> tuple[list[ServiceStatus], int | None]:
    """The services in trouble the question means, and the earlier question it goes on
    from (what an engineer's ticket is opened from).

    Right after a question about a service in trouble (the banner's answer) it is that
    service. Otherwise the question must say little else: "when will outlook be back?"
    means the mail incident, a bare "when will it be fixed?" every open one on the
    customer's services; "how long until the new user's mailbox works" or "paid already,
    when is the service restored" are questions of their own."""
    health = ctx.services.health
    recent = ctx.services.knowledge.recent(ctx.actor)
    before = health.troubles_mentioned(ctx.actor, recent.question) if recent else []
    about = recent.question_id if recent is not None and before else None
    named = health.troubles_mentioned(ctx.actor, text)
    if named:  # the earlier question counts only if it was about one of these
        same = {s.service_id for s in before} & {s.service_id for s in named}
        if same:
            return named, about
        config, reseller = ctx.settings.config, ctx.settings.config.reseller.name
        services = [config.service(s.service_id) for s in named]
        names = {n for s in services if s is not None for n in service_names(s, reseller)}
        others = beside_when_fixed(text, names)
        return (named, None) if len(others) <= BESIDE_NAMED else ([], None)
    if before:
        return before, about
    if len(beside_when_fixed(text)) > BESIDE_BARE:
        return [], None
    return [s for s in health.statuses(ctx.actor) if s.state.is_trouble], None


def business_down(ctx: HandlerContext[object], text: str) -> Reply | None:
    """An engineer and a severity A ticket at once for "production is down"; None for
    anything else (and for staff)."""
    customer = ctx.actor.customer_id
    if customer is None or not says_business_down(text):
        return None
    handover = ctx.services.handovers.offer(ctx.actor, text)
    first = SlaPolicies(ctx.settings.config).for_customer(customer).first_response[Severity.A]
    return Reply(
        kind="urgent_offer",
        data={
            "troubles": ctx.services.health.troubles_mentioned(ctx.actor, text),
            "first_response": first.total_seconds(),
        },
        actions=(Action("kb_talk_to_engineer", str(handover.question_id)),),
        lang=ctx.actor.language,
    )
