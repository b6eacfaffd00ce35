"""The type checker, run by `make test` (and so by CI): bot/ and handlers/ type-check.

Settings come from ``[tool.mypy]`` in pyproject.toml; the cache under .mypy_cache keeps
a repeat run to a few seconds (a cold run takes about 15 s).
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
api = pytest.importorskip("mypy.api", reason="mypy is not installed (pip install -e '.[dev]')")


def _mypy_errors(*paths: Path, cache: Path = ROOT / ".mypy_cache") -> list[str]:
    """mypy's error lines for ``paths`` under the project's configuration."""
    stdout, stderr, status = api.run(
        [
            "--config-file",
            str(ROOT / "pyproject.toml"),
            "--cache-dir",
            str(cache),
            "--no-error-summary",
            *map(str, paths),
        ]
    )
    errors = [line for line in stdout.splitlines() if ": error:" in line]
    if status != 0 and not errors:  # mypy itself failed (bad config, crash): say what
        errors = [stdout + stderr]
    return errors


def test_bot_and_handlers_type_check() -> None:
    errors = _mypy_errors(ROOT / "bot", ROOT / "handlers")
    assert not errors, "mypy found:\n" + "\n".join(errors)


def test_a_type_error_is_reported(tmp_path: Path) -> None:
    wrong = tmp_path / "wrong.py"
    wrong.write_text('def count() -> int:\n    return "three"\n')
    errors = _mypy_errors(wrong, cache=tmp_path / "cache")
    assert len(errors) == 1 and "wrong.py:2" in errors[0], errors
