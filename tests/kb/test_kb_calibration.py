"""Confidence is a fitted function of the evidence: fitting finds the signal, the fitted
weights are stored and read back, and a broken file falls back to the built-in rule."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from bot.kb.calibration import (
    FALLBACK_WEIGHTS,
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
        evidence.append(Evidence(coverage, rng.random(), rng.random(), None))
        right.append(rng.random() < coverage**2)  # coverage is the signal, the rest noise
    weights = fit(evidence, right)
    cal = Calibration(weights)
    assert weights["coverage"] > 2 * max(abs(weights["margin"]), abs(weights["known"]))
    assert cal.confidence(Evidence(0.95, 0.5, 0.5)) > 0.6 > cal.confidence(Evidence(0.1, 0.5, 0.5))


def test_fitted_weights_are_written_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "calibration.yml"
    weights = {**FALLBACK_WEIGHTS, "cosine": 1.5}
    write_calibration(weights, 0.7, path)
    cal = load_calibration(path)
    assert cal.weights == weights and cal.strong == 0.7


@pytest.mark.parametrize("text", ["weights: [1, 2]", "not: [yaml", "weights: {bias: abc}"])
def test_a_broken_calibration_file_falls_back(tmp_path: Path, text: str) -> None:
    path = tmp_path / "calibration.yml"
    path.write_text(text, encoding="utf-8")
    assert load_calibration(path).weights == FALLBACK_WEIGHTS


def test_the_fallback_rule_separates_on_and_off_topic_questions() -> None:
    cal = Calibration(dict(FALLBACK_WEIGHTS))
    assert cal.confidence(Evidence(coverage=1.0, margin=0.5, known=1.0)) > 0.8
    assert cal.confidence(Evidence(coverage=0.1, margin=1.0, known=0.1)) < 0.1
