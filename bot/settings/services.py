"""The service catalog and how its health is watched; check kinds come from their registry."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Annotated, Any

from pydantic import Field, TypeAdapter, field_validator

from bot.enums import ServiceState
from bot.languages import join_texts
from bot.services.health.probes import CheckConfig
from bot.settings.base import Duration, Language, Slug, Strict

Words = Annotated[str, Field(min_length=1, max_length=2000)]
PerLanguage = dict[Language, Words]
_PER_LANGUAGE: TypeAdapter[PerLanguage] = TypeAdapter(PerLanguage)


class ServiceConfig(Strict):
    """A product customers use; ``checks`` are any of the kinds in the probe registry.

    ``names`` are the service's name in other languages (``{ru: Почта, zh: 邮件}``),
    which customers of that language read; ``name`` is everyone else's and the one
    staff type. ``note`` is one text, or one per language (``{en: …, ru: …}``, kept as
    ``en: … | ru: …``, the form engineers type: :mod:`bot.languages`).
    """

    id: Slug
    name: str
    names: PerLanguage = {}
    status: ServiceState = ServiceState.OPERATIONAL
    note: str = ""

    @field_validator("note", mode="before")
    @classmethod
    def _note_per_language(cls, value: Any) -> Any:
        if isinstance(value, Mapping):
            texts = _PER_LANGUAGE.validate_python(dict(value))
            return join_texts({str(lang): text for lang, text in texts.items()})
        return value

    def name_in(self, lang: str) -> str:
        """The name a reader of ``lang`` knows the service by."""
        return next((name for code, name in self.names.items() if code == lang), self.name)

    keywords: list[str] = []
    public: bool = True
    checks: list[CheckConfig] = []
    confirm_after: int | None = Field(None, ge=1, le=100)


class HealthConfig(Strict):
    """How service checks run and how state changes are announced."""

    interval_seconds: float = Field(60.0, ge=1)
    confirm_after: int = Field(3, ge=1, le=100)
    announce_hold: Duration = timedelta(minutes=15)
    max_concurrency: int = Field(500, ge=1, le=5000)
    status_page_title: str = ""
