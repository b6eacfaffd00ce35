"""Synonym groups (YAML) expanded into extra, lower-weighted query terms."""

from __future__ import annotations

import logging
from pathlib import Path

import yaml

from . import analysis
from .analysis import _HAS_HAN, analyze

log = logging.getLogger(__name__)
DEFAULT_SYNONYMS = Path(__file__).parent / "data" / "synonyms.yml"
KB_SYNONYMS = "synonyms.yml"  # a KB folder's own groups, used instead of the bundled ones


class Synonyms:
    """Groups of equivalent phrases, each analysed into stemmed term tuples.

    File format: a YAML list of lists (or a mapping ``groups: [...]``); every
    member of a group may be a word or a phrase in any language. A phrase
    matches when its terms occur one after the other in the question (stop
    words between them do not count): "one drive" is OneDrive, but "one of the
    drives" is not, nor is "wechat doesn't work" WeChat Work. The other members
    of its group are then added to the query at a lower weight, so a synonym can
    help recall but never outranks the words the user actually typed.
    """

    def __init__(self, groups: list[list[str]], source: Path | None = None) -> None:
        self.source = source  # the file the groups were read from, if any
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
            return cls([], path)
        if isinstance(data, dict):
            data = data.get("groups", [])
        groups = [g for g in data or [] if isinstance(g, list)] if isinstance(data, list) else []
        return cls(groups, path)

    @classmethod
    def for_kb(cls, root: Path, path: Path | None = None) -> Synonyms:
        """The groups for the KB in ``root``: ``path`` if given, else the folder's own
        ``synonyms.yml`` if it has one, else the bundled general list.

        A KB's own file replaces the bundled list rather than adding to it: general
        groups that are not true equivalents in one KB's vocabulary ("backup" and
        "snapshot" are two articles here) would otherwise pull in the wrong article.
        """
        if path is None and (root / KB_SYNONYMS).is_file():
            path = root / KB_SYNONYMS
        return cls.load(path)

    def expand(self, terms: list[str]) -> list[str]:
        """Terms equivalent to phrases found in ``terms`` (the question's terms in
        order) that are not already present."""
        if self._pending and analysis.jieba_loaded():
            pending, self._pending = self._pending, []
            for gi, phrase in pending:
                self._add(gi, phrase)
        present = set(terms)
        starts: dict[str, list[int]] = {}
        for i, t in enumerate(terms):
            if t in self._by_term:
                starts.setdefault(t, []).append(i)
        extra: list[str] = []
        seen_groups: set[int] = set()
        for t, positions in starts.items():
            for gi in self._by_term[t]:
                if gi in seen_groups or not any(
                    m[0] == t and _occurs(m, terms, positions) for m in self.groups[gi]
                ):
                    continue
                seen_groups.add(gi)
                for member in self.groups[gi]:
                    for term in member:
                        if term not in present and term not in extra:
                            extra.append(term)
        return extra


def _occurs(member: tuple[str, ...], terms: list[str], positions: list[int]) -> bool:
    """Whether ``member`` occurs as consecutive terms starting at one of ``positions``."""
    n = len(member)
    return n == 1 or any(tuple(terms[p : p + n]) == member for p in positions)
