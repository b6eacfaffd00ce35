"""Synonym groups (YAML) expanded into extra, lower-weighted query terms."""

from __future__ import annotations

import logging
from pathlib import Path

import yaml

from . import analysis
from .analysis import _HAS_HAN, analyze

log = logging.getLogger(__name__)
DEFAULT_SYNONYMS = Path(__file__).parent / "data" / "synonyms.yml"


class Synonyms:
    """Groups of equivalent phrases, each analysed into stemmed term tuples.

    File format: a YAML list of lists (or a mapping ``groups: [...]``); every
    member of a group may be a word or a phrase in any language. A phrase
    matches when all its terms occur in the query; the other members of its
    group are then added to the query at a lower weight, so a synonym can
    help recall but never outranks the words the user actually typed.
    """

    def __init__(self, groups: list[list[str]]) -> None:
        self.groups: list[list[tuple[str, ...]]] = []
        self._by_term: dict[str, list[int]] = {}
        # Chinese members need jieba, whose start-up costs ~1 s; they are
        # analysed only once a Chinese text has loaded it anyway.
        self._pending: list[tuple[int, str]] = []
        for group in groups:
            gi = len(self.groups)
            self.groups.append([])
            for phrase in group:
                if _HAS_HAN.search(str(phrase)) and not analysis.jieba_loaded():
                    self._pending.append((gi, str(phrase)))
                else:
                    self._add(gi, str(phrase))

    def _add(self, gi: int, phrase: str) -> None:
        terms = tuple(analyze(phrase))
        if terms and terms not in self.groups[gi]:
            self.groups[gi].append(terms)
            self._by_term.setdefault(terms[0], []).append(gi)

    @classmethod
    def load(cls, path: Path | None) -> Synonyms:
        """Read a synonyms file; a missing or broken file yields no synonyms (logged)."""
        path = path or DEFAULT_SYNONYMS
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            log.warning("kb: cannot read synonyms %s: %s", path, exc)
            return cls([])
        if isinstance(data, dict):
            data = data.get("groups", [])
        groups = [g for g in data or [] if isinstance(g, list)]
        return cls(groups)

    def expand(self, terms: list[str]) -> list[str]:
        """Terms equivalent to phrases found in ``terms`` (not already present)."""
        if self._pending and analysis.jieba_loaded():
            pending, self._pending = self._pending, []
            for gi, phrase in pending:
                self._add(gi, phrase)
        present = set(terms)
        extra: list[str] = []
        seen_groups: set[int] = set()
        for t in present:
            for gi in self._by_term.get(t, ()):
                if gi in seen_groups:
                    continue
                group = self.groups[gi]
                if not any(m[0] == t and set(m) <= present for m in group):
                    continue
                seen_groups.add(gi)
                for member in group:
                    for term in member:
                        if term not in present and term not in extra:
                            extra.append(term)
        return extra
