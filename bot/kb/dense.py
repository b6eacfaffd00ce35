"""The embedding re-ranker's view of one question: how much the embeddings weigh and the
question's similarity to every article's text and to its family's closest lines."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .query import MAX_QUERY_CHARS, Query
from .ranker_weights import FALLBACK, RankerWeights, weights_for
from .semantic import SemanticIndex

log = logging.getLogger(__name__)

# Embeddings re-rank every question once they are loaded: an article's score is its
# lexical score (divided by the best one) plus the z-scored similarity of the question to
# the article's text and to the closest title or alias of its family (any language: the
# Russian version's aliases speak for the English one too), one per line model, each with
# a weight fitted for the models in use (bot/kb/data/ranker.yml, written by
# bench/kb_fit_ranker.py: a conditional logit over the candidates of 1,070 judged chat
# questions). When the lexical match is weak (many question words unknown to the KB, e.g.
# a Russian question on an English KB) the text's weight grows with the share of unknown
# words.
SEMANTIC_BELOW = 0.85  # question in a language few articles are written in
SEMANTIC_BELOW_SAME = 0.4  # in the KB's own language: only if 60 % of its words are unknown
SEMANTIC_BASE, SEMANTIC_GAIN, SEMANTIC_POW = 0.1, 2.0, 1.0


@dataclass(frozen=True)
class Dense:
    """The re-ranker's view of one question: its weight and per-article similarities."""

    beta: float  # the weight of the article text's similarity
    z: np.ndarray  # z-scored cosine per article (its text)
    cosine: np.ndarray  # raw cosine per article (its text)
    line_beta: float  # the weight of the closest title or alias (main line model)
    line_z: np.ndarray  # z-scored cosine of the closest line of each article's family
    line_cos: np.ndarray  # raw cosine of each article's own closest line
    line2_beta: float = 0.0  # the same by the second line model, if any
    line2_z: np.ndarray | None = None
    section_cos: np.ndarray | None = None  # per section of every article (choosing a quote)
    section_start: np.ndarray | None = None  # index of each article's first section

    def sections_of(self, article: int, count: int) -> np.ndarray | None:
        """The question's similarity to each of ``article``'s ``count`` sections."""
        if self.section_cos is None or self.section_start is None:
            return None
        start = int(self.section_start[article])
        cos = self.section_cos[start : start + count]
        return cos if len(cos) == count else None


def dense_view(
    semantic: SemanticIndex | None,
    query: str,
    q: Query,
    family_ids: np.ndarray,
    foreign: bool,
    await_semantic: Callable[[], None],
) -> Dense | None:
    """The re-ranker's view of the question, None while the embeddings are not loaded
    (or fail). Right after start every question waits for them, bounded; see
    bot/kb/ranker_weights.py for the weights.

    Measured: embeddings rescue questions asked in a language the KB is not
    written in, but at a high weight hurt same-language questions, where BM25 with
    stemming is better; hence the two thresholds and the small weight otherwise.
    """
    n = len(family_ids)
    if semantic is None or n < 2:
        return None
    known = q.typed_known
    weak = known < (SEMANTIC_BELOW if foreign else SEMANTIC_BELOW_SAME)
    # Every question waits (bounded, right after start only): the confidence of an
    # answer ranked without the embeddings is calibrated apart and stricter, so a
    # question answered before they load could get "not sure" where a warm server
    # answers it.
    await_semantic()
    if not semantic.ready:
        return None
    try:
        sims = semantic.similarities(query[:MAX_QUERY_CHARS])
    except Exception as exc:
        log.warning("kb: query embedding failed: %s", exc)
        return None
    if sims is None or len(sims.articles) != n:
        return None
    # The fitted weights are for KBs written with aliases, as the shipped one is: on KBs
    # without them (imported docs) they cost FAQ-style questions up to 0.2 MRR, and the
    # hand-set rule stays (docs/kb-search.md, "The score").
    fitted: RankerWeights = weights_for(semantic.key) if semantic.with_aliases else FALLBACK
    beta = fitted.article
    if weak:
        beta = max(beta, SEMANTIC_BASE + SEMANTIC_GAIN * (1.0 - known) ** SEMANTIC_POW)
    lines = [best_per_family(_z(cos), family_ids)[family_ids] for cos in sims.lines]
    return Dense(
        beta,
        _z(sims.articles),
        sims.articles.astype(np.float32),
        fitted.line,
        lines[0],
        sims.lines[0].astype(np.float32),
        fitted.line2,
        lines[1] if len(lines) > 1 else None,
        sims.sections,
        sims.section_start,
    )


def best_per_family(
    values: np.ndarray, family_ids: np.ndarray, allowed: np.ndarray | None = None
) -> np.ndarray:
    """The best value of each family's articles (its translations), ``allowed`` ones only;
    indexed by family number (``[family_ids]`` gives it back per article)."""
    best = np.full(int(family_ids.max()) + 1 if len(family_ids) else 0, -np.inf, values.dtype)
    mask = np.ones(len(values), bool) if allowed is None else allowed
    np.maximum.at(best, family_ids[mask], values[mask])
    return best


def _z(values: np.ndarray) -> np.ndarray:
    return ((values - values.mean()) / (values.std() + 1e-9)).astype(np.float32)
