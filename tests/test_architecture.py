"""The arrows point one way, written down as tests.

Handlers and services never import a chat SDK or an adapter. Adapters (front ends)
only translate and render: of the core they import the plain message types, the
runtime they are handed, rendering, settings and the inbox/outbox they store in —
never the dispatcher, the router, handlers, other services or the database.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = ("slack_bolt", "slack_sdk", "telegram", "bot.adapters")
# What a front end may import from the core (bot.adapters.* may import each other).
ADAPTER_MAY_IMPORT = (
    "bot.adapters",
    "bot.runtime",
    "bot.messages",
    "bot.enums",
    "bot.errors",
    "bot.rendering",
    "bot.text",
    "bot.settings",
    "bot.clock",
    "bot.log_messages",
    "bot.observability",
    "bot.frontend",
    "bot.services.inbox",  # the delivery types the inbox pump claims
    "bot.services.outbox",  # the row types the senders claim
    "bot.services.health",  # the status page's view types
)


def _imports(path: Path, root: Path = ROOT) -> set[str]:
    """Every module ``path`` imports, relative imports resolved against its package."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = list(path.relative_to(root).with_suffix("").parts[:-1])
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            names.add(".".join([*base, node.module] if node.module else base))
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


def _core(name: str) -> bool:
    return name in ("bot", "handlers") or name.startswith(("bot.", "handlers."))


def test_adapters_import_only_what_the_runtime_hands_them() -> None:
    files = list((ROOT / "bot" / "adapters").rglob("*.py"))
    assert files
    offenders = sorted(
        f"{path.relative_to(ROOT)} imports {name}"
        for path in files
        for name in _imports(path)
        if _core(name)
        and not any(
            name == allowed or name.startswith(allowed + ".") for allowed in ADAPTER_MAY_IMPORT
        )
    )
    assert not offenders, "front ends get a Runtime (bot/runtime.py):\n" + "\n".join(offenders)


def test_the_rule_catches_an_adapter_reaching_into_the_core(tmp_path: Path) -> None:
    sneaky = tmp_path / "bot" / "adapters" / "sneaky.py"
    sneaky.parent.mkdir(parents=True)
    sneaky.write_text(
        "from bot.dispatcher import Dispatcher\nfrom handlers import ask\nfrom . import x\n"
    )
    found = {name for name in _imports(sneaky, tmp_path) if _core(name)}
    assert found == {"bot.dispatcher", "handlers", "bot.adapters"}


MAX_MODULE_LINES = 300


def _oversized(root: Path) -> list[str]:
    """Modules in bot/ or handlers/ longer than MAX_MODULE_LINES, with their length."""
    found = []
    for package in ("bot", "handlers"):
        for path in sorted((root / package).rglob("*.py")):
            lines = len(path.read_text(encoding="utf-8").splitlines())
            if lines > MAX_MODULE_LINES:
                found.append(f"{path.relative_to(root)}: {lines} lines")
    return found


def test_no_module_in_the_core_or_handlers_is_over_300_lines() -> None:
    """Small modules with one job: a module that grows past 300 lines is doing two."""
    assert list((ROOT / "bot").rglob("*.py"))
    oversized = _oversized(ROOT)
    assert not oversized, "split these into modules with one job each:\n" + "\n".join(oversized)


def test_the_size_rule_catches_a_long_module(tmp_path: Path) -> None:
    (tmp_path / "handlers").mkdir()
    (tmp_path / "bot" / "services").mkdir(parents=True)
    (tmp_path / "bot" / "services" / "long.py").write_text("x = 1\n" * (MAX_MODULE_LINES + 1))
    (tmp_path / "bot" / "short.py").write_text("x = 1\n" * MAX_MODULE_LINES)
    assert _oversized(tmp_path) == [f"bot/services/long.py: {MAX_MODULE_LINES + 1} lines"]
