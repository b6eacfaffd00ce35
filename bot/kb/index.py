"""Field-weighted BM25 (BM25F) inverted index stored as numpy arrays per term."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class FieldSpec:
    """Weight and length-normalisation strength of one field."""

    name: str
    weight: float
    b: float


class BM25FIndex:
    """Immutable BM25F index over a list of documents.

    Each term's postings are two contiguous slices (doc ids, precomputed
    saturated weights), so scoring a query is a handful of vectorised
    ``scores[ids] += w`` operations instead of a Python loop over postings —
    this is what keeps p99 latency low for common terms on large KBs.
    """

    def __init__(
        self,
        n_docs: int,
        fields: Sequence[FieldSpec],
        n_terms: int,
        doc: np.ndarray,
        field: np.ndarray,
        term: np.ndarray,
        tf: np.ndarray,
        k1: float = 1.2,
    ) -> None:
        """Build from parallel arrays: one entry per (doc, field, term) with its tf.

        Entries for the same (doc, term) in different fields are combined
        BM25F-style: field-weighted, length-normalised tf summed, then saturated
        once, so a word in both title and body is not counted as two matches.
        """
        self.n_docs = n_docs
        self.fields = list(fields)
        self.k1 = k1
        self.n_terms = n_terms
        nf = len(fields)
        nd = max(1, n_docs)
        # Memory matters here (a 10k-article KB has millions of entries): keep
        # 32-bit types and drop temporaries as soon as they are used.
        dids = doc.astype(np.int32, copy=False)
        flds = field.astype(np.int8, copy=False)
        lengths = np.bincount(
            flds.astype(np.int64) * nd + dids, weights=tf, minlength=nf * nd
        ).reshape(nf, nd)
        if len(term):
            avg = np.maximum(lengths.sum(axis=1) / np.maximum((lengths > 0).sum(axis=1), 1), 1e-9)
            wts = np.array([s.weight for s in fields], dtype=np.float32)
            bs = np.array([s.b for s in fields], dtype=np.float32)
            rel = (lengths / avg[:, None]).astype(np.float32)
            ntf = rel[flds, dids]
            ntf *= bs[flds]
            ntf += 1.0 - bs[flds]
            np.divide(tf.astype(np.float32) * wts[flds], ntf, out=ntf)
            del rel
            key = term.astype(np.int64)
            key *= nd
            key += dids
            order = np.argsort(key)
            key = key[order]
            ntf = ntf[order]
            del order
            starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
            ntf_sum = np.add.reduceat(ntf, starts)
            del ntf
            ukey = key[starts]
            del key, starts
            p_terms = ukey // nd
            p_docs = ukey % nd
            del ukey
            weight = ntf_sum * np.float32(k1 + 1.0) / (ntf_sum + np.float32(k1))
        else:
            p_terms = np.zeros(0, dtype=np.int64)
            p_docs = np.zeros(0, dtype=np.int64)
            weight = np.zeros(0, dtype=np.float32)
        self.ptr = np.searchsorted(p_terms, np.arange(n_terms + 1)).astype(np.int64)
        self.docs = p_docs.astype(np.int32)
        self.weights = weight.astype(np.float32)
        df = np.diff(self.ptr).astype(np.float64)
        n = float(self.n_docs)
        self.df = df
        self.idf = np.log1p((n - df + 0.5) / (df + 0.5)).astype(np.float32)
        self.max_idf = float(np.log1p((n + 0.5) / 0.5))
        # idf folded into the stored weights: one multiply less per query term.
        term_of = np.repeat(np.arange(n_terms), np.diff(self.ptr))
        self.impacts = (self.weights * self.idf[term_of]).astype(np.float32)

    def contains(self, term_id: int, doc_id: int) -> bool:
        """Whether a document holds a term (binary search in the sorted postings)."""
        ids, _ = self.postings(term_id)
        i = int(np.searchsorted(ids, doc_id))
        return i < len(ids) and int(ids[i]) == doc_id

    def postings(self, term_id: int) -> tuple[np.ndarray, np.ndarray]:
        """Doc ids and saturated tf weights of a term (empty if unknown)."""
        if term_id < 0 or term_id >= len(self.ptr) - 1:
            return self.docs[:0], self.weights[:0]
        s, e = self.ptr[term_id], self.ptr[term_id + 1]
        return self.docs[s:e], self.weights[s:e]

    def score(
        self,
        query: Sequence[tuple[int, float]],
        common_df: float = 1.0,
        extra: tuple[BM25FIndex, float] | None = None,
    ) -> np.ndarray:
        """BM25F scores of all documents for weighted term ids.

        Terms in more than ``common_df`` of the documents are skipped: their
        idf is near zero, so they barely move the ranking, yet their postings
        are the longest — dropping them is what bounds p99 on large KBs.

        The terms' postings are summed by one ``np.bincount`` over their
        concatenation: 2.5x faster at 10k articles than adding each term's
        impacts through fancy indexing, which long questions did term by term.
        ``extra=(index, weight)`` adds another index over the same documents (the
        titles alone) in the same bincount, instead of a second pass over every doc.
        """
        docs: list[np.ndarray] = []
        weights: list[np.ndarray] = []
        self._gather(query, common_df, 1.0, docs, weights)
        if extra is not None:
            extra[0]._gather(query, 1.0, extra[1], docs, weights)
        if not docs:
            return np.zeros(self.n_docs, dtype=np.float32)
        summed = np.bincount(
            np.concatenate(docs), weights=np.concatenate(weights), minlength=self.n_docs
        )
        return summed.astype(np.float32)

    def _gather(
        self,
        query: Sequence[tuple[int, float]],
        common_df: float,
        scale: float,
        docs: list[np.ndarray],
        weights: list[np.ndarray],
    ) -> None:
        """Append each query term's postings and weighted impacts to the lists."""
        limit = common_df * self.n_docs
        last = len(self.ptr) - 1
        for tid, qw in query:
            if tid >= last:
                continue
            s, e = self.ptr[tid], self.ptr[tid + 1]
            if s == e or (e - s > limit and len(query) > 3):
                continue
            docs.append(self.docs[s:e])
            w = qw * scale
            weights.append(self.impacts[s:e] if w == 1.0 else self.impacts[s:e] * np.float32(w))
