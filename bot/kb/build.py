"""Assembling the article, section and title indexes from cached per-file encodings."""

from __future__ import annotations

from collections import Counter

import numpy as np

from .fuzzy import FuzzyMatcher
from .index import BM25FIndex, FieldSpec
from .models import Article
from .ranking import Snapshot
from .store import F_TITLE, Encoded

# Field weights: a word in the title or an alias says more about what the
# article answers than the same word somewhere in the body.
ARTICLE_FIELDS = (
    FieldSpec("title", 3.0, 0.5),
    FieldSpec("aliases", 2.5, 0.5),
    FieldSpec("headings", 1.5, 0.5),
    FieldSpec("body", 1.0, 0.75),
    FieldSpec("pairs", 1.0, 0.3),
)
SECTION_FIELDS = (
    FieldSpec("title", 1.5, 0.5),
    FieldSpec("aliases", 1.5, 0.5),
    FieldSpec("headings", 2.5, 0.5),
    FieldSpec("body", 1.0, 0.5),
    FieldSpec("pairs", 1.0, 0.3),
)


def build_indexes(
    encs: list[Encoded], n_terms: int
) -> tuple[np.ndarray, np.ndarray, BM25FIndex, BM25FIndex]:
    """(section start per article, article per section, section index, article index).

    Only numpy concatenation happens here — no text is re-read or re-analysed —
    which is why a reload after editing one file stays cheap.
    """
    n_art = len(encs)
    sec_counts = np.array([e.n_sections for e in encs], dtype=np.int64)
    sec_start = np.concatenate([[0], np.cumsum(sec_counts)]).astype(np.int64)
    n_sec = int(sec_start[-1])
    empty_i = np.zeros(0, np.int32)

    def cat(parts: list[np.ndarray]) -> np.ndarray:
        return np.concatenate(parts) if parts else empty_i

    # Section index: each section gets its own heading/body entries plus its
    # article's title/alias entries repeated.
    s_doc = cat([e.sec_doc + np.int32(sec_start[i]) for i, e in enumerate(encs)])
    s_field = cat([e.sec_field for e in encs])
    s_term = cat([e.sec_term for e in encs])
    s_tf = cat([e.sec_tf for e in encs])
    hs_doc = cat(
        [
            np.repeat(np.arange(sec_start[i], sec_start[i + 1], dtype=np.int32), len(e.head_term))
            for i, e in enumerate(encs)
        ]
    )
    hs_field = cat([np.tile(e.head_field, e.n_sections) for e in encs])
    hs_term = cat([np.tile(e.head_term, e.n_sections) for e in encs])
    hs_tf = cat([np.tile(e.head_tf, e.n_sections) for e in encs])
    sec_index = BM25FIndex(
        n_sec,
        SECTION_FIELDS,
        n_terms,
        np.concatenate([s_doc, hs_doc]),
        np.concatenate([s_field, hs_field]),
        np.concatenate([s_term, hs_term]),
        np.concatenate([s_tf, hs_tf]),
    )
    # Article index: heading/body entries of all sections merged per article.
    sec_art = np.repeat(np.arange(n_art, dtype=np.int32), sec_counts)
    a_doc = np.concatenate(
        [
            sec_art[s_doc] if n_sec else empty_i,
            cat([np.full(len(e.head_term), i, np.int32) for i, e in enumerate(encs)]),
        ]
    )
    a_field = np.concatenate([s_field, cat([e.head_field for e in encs])])
    a_term = np.concatenate([s_term, cat([e.head_term for e in encs])])
    a_tf = np.concatenate([s_tf, cat([e.head_tf for e in encs])])
    art_index = BM25FIndex(n_art, ARTICLE_FIELDS, n_terms, a_doc, a_field, a_term, a_tf)
    return sec_start, sec_art, sec_index, art_index


TITLE_FIELDS = (FieldSpec("title", 1.0, 0.75),)


def build_title_index(encs: list[Encoded], n_terms: int) -> BM25FIndex:
    """Titles alone, as their own BM25 index (own length normalisation, own saturation):
    long questions weigh a title match apart from the body (see ranking.TITLE_MIX)."""
    empty_i = np.zeros(0, np.int32)
    docs, terms, tfs = [], [], []
    for i, e in enumerate(encs):
        mask = e.head_field == F_TITLE
        docs.append(np.full(int(mask.sum()), i, np.int32))
        terms.append(e.head_term[mask])
        tfs.append(e.head_tf[mask])
    doc = np.concatenate(docs) if docs else empty_i
    return BM25FIndex(
        len(encs),
        TITLE_FIELDS,
        n_terms,
        doc,
        np.zeros(len(doc), np.int8),
        np.concatenate(terms) if terms else empty_i,
        np.concatenate(tfs) if tfs else empty_i,
    )


def build_snapshot(
    arts: list[Article], encs: list[Encoded], terms: list[str], ids: dict[str, int]
) -> Snapshot:
    """Everything a query reads, from the articles and their encodings (``terms`` and
    ``ids``: the vocabulary both ways), as one object a refresh swaps in at once."""
    n_terms = len(terms)
    sec_start, sec_art, sec_index, art_index = build_indexes(encs, n_terms)
    langs = Counter(a.lang for a in arts)
    members: dict[str, dict[str, int]] = {}
    for i, art in enumerate(arts):
        members.setdefault(art.translation_key, {}).setdefault(art.lang, i)
    numbers = {key: n for n, key in enumerate(members)}
    return Snapshot(
        arts,
        sec_start,
        sec_art,
        sec_index,
        art_index,
        np.array([a.audience == "engineer" for a in arts], dtype=bool),
        FuzzyMatcher(terms),
        {k: v / max(1, len(arts)) for k, v in langs.items()},
        members,
        build_title_index(encs, n_terms),
        encs,
        np.array([numbers[a.translation_key] for a in arts], dtype=np.int64),
        ids,
        {},
        {},
    )
