"""Public value types of the knowledge-base search: hits, answers, load issues."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class KbIssue:
    """A problem found in a KB file; errors make the file unusable, warnings do not."""

    path: str
    line: int | None
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.severity}: {self.message}"


@dataclass(frozen=True)
class SearchHit:
    """One ranked result: the best section of one article."""

    article_id: str
    title: str
    section: str | None
    anchor: str | None
    url: str | None
    lang: str
    score: float
    text: str
    family: str = ""  # translation_key: the same article in every language shares it


@dataclass(frozen=True)
class KbAnswer:
    """What the bot needs to reply: the best hit, a readable excerpt, and fallbacks."""

    query: str
    lang: str
    confident: bool
    confidence: float
    best: SearchHit | None
    excerpt: str
    # Not confident, but likely enough to show as the bot's best guess, with ``closest``
    # holding the runners-up (calibration's ``tentative``).
    tentative: bool = False
    see_also: tuple[SearchHit, ...] = ()
    closest: tuple[SearchHit, ...] = ()
    # Language of the quoted article: the customer's (``lang``) unless the article
    # exists only in another one, which the reply then says.
    article_lang: str | None = None


@dataclass
class Section:
    """A heading-delimited part of an article, kept with its cleaned markdown."""

    heading: str | None
    anchor: str | None
    level: int
    text: str
    line: int


@dataclass
class Article:
    """A parsed markdown file; ``sections[0]`` is the intro (text before the first heading)."""

    article_id: str
    title: str
    lang: str
    url: str | None
    audience: str | None
    aliases: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    category: str | None = None
    sections: list[Section] = field(default_factory=list)
    links: list[tuple[str, int]] = field(default_factory=list)
    translation_key: str = ""  # family key, shared by an article's translations
    products: list[str] = field(default_factory=list)
    updated: date | None = None
