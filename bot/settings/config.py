"""The whole YAML file as one model, and the checks that span sections (ids, references)."""

from __future__ import annotations

from pydantic import model_validator

from bot.enums import AnswerMode, Platform
from bot.services.providers import UpstreamConfig
from bot.settings.base import KeyProblem, Strict
from bot.settings.digests import DigestConfig, SmtpConfig
from bot.settings.front_ends import FrontEndConfig
from bot.settings.knowledge_base import KnowledgeBaseConfig
from bot.settings.people import (
    DEFAULT_ANSWER_MODES,
    ChannelRef,
    CustomerConfig,
    ResellerConfig,
    StaffConfig,
)
from bot.settings.services import HealthConfig, ServiceConfig
from bot.settings.sla import SlaConfig

DEFAULT_DATABASE_URL = "sqlite:///var/supportbot.db"


def _require_unique(section: str, ids: list[str], field: str = "id") -> None:
    seen: set[str] = set()
    for index, item in enumerate(ids):
        if item in seen:
            raise KeyProblem(f"{section}[{index}].{field}", f"duplicate {field} {item!r}")
        seen.add(item)


class Config(Strict):
    """The whole YAML file."""

    reseller: ResellerConfig
    database_url: str = DEFAULT_DATABASE_URL
    knowledge_base: KnowledgeBaseConfig = KnowledgeBaseConfig()
    services: list[ServiceConfig] = []
    customers: list[CustomerConfig] = []
    staff: list[StaffConfig] = []
    engineers_channels: list[ChannelRef] = []
    managers_channels: list[ChannelRef] = []
    sla: SlaConfig = SlaConfig()
    upstream: UpstreamConfig | None = None
    digests: list[DigestConfig] = []
    smtp: SmtpConfig | None = None
    health: HealthConfig = HealthConfig()
    front_ends: list[FrontEndConfig] | None = None

    @model_validator(mode="after")
    def _check_references(self) -> Config:
        _require_unique("services", [s.id for s in self.services])
        _require_unique("customers", [c.id for c in self.customers])
        _require_unique("staff", [s.id for s in self.staff])
        _require_unique("digests", [d.name for d in self.digests], "name")
        _require_unique("front_ends", [f.kind for f in self.front_ends or []], "kind")
        self._check_customer_services()
        self._check_digests()
        self._check_channels()
        return self

    def _check_customer_services(self) -> None:
        known = {s.id for s in self.services}
        for ci, customer in enumerate(self.customers):
            for si, service in enumerate(customer.services):
                if service not in known:
                    raise KeyProblem(
                        f"customers[{ci}].services[{si}]", f"unknown service {service!r}"
                    )

    def _check_digests(self) -> None:
        for di, digest in enumerate(self.digests):
            for ci, customer_id in enumerate(digest.customers):
                if self.customer(customer_id) is None:
                    raise KeyProblem(
                        f"digests[{di}].customers[{ci}]", f"unknown customer {customer_id!r}"
                    )
            if digest.recipient.platform == "email" and self.smtp is None:
                raise KeyProblem(f"digests[{di}].recipient", "e-mail digests need an smtp: section")

    def _check_channels(self) -> None:
        """A chat belongs to one customer, and a tenant to one customer."""
        seen: dict[tuple[Platform, str], str] = {}
        tenants: dict[str, str] = {}
        for ci, customer in enumerate(self.customers):
            for hi, ref in enumerate(customer.channels):
                key = (ref.platform, ref.id)
                if key in seen:
                    raise KeyProblem(
                        f"customers[{ci}].channels[{hi}]", f"channel already belongs to {seen[key]}"
                    )
                seen[key] = customer.id
            for ti, tenant in enumerate(customer.tenants):
                if tenant.id in tenants:
                    raise KeyProblem(
                        f"customers[{ci}].tenants[{ti}].id",
                        f"tenant already belongs to {tenants[tenant.id]}",
                    )
                tenants[tenant.id] = customer.id
        for section in ("engineers_channels", "managers_channels"):
            for index, ref in enumerate(getattr(self, section)):
                owner = seen.get((ref.platform, ref.id))
                if owner is not None:  # staff talk there: it must never reach a customer
                    raise KeyProblem(f"{section}[{index}]", f"channel belongs to customer {owner}")

    def staff_member(self, staff_id: str) -> StaffConfig | None:
        return next((s for s in self.staff if s.id == staff_id), None)

    def customer(self, customer_id: str) -> CustomerConfig | None:
        return next((c for c in self.customers if c.id == customer_id), None)

    def service(self, service_id: str) -> ServiceConfig | None:
        return next((s for s in self.services if s.id == service_id), None)

    def is_staff_channel(self, platform: str, channel: str) -> bool:
        """The engineers' or managers' channel: the bot obeys commands there, nothing else."""
        return any(
            ref.platform == platform and ref.id == channel
            for ref in (*self.engineers_channels, *self.managers_channels)
        )

    def answer_mode(self, platform: str, channel: str) -> AnswerMode:
        """Whether the bot answers every question in a customer's chat or only when
        addressed: the chat's ``answers`` in the config, else the platform's default."""
        for customer in self.customers:
            for ref in customer.channels:
                if ref.platform == platform and ref.id == channel:
                    return ref.answer_mode
        return DEFAULT_ANSWER_MODES.get(Platform(platform), AnswerMode.ADDRESSED)

    def language_of(
        self, customer_id: str | None, platform: str | None = None, channel: str | None = None
    ) -> str:
        """What a customer is written to in: their configured language, else the chat's
        (``customers[].channels[].language``), else the reseller's default."""
        customer = self.customer(customer_id) if customer_id else None
        if customer is not None and customer.language:
            return customer.language
        for ref in customer.channels if customer is not None else ():
            if ref.language and ref.platform == platform and ref.id == channel:
                return ref.language
        return self.reseller.default_language

    def timezone_of(self, customer_id: str | None) -> str:
        """The customer's own time zone, else the reseller's."""
        customer = self.customer(customer_id) if customer_id else None
        return (customer.timezone if customer else None) or self.reseller.timezone

    def staff_timezone(self, staff_id: str | None) -> str:
        """A staff member's own time zone, else the reseller's (shared staff rooms too)."""
        member = self.staff_member(staff_id) if staff_id else None
        return (member.timezone if member else None) or self.reseller.timezone
