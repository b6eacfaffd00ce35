"""Confidence: the chance that the article on top is the right one, from the evidence.

A raw BM25 score says nothing across KBs or questions, so confidence is a logistic
function of a few bounded signals that do (see docs/kb-search.md, "Confidence"):

* ``coverage`` — idf-weighted share of the question's words found in the best article
  (60 %) and its best section (40 %); words the KB has never seen count at full idf,
  so "weather in Paris" covers nothing;
* ``margin`` — how clearly the best family beats the runner-up family (0..1);
* ``known`` — idf-weighted share of the question's words the KB knows at all;
* ``cosine`` — the question's embedding similarity to the best article, when the
  re-ranker was consulted (weak lexical evidence), else 0 with ``semantic`` = 0.

``confidence = 1 / (1 + exp(-(w · features)))``. The weights are fitted by logistic
regression (:func:`fit`) on judged questions: ``bench/kb_calibrate.py --fit`` prints
them and, with ``--write``, stores them in ``bot/kb/data/calibration.yml``.
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
FEATURES = ("bias", "coverage", "margin", "known", "semantic", "cosine")
# Until fitted: the hand-made rule this replaces, as a logistic (coverage decides, a
# clear winner adds a little; coverage 0.52 with an average margin gives 0.35).
FALLBACK_WEIGHTS = {
    "bias": -4.2,
    "coverage": 6.5,
    "margin": 0.4,
    "known": 0.0,
    "semantic": 0.0,
    "cosine": 0.0,
}
FALLBACK_STRONG = 0.6


@dataclass(frozen=True)
class Evidence:
    """What we know about the best answer to one question."""

    coverage: float
    margin: float
    known: float
    cosine: float | None = None  # None: the re-ranker was not consulted

    def features(self) -> list[float]:
        used = self.cosine is not None
        return [
            1.0,
            self.coverage,
            self.margin,
            self.known,
            1.0 if used else 0.0,
            float(self.cosine) if used else 0.0,
        ]


@dataclass(frozen=True)
class Calibration:
    """Fitted weights, and how sure we must be to answer from an article that is
    not in the customer's language (``strong``)."""

    weights: dict[str, float]
    strong: float = FALLBACK_STRONG

    def confidence(self, evidence: Evidence) -> float:
        pairs = zip(FEATURES, evidence.features(), strict=True)
        z = sum(self.weights.get(name, 0.0) * x for name, x in pairs)
        z = max(-30.0, min(30.0, z))
        return round(1.0 / (1.0 + math.exp(-z)), 4)


def load_calibration(path: Path | None = None) -> Calibration:
    """Read fitted weights; a missing or broken file falls back to the built-in rule."""
    path = path or DEFAULT_PATH
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        weights = {n: float(data["weights"].get(n, 0.0)) for n in FEATURES}
        return Calibration(weights, float(data.get("strong", FALLBACK_STRONG)))
    except FileNotFoundError:
        return Calibration(dict(FALLBACK_WEIGHTS))
    except (OSError, ValueError, TypeError, KeyError, AttributeError, yaml.YAMLError) as exc:
        log.warning("kb: cannot read calibration %s (%s); using the built-in rule", path, exc)
        return Calibration(dict(FALLBACK_WEIGHTS))


def fit(
    evidence: Sequence[Evidence], right: Sequence[bool], l2: float = 1.0, steps: int = 50
) -> dict[str, float]:
    """Logistic regression by Newton's method (IRLS) with an L2 penalty (not on the
    bias): a handful of features and a few hundred questions need nothing more."""
    x = np.array([e.features() for e in evidence], dtype=np.float64)
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
    return {n: round(float(v), 4) for n, v in zip(FEATURES, w, strict=True)}


def write_calibration(weights: dict[str, float], strong: float, path: Path | None = None) -> None:
    """Store fitted weights where :func:`load_calibration` reads them."""
    path = path or DEFAULT_PATH
    text = (
        "# Written by bench/kb_calibrate.py --fit --write; see bot/kb/calibration.py.\n"
        + yaml.safe_dump({"weights": weights, "strong": round(strong, 4)}, sort_keys=False)
    )
    path.write_text(text, encoding="utf-8")
