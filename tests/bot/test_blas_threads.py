"""The bot keeps numpy's BLAS to one thread unless the operator says otherwise."""

from __future__ import annotations

import os
import subprocess
import sys

PROBE = "import bot, numpy, os; print(os.environ['OPENBLAS_NUM_THREADS'])"


def _run(env: dict[str, str]) -> str:
    result = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_one_blas_thread_by_default() -> None:
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    assert _run(env) == "1"


def test_an_operator_setting_wins() -> None:
    assert _run({**os.environ, "OPENBLAS_NUM_THREADS": "4"}) == "4"
