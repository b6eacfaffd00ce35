"""Confidence is a fitted function of the evidence: fitting finds the signal, the fitted
weights and threshold are stored and read back, a broken file falls back to the built-in
rule, and the embedding signals are used only when an answer has them."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from bot.kb.calibration import (
    FALLBACK_THRESHOLD,
    FALLBACK_WEIGHTS,
    LEXICAL,
    SEMANTIC,
    Calibration,
    Evidence,
    fit,
    load_calibration,
    write_calibration,
)


def test_fitting_learns_that_coverage_means_right() -> None:
    rng = random.Random(3)
    evidence, right = [], []
    for _ in range(400):
        coverage = rng.random()
        evidence.append(Evidence(coverage, rng.random(), rng.random(), phrasing=rng.random()))
        right.append(rng.random() < coverage**2)  # coverage is the signal, the rest noise
    weights = fit(evidence, right, LEXICAL)
    cal = Calibration(weights)
    assert weights["coverage"] > 2 * max(abs(weights["margin"]), abs(weights["phrasing"]))
    assert cal.confidence(Evidence(0.95, 0.5, 0.5)) > 0.6 > cal.confidence(Evidence(0.1, 0.5, 0.5))


def test_the_embedding_signals_count_only_when_the_answer_has_them() -> None:
    rng = random.Random(5)
    evidence, right = [], []
    for _ in range(400):
        cosine = rng.random()
        evidence.append(Evidence(0.5, 0.5, 1.0, cosine=cosine, agreement=rng.random()))
        right.append(rng.random() < cosine)
    semantic = fit(evidence, right, SEMANTIC)
    assert semantic["cosine"] > 2 * abs(semantic["agreement"])
    cal = Calibration(dict(FALLBACK_WEIGHTS), semantic=semantic)
    near, far = Evidence(0.5, 0.5, 1.0, 0.9, 1.0), Evidence(0.5, 0.5, 1.0, 0.1, 1.0)
    assert cal.confidence(near) > cal.confidence(far)
    lexical = Evidence(0.5, 0.5, 1.0)  # no embeddings: the lexical weights decide
    assert cal.confidence(lexical) == Calibration(dict(FALLBACK_WEIGHTS)).confidence(lexical)


def test_fitted_weights_and_threshold_are_written_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "calibration.yml"
    semantic = {name: 0.5 for name in SEMANTIC}
    cal = Calibration(
        {**FALLBACK_WEIGHTS, "phrasing": 1.5},
        0.9,
        semantic,
        threshold=0.8,
        nothing_close=0.3,
        tentative=0.6,
    )
    write_calibration(cal, path, note="fitted on a test")
    text = path.read_text(encoding="utf-8")
    assert "# fitted on a test" in text
    back = load_calibration(path)
    assert back.weights == {**FALLBACK_WEIGHTS, "phrasing": 1.5}
    assert back.semantic == semantic and back.strong == 0.9 and back.threshold == 0.8
    assert back.nothing_close == 0.3 and back.tentative == 0.6


@pytest.mark.parametrize(
    "text", ["weights: [1, 2]", "not: [yaml", "weights: {bias: abc}", "weights: {}\nsemantic: 3"]
)
def test_a_broken_calibration_file_falls_back(tmp_path: Path, text: str) -> None:
    path = tmp_path / "calibration.yml"
    path.write_text(text, encoding="utf-8")
    cal = load_calibration(path)
    assert cal.weights == FALLBACK_WEIGHTS and cal.semantic is None
    assert cal.threshold == FALLBACK_THRESHOLD


def test_the_fallback_rule_separates_on_and_off_topic_questions() -> None:
    cal = Calibration(dict(FALLBACK_WEIGHTS))
    assert cal.confidence(Evidence(coverage=1.0, margin=0.5, known=1.0)) > 0.8
    assert cal.confidence(Evidence(coverage=0.1, margin=1.0, known=0.1)) < 0.1


def test_the_shipped_calibration_is_read() -> None:
    cal = load_calibration()
    assert cal.semantic is not None and set(cal.semantic) == set(SEMANTIC)
    assert set(cal.weights) == set(LEXICAL) and 0.0 < cal.threshold < 1.0
