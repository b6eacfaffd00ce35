"""Front ends: the contract ``supportbot serve`` needs, and the registry of kinds.

A kind is its settings model (``bot/settings/front_ends.py``, one line in
``FrontEndConfig``) plus one line here naming the function that builds it. Builders
are imported only when their front end is on, so the console never loads a chat SDK.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from importlib import import_module
from typing import TYPE_CHECKING, Protocol

from starlette.routing import BaseRoute

if TYPE_CHECKING:
    from bot.runtime import Runtime
    from bot.settings import FrontEndConfig


class FrontEnd(Protocol):
    """A platform front end: HTTP routes plus background work started with the server.

    ``start`` runs inside the server's event loop (outbox senders, polling). When it
    raises, the platform could not be reached: the server keeps running and calls
    ``start`` again later, so a second call must not repeat what the first finished.
    ``stop`` must finish sending what it can and return, started or not.
    """

    name: str

    def routes(self) -> list[BaseRoute]: ...

    def describe(self) -> str:
        """How it receives, for the start-up log ("webhook at /telegram/webhook")."""
        ...

    async def start(self) -> None: ...

    async def stop(self) -> None: ...


Builder = Callable[["Runtime", "FrontEndConfig"], FrontEnd]

# kind -> "module:function" building it from the runtime and its settings.
BUILDERS: dict[str, str] = {
    "slack": "bot.adapters.slack.frontend:build_front_end",
    "telegram": "bot.adapters.telegram.frontend:build_front_end",
}


def builder_for(kind: str) -> Builder:
    """The registered builder of ``kind``.

    Raises:
        KeyError: no front end of that kind is registered.
    """
    module, _, function = BUILDERS[kind].partition(":")
    builder: Builder = getattr(import_module(module), function)
    return builder


def build_front_ends(runtime: Runtime, configs: Sequence[FrontEndConfig]) -> list[FrontEnd]:
    """One front end per settings entry, in order, each handed the runtime.

    Raises:
        ConfigError: a front end's secrets are missing (naming the variable).
    """
    return [builder_for(config.kind)(runtime, config) for config in configs]
