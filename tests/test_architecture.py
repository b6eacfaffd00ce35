"""The arrows point one way: handlers and services never import a chat SDK or an adapter."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = ("slack_bolt", "slack_sdk", "telegram", "bot.adapters")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_handlers_and_services_know_nothing_about_chat_platforms() -> None:
    files = [
        *(ROOT / "handlers").rglob("*.py"),
        *(ROOT / "bot" / "services").rglob("*.py"),
        *(ROOT / "bot" / "kb").rglob("*.py"),
    ]
    assert files
    offenders = {
        f"{path.relative_to(ROOT)} imports {name}"
        for path in files
        for name in _imports(path)
        if name.startswith(FORBIDDEN)
    }
    assert not offenders
