"""What is embedded for an article: its text, its lines (title and aliases) and its sections.

Each is a short text because the models read a few hundred tokens at most; what goes in
each was measured (docs/kb-search.md, "Optional embedding re-ranker").
"""

from __future__ import annotations

from .answer import make_excerpt
from .models import Article

EMBED_CHARS = 600
HEADING_CHARS = 300
SECTION_CHARS = 300


def article_text(art: Article) -> str:
    """What we embed for the article: the title, the opening and the section headings.

    The models read a few hundred tokens at most; the opening says what the article
    is about and the headings list what it covers (measured on the cross-lingual
    set with USE: title + 300 characters 0.47 MRR, + 600 characters 0.54, + 600
    characters and the headings 0.60)."""
    body = next((s.text for s in art.sections if s.text.strip()), "")
    headings = " ".join(s.heading for s in art.sections if s.heading)[:HEADING_CHARS]
    return f"{art.title}. {make_excerpt(body, EMBED_CHARS)} {headings}".strip()


def article_lines(art: Article) -> list[str]:
    """The article's title and aliases: the questions it answers, one per line."""
    return list(dict.fromkeys(t.strip() for t in [art.title, *art.aliases] if t.strip())) or [
        art.title or art.article_id
    ]


def section_texts(art: Article) -> list[str]:
    """One text per section, for choosing the section to quote: its heading (the
    article's title for the intro) and its opening. Words alone cannot tell "share
    your calendar" from "open a calendar someone shared with you"; meaning can."""
    return [
        f"{sec.heading or art.title}. {make_excerpt(sec.text, SECTION_CHARS)}".strip()
        for sec in art.sections
    ] or [art.title or art.article_id]
