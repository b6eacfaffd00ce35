"""Which section of the chosen article to quote.

Ranking finds the article; the section index it uses carries the article's title and
aliases in every section, so when the question matches an alias ("where can I see
last month's invoice") every section scores within a few per cent of the others and
the best one is decided by chance words like "see". Here each section is scored on
what is its own — its heading path and its body — with the question's words, their
typo corrections and synonyms. Translations keep their sections in the same order,
so the sections of every version of the article count together: a Russian question
that matched the English article still finds the section in the Russian one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from .index import BM25FIndex
from .query import Query
from .ranking import cover_strength
from .store import F_HEADINGS, Encoded

HEADING_WEIGHT = 2.5  # a question word in a section's heading says more than in its body
K1, B = 1.2, 0.5  # saturation and length normalisation of a section's words
NEAR = 0.9  # sections within 10 % of the best: the earlier one (common case first)
INTRO_MARGIN = 2.0  # how much better the untitled intro must score than any titled section
# The question's embedding similarity to each section (its heading and opening, by USE),
# z-scored within the article, added with this weight to the word score divided by the
# best: words cannot tell "share your calendar" from "open a calendar someone shared with
# you". Chosen on judged section questions (docs/kb-search.md, "Which section").
SECTION_MEANING = 0.3
# A ``###`` part gives way to its ``##`` section when the question names nothing of the
# part's own heading and the section scores at least this share of the part's score.
PARENT_SHARE = 0.5
# The closing section every troubleshooting article ends with ("Contact us": what to put in
# a ticket), in the KB's three languages.
CLOSING_HEADING = re.compile(
    r"^(?:contact us|ask us|when to contact us|напишите нам|обратитесь к нам"
    r"|когда обращаться к нам|когда писать нам|联系我们|什么时候联系我们)$",
    re.IGNORECASE,
)


def section_scores(
    enc: Encoded,
    terms: Sequence[tuple[int, float]],
    words: Sequence[tuple[float, Sequence[int]]],
    index: BM25FIndex,
) -> tuple[np.ndarray, np.ndarray]:
    """(BM25F score, idf-weighted share of the question's ``words`` present) of each
    section of one article, from its heading and body alone."""
    n = enc.n_sections
    scores = np.zeros(n, np.float64)
    found = np.zeros(n, np.float64)
    if not terms or not len(enc.sec_term):
        return scores, found
    weight = dict(terms)
    wanted = np.array(sorted(set(weight).union(*(set(tids) for _idf, tids in words))), np.int64)
    pos = np.minimum(np.searchsorted(wanted, enc.sec_term), len(wanted) - 1)
    mask = wanted[pos] == enc.sec_term
    if not mask.any():
        return scores, found
    heading = enc.sec_field == F_HEADINGS
    body_len = np.bincount(enc.sec_doc[~heading], weights=enc.sec_tf[~heading], minlength=n)
    norm = 1.0 - B + B * body_len / max(float(body_len.mean()), 1.0)
    doc, term = enc.sec_doc[mask].astype(np.int64), enc.sec_term[mask].astype(np.int64)
    tf = enc.sec_tf[mask].astype(np.float64)
    x = np.where(heading[mask], HEADING_WEIGHT * tf, tf / norm[doc])
    # one entry per (section, term): heading and body counts summed, then saturated
    keys, where = np.unique(doc * (int(wanted[-1]) + 1) + term, return_inverse=True)
    x = np.bincount(where, weights=x)
    doc, term = keys // (int(wanted[-1]) + 1), keys % (int(wanted[-1]) + 1)
    qw = np.array([weight.get(t, 0.0) for t in term.tolist()])
    gain = qw * index.idf[term] * x * (K1 + 1.0) / (x + K1)
    scores += np.bincount(doc, weights=gain, minlength=n)
    sections_of: dict[int, set[int]] = {}
    for d, t in zip(doc.tolist(), term.tolist(), strict=True):
        sections_of.setdefault(t, set()).add(d)
    for idf, tids in words:
        holds = set().union(*(sections_of.get(t, ()) for t in tids))
        if holds:
            found[list(holds)] += idf
    return scores, found


def choose_section(
    versions: Sequence[Encoded],
    query: Query,
    index: BM25FIndex,
    fallback: int,
    titled: Sequence[bool],
    meaning: np.ndarray | None = None,
    levels: Sequence[int] | None = None,
    closing: Sequence[bool] | None = None,
) -> int:
    """The section to quote: the best-scoring position over the aligned versions of
    one article (each a translation with the same sections); ``fallback`` when no
    section holds a question word (the article matched on its title or aliases).

    As in ranking, a short question is treated as mostly conjunctive: a section's
    score is scaled by the share of the question's words it holds (in any version).
    Of near ties the earlier section wins (articles put the common case first). The
    untitled intro is quoted only when it clearly beats every titled section: it
    summarises the whole article, so it shares words with most questions, but a
    titled section is the step the customer is after.
    """
    if len(titled) < 2:
        return 0
    total = np.zeros(len(titled), np.float64)
    found = np.zeros(len(titled), np.float64)
    for enc in versions:
        scores, present = section_scores(enc, query.terms, query.words, index)
        total += scores
        found = np.maximum(found, present)
    words = sum(idf for idf, _tids in query.words)
    strength = cover_strength(len(query.core))
    if words > 0 and strength > 0:
        total *= (found / words) ** strength
    top = float(total.max()) if len(total) else 0.0
    heads = np.asarray(titled, bool)
    if top <= 0:
        if meaning is None or not heads.any():
            return fallback
        return int(np.flatnonzero(heads)[np.argmax(meaning[heads])])  # by meaning alone
    if heads.any():
        best_titled = float(total[heads].max())
        if best_titled > 0 and top < INTRO_MARGIN * best_titled:
            total = np.where(heads, total, -np.inf)
            top = best_titled
    if closing is not None:
        total, top = _unless_only_closing(total, top, np.asarray(closing, bool) & heads, heads)
    score = total / top
    if meaning is not None and SECTION_MEANING > 0:
        score = score + SECTION_MEANING * (meaning - meaning.max()) / (meaning.std() + 1e-6)
    near = np.flatnonzero(score >= float(score.max()) - (1.0 - NEAR))
    chosen = int(near[0])
    if levels is not None:
        chosen = _general_case(chosen, levels, versions, query, total)
    return chosen


def is_closing(heading: str | None) -> bool:
    """Is this the article's "Contact us" section (see :data:`CLOSING_HEADING`)?"""
    return heading is not None and CLOSING_HEADING.search(heading) is not None


def _unless_only_closing(
    total: np.ndarray, top: float, closing: np.ndarray, heads: np.ndarray
) -> tuple[np.ndarray, float]:
    """Scores without the "Contact us" section unless no other titled section holds a
    word of the question: it restates the article's problem to say what to put in a
    ticket ("if Outlook stays slow or freezes … open a ticket"), so it shares the
    question's words, often more of them than any step does, while the steps above it
    are the answer. (The bot offers the way to an engineer under every answer anyway.)"""
    others = heads & ~closing
    if not closing.any() or not others.any() or float(total[others].max()) <= 0:
        return total, top
    total = np.where(closing, -np.inf, total)
    return total, float(total.max())


def _heading_terms(versions: Sequence[Encoded], section: int) -> set[int]:
    """The term ids of ``section``'s heading path in any version."""
    found: set[int] = set()
    for enc in versions:
        mine = (enc.sec_doc == section) & (enc.sec_field == F_HEADINGS)
        found.update(enc.sec_term[mine].tolist())
    return found


def _general_case(
    chosen: int,
    levels: Sequence[int],
    versions: Sequence[Encoded],
    query: Query,
    total: np.ndarray,
) -> int:
    """The parent section instead of its ``###`` part when the question names nothing of
    that part's own heading and the parent answers it too (scores at least
    :data:`PARENT_SHARE` of the part). "How do I reset my password?" is the steps of
    "Reset it yourself", not its part about the "You don't have enough information"
    error, whose body says "password reset" more often than the steps do."""
    level = levels[chosen]
    parent = next((i for i in range(chosen - 1, 0, -1) if 0 < levels[i] < level), None)
    if level <= 2 or parent is None or total[parent] < PARENT_SHARE * total[chosen]:
        return chosen
    own = _heading_terms(versions, chosen) - _heading_terms(versions, parent)
    asked = {t for t, _w in query.terms}.union(*(set(tids) for _idf, tids in query.words))
    return chosen if own & asked else parent
