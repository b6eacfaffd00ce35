"""Typo tolerance: find vocabulary terms within edit distance 1 of an unknown term."""

from __future__ import annotations

from collections.abc import Iterable

MIN_FUZZY_LEN = 5
MAX_FUZZY_LEN = 32  # a term has len(term) deletes of its length: long ones cost quadratically


def _deletes(term: str) -> set[str]:
    return {term[:i] + term[i + 1 :] for i in range(len(term))}


class FuzzyMatcher:
    """Symmetric-delete lookup (one deletion on each side covers insertions,
    deletions, substitutions and — via the pair check — adjacent swaps).

    The delete map is built lazily on the first unknown term, so KBs that
    never see typos do not pay for it.
    """

    def __init__(self, vocabulary: Iterable[str]) -> None:
        # Word-pair terms (joined by \x1f) are not words a user could mistype.
        self._vocab = [
            t
            for t in vocabulary
            if MIN_FUZZY_LEN - 1 <= len(t) <= MAX_FUZZY_LEN + 1 and "\x1f" not in t
        ]
        self._deletes: dict[str, list[str]] | None = None

    def _build(self) -> dict[str, list[str]]:
        table: dict[str, list[str]] = {}
        for t in self._vocab:
            table.setdefault(t, []).append(t)
            for d in _deletes(t):
                table.setdefault(d, []).append(t)
        return table

    def candidates(self, term: str) -> list[str]:
        """Vocabulary terms at Damerau edit distance 1 from ``term``."""
        if not MIN_FUZZY_LEN <= len(term) <= MAX_FUZZY_LEN:
            return []
        if self._deletes is None:
            self._deletes = self._build()
        table = self._deletes
        found: set[str] = set(table.get(term, ()))
        for d in _deletes(term):
            found.update(table.get(d, ()))
        return sorted(c for c in found if c != term and _within_one(term, c))


def _within_one(a: str, b: str) -> bool:
    """True if a and b differ by one insert/delete/substitute/adjacent swap."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1 :]
