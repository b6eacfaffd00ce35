"""Confidence: the chance that the article on top is the right one, from the evidence.

A raw BM25 score says nothing across KBs or questions, so confidence is a logistic
function of a few bounded signals that do (see docs/kb-search.md, "Confidence"):

* ``coverage`` — idf-weighted share of the question's words found in the best
  article (60 %) and its best section (40 %), in whichever version of the article
  holds most of them; words the KB has never seen count at full idf, so "weather in
  Paris" covers nothing;
* ``phrasing`` — the same share in the one line of the article that holds most of the
  question: its title or one alias (aliases are the questions an article answers);
* ``margin`` — how clearly the best family beats the runner-up family (0..1);
* ``cosine`` — the question's embedding similarity to the best family;
* ``agreement`` — 1 / the best family's rank among all families by that similarity:
  1 when the embeddings, which read meaning rather than words, pick the same article;
* ``line`` — the question's embedding similarity to the closest title or alias of the
  best family: how nearly someone asked this before.

``confidence = 1 / (1 + exp(-(w · features)))``. Two sets of weights: one for answers
ranked with embeddings (all four signals), one for answers without them (the
embedding package is not installed, or the vectors are still loading: coverage,
phrasing and margin). Both are fitted by logistic regression (:func:`fit`) on judged questions:
``bench/kb_calibrate.py --fit`` prints them and, with ``--write``, stores them in
``bot/kb/data/calibration.yml``. ``known`` (the share of the question's words the KB
knows at all) is kept for reports; it added nothing to coverage in the fits.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

log = logging.getLogger(__name__)
DEFAULT_PATH = Path(__file__).parent / "data" / "calibration.yml"
LEXICAL = ("bias", "coverage", "phrasing", "margin")
SEMANTIC = ("bias", "coverage", "phrasing", "margin", "cosine", "agreement", "line")
# Until fitted: the hand-made rule this replaced, as a logistic (coverage decides, a
# clear winner adds a little; coverage 0.52 with an average margin gives 0.35).
FALLBACK_WEIGHTS = {"bias": -4.2, "coverage": 6.5, "margin": 0.4}
FALLBACK_STRONG = 0.6
FALLBACK_THRESHOLD = 0.35  # the built-in rule's "confident enough"
# Below this confidence nothing the KB holds is close: the reply offers an engineer and
# lists no articles. Out-of-scope questions ("paper jam on the lobby printer") got a
# list of unrelated articles, which reads as if the bot had misunderstood them. Chosen
# on the judged tuning sets (docs/kb-search.md, "Nothing close").
FALLBACK_NOTHING_CLOSE = 0.0
# No tentative answers under the built-in rule: its scale was never checked for them.
FALLBACK_TENTATIVE = 1.0


@dataclass(frozen=True)
class Evidence:
    """What we know about the best answer to one question."""

    coverage: float
    margin: float
    known: float
    cosine: float | None = None  # None: no embeddings for this question
    agreement: float | None = None
    phrasing: float = 0.0
    line: float | None = None  # closest title or alias, by embedding similarity

    @property
    def semantic(self) -> bool:
        """Whether the embedding signals are there."""
        return self.cosine is not None and self.agreement is not None

    def features(self, names: Sequence[str]) -> list[float]:
        values = {
            "bias": 1.0,
            "coverage": self.coverage,
            "phrasing": self.phrasing,
            "margin": self.margin,
            "known": self.known,
            "cosine": self.cosine or 0.0,
            "agreement": self.agreement or 0.0,
            "line": self.line or 0.0,
        }
        return [values[name] for name in names]


@dataclass(frozen=True)
class Calibration:
    """Fitted weights (``weights`` without embeddings, ``semantic`` with them), the
    confidence an answer needs (``threshold``, chosen with the weights; the config's
    ``knowledge_base.min_confidence`` overrides it) and how sure we must be to answer
    from an article not in the customer's language (``strong``), below which no
    article is close enough to suggest (``nothing_close``), and from which an answer
    short of the threshold is still shown, as the bot's best guess with the runners-up
    beside it (``tentative``: most of these are right, and a customer reads the answer
    at once instead of picking it from a list)."""

    weights: dict[str, float]
    strong: float = FALLBACK_STRONG
    semantic: dict[str, float] | None = None
    threshold: float = FALLBACK_THRESHOLD
    nothing_close: float = FALLBACK_NOTHING_CLOSE
    tentative: float = FALLBACK_TENTATIVE

    def confidence(self, evidence: Evidence) -> float:
        names: tuple[str, ...]
        if evidence.semantic and self.semantic:
            names, weights = SEMANTIC, self.semantic
        else:
            names, weights = LEXICAL, self.weights
        pairs = zip(names, evidence.features(names), strict=True)
        z = sum(weights.get(name, 0.0) * x for name, x in pairs)
        z = max(-30.0, min(30.0, z))
        return round(1.0 / (1.0 + math.exp(-z)), 4)


def _read_weights(data: object, names: Sequence[str]) -> dict[str, float]:
    if not isinstance(data, dict):
        raise TypeError("weights must be a mapping")
    return {n: float(data.get(n, 0.0)) for n in names}


def load_calibration(path: Path | None = None) -> Calibration:
    """Read fitted weights; a missing or broken file falls back to the built-in rule."""
    path = path or DEFAULT_PATH
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        weights = _read_weights(data["weights"], LEXICAL)
        semantic = data.get("semantic")
        return Calibration(
            weights,
            float(data.get("strong", FALLBACK_STRONG)),
            _read_weights(semantic, SEMANTIC) if semantic is not None else None,
            float(data.get("threshold", FALLBACK_THRESHOLD)),
            float(data.get("nothing_close", FALLBACK_NOTHING_CLOSE)),
            float(data.get("tentative", FALLBACK_TENTATIVE)),
        )
    except FileNotFoundError:
        return Calibration(dict(FALLBACK_WEIGHTS))
    except (OSError, ValueError, TypeError, KeyError, AttributeError, yaml.YAMLError) as exc:
        log.warning("kb: cannot read calibration %s (%s); using the built-in rule", path, exc)
        return Calibration(dict(FALLBACK_WEIGHTS))


def fit(
    evidence: Sequence[Evidence],
    right: Sequence[bool],
    names: Sequence[str] = LEXICAL,
    l2: float = 1.0,
    steps: int = 50,
) -> dict[str, float]:
    """Logistic regression of ``right`` on the evidence's ``names`` features, by
    Newton's method (IRLS) with an L2 penalty (not on the bias): a handful of features
    and a few hundred questions need nothing more."""
    x = np.array([e.features(names) for e in evidence], dtype=np.float64)
    y = np.array(right, dtype=np.float64)
    w = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -30, 30)))
        grad = x.T @ (p - y) + penalty * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hess, grad)
        w -= step
        if float(np.abs(step).max()) < 1e-8:
            break
    return {n: round(float(v), 4) for n, v in zip(names, w, strict=True)}


def write_calibration(cal: Calibration, path: Path | None = None, note: str = "") -> None:
    """Store fitted weights where :func:`load_calibration` reads them."""
    path = path or DEFAULT_PATH
    data: dict[str, object] = {"weights": cal.weights}
    if cal.semantic is not None:
        data["semantic"] = cal.semantic
    data["threshold"] = round(cal.threshold, 4)
    data["strong"] = round(cal.strong, 4)
    data["nothing_close"] = round(cal.nothing_close, 4)
    data["tentative"] = round(cal.tentative, 4)
    head = "# Written by bench/kb_calibrate.py --fit --write; see bot/kb/calibration.py.\n"
    comment = "".join(f"# {line}\n" for line in note.splitlines())
    path.write_text(head + comment + yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
