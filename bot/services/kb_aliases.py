"""Service names said through the KB's synonyms: the nicknames and typos customers use.

The KB's ``synonyms.yml`` already knows that "тимс" and "tims" are Teams, "аутлук" is
Outlook and "虚机" a virtual machine. The health service asks here whether a question names
a service that way, so an incident on Teams is found for "tims是不是挂了" without a second
hand-kept list of nicknames in the services' keywords.
"""

from __future__ import annotations

from functools import lru_cache

from bot.kb.analysis import analyze
from bot.kb.synonyms import Synonyms

QUESTION_CHARS = 1000  # what the KB reads of a question (``knowledge.QUESTION_MAX``)


def says_any(synonyms: Synonyms, text: str, names: set[str]) -> bool:
    """Does ``text`` say one of ``names`` through a synonym group (all of a name's search
    terms among the terms the question's synonyms add)? Words typed as they are named are
    the health service's own match (``bot/services/health/mentions.py``)."""
    extra = set(synonyms.expand(analyze(text[:QUESTION_CHARS])))
    if not extra:
        return False
    return any((said := _terms(name)) and extra.issuperset(said) for name in names)


@lru_cache(maxsize=4096)
def _terms(name: str) -> tuple[str, ...]:
    """A service name's search terms: the same few hundred names are asked about for every
    question, and Chinese ones go through the word splitter."""
    return tuple(analyze(name))
