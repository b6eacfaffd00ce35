"""What each ``supportbot`` command does (the parser in ``bot/cli.py`` picks one)."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable
from datetime import date
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING

from bot.enums import Platform
from bot.errors import ConfigError, UserFacingError
from bot.frontend import FrontEnd
from bot.messages import Reply
from bot.observability.logs import log_to_file
from bot.settings import Settings, load_settings

if TYPE_CHECKING:
    from bot.dispatcher import Dispatcher
    from bot.services.knowledge import KnowledgeService

log = logging.getLogger(__name__)


def _settings(args: argparse.Namespace) -> Settings:
    return load_settings(Path(args.config) if args.config else None)


def _serving_settings(args: argparse.Namespace) -> Settings:
    """Settings for commands that answer questions: the KB folder must exist.

    Raises:
        ConfigError: naming ``knowledge_base.path`` and the folder looked for.
    """
    settings = _settings(args)
    if not settings.kb_path.is_dir():
        raise ConfigError(
            str(settings.config_path),
            "knowledge_base.path",
            f"no such folder: {settings.kb_path} (paths are relative to the config file)",
        )
    return settings


def cmd_chat(args: argparse.Namespace) -> int:
    from bot.adapters.console import ConsoleAdapter, persona_message
    from bot.app import build_dispatcher, build_runtime
    from bot.rendering import Renderer

    settings = _serving_settings(args)
    log_to_file(console_log_path(settings.database_url))
    dispatcher = build_dispatcher(settings)
    _wait_for_kb(dispatcher.services.knowledge)
    runtime = build_runtime(dispatcher)
    try:
        persona = persona_message(args.as_ or "customer", runtime)
    except UserFacingError as exc:
        from bot.dispatcher import error_reply

        print(Renderer("console").render(error_reply(exc, "en")), file=sys.stderr)
        return 2
    adapter = ConsoleAdapter(runtime, persona)
    interactive = sys.stdin.isatty()
    prompt = "> " if interactive else ""
    if interactive:
        who = args.as_ or f"customer:{persona.channel}"
        welcome = Reply(kind="console_welcome", data={"who": who})
        print(Renderer("console").render(welcome))
    adapter.run(sys.stdin, sys.stdout, prompt=prompt)
    return 0


# Seconds the console waits for a first-time embedding of the shipped KB (511 texts, ~8,000
# titles and aliases twice): 8.7 min measured on a 2-CPU machine busy with other work
# (bench/kb_cold_start.py --kb knowledge_base), less when it is quiet.
CONSOLE_KB_WAIT = 900.0
CONSOLE_LOG = "console.log"


def console_log_path(database_url: str) -> Path:
    """Where ``supportbot chat`` logs: beside its SQLite database (``var/console.log``),
    else in ``var/``; the chat itself shows only what the bot says."""
    prefix = "sqlite:///"
    if database_url.startswith(prefix) and database_url != prefix + ":memory:":
        return Path(database_url.removeprefix(prefix)).parent / CONSOLE_LOG
    return Path("var") / CONSOLE_LOG


def _wait_for_kb(knowledge: KnowledgeService) -> None:
    """The console answers one person at a time: let it answer like a warm server
    from the first question, saying why the first start on a machine takes a while."""
    if not knowledge.embeddings_loading() or knowledge.wait_for_embeddings(2.0):
        return
    print(
        "Preparing the knowledge-base search (seconds when its vectors are cached; the first"
        " start on a machine embeds every article: 3 to 15 minutes on 2 CPUs, longer on a"
        " busy machine, then never again)…",
        file=sys.stderr,
        flush=True,
    )
    if not knowledge.wait_for_embeddings(CONSOLE_KB_WAIT):
        print("Still preparing; answering with word search meanwhile.", file=sys.stderr)


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    from bot.db import create_db_engine, upgrade

    settings = _settings(args)
    revision = upgrade(create_db_engine(settings.database_url))
    print(f"database at revision {revision}")
    return 0


def cmd_digest(args: argparse.Namespace) -> int:
    """Preview a digest in one of the formats it is delivered in."""
    from bot.app import build_dispatcher

    dispatcher = build_dispatcher(_settings(args))
    try:
        day = date.fromisoformat(args.date) if args.date else None
    except ValueError:
        print(f"--date: expected YYYY-MM-DD, got {args.date!r}", file=sys.stderr)
        return 2
    data = dispatcher.services.digest.build(day)
    lang = dispatcher.settings.config.reseller.default_language
    reply = Reply(kind="digest", data={"digest": data}, lang=lang)
    print(render_preview(reply, args.format))
    return 0


# `supportbot digest --format`: text, the e-mail's HTML, or what a chat platform posts
# (each chat front end's ``bot/adapters/<platform>/preview.py`` shows its calls).
PREVIEW_FORMATS = ("text", "html", *(str(p) for p in Platform if p is not Platform.CONSOLE))


def render_preview(reply: Reply, fmt: str) -> str:
    from bot.rendering import Renderer

    if fmt == "html":
        return Renderer("email", extension="html", autoescape=True).render(reply)
    if fmt == "text":
        return Renderer("console").render(reply)
    preview: Callable[[Reply], str] = import_module(f"bot.adapters.{fmt}.preview").render_preview
    return preview(reply)


def cmd_sla_scan(args: argparse.Namespace) -> int:
    from bot.app import build_dispatcher

    result = build_dispatcher(_settings(args)).services.sla_scanner.scan()
    print(f"sla scan: {result.warnings} warnings, {result.breaches} breaches queued")
    return 0


def build_serve_front_ends(
    dispatcher: Dispatcher, socket_mode: bool = False, telegram_polling: bool = False
) -> list[FrontEnd]:
    """The front ends ``serve`` runs: the settings' choice, with the command line's modes.

    ``--socket-mode`` serves Slack over Socket Mode, ``--telegram-polling`` Telegram by
    long polling; each turns its front end on if the settings had not.
    """
    from bot.app import build_runtime
    from bot.frontend import build_front_ends
    from bot.settings import SlackFrontEndConfig, TelegramFrontEndConfig

    chosen = {config.kind: config for config in dispatcher.settings.front_ends}
    if socket_mode:
        chosen["slack"] = SlackFrontEndConfig(kind="slack", mode="socket")
    if telegram_polling:
        chosen["telegram"] = TelegramFrontEndConfig(kind="telegram", mode="polling")
    return build_front_ends(build_runtime(dispatcher), list(chosen.values()))


SERVE_SWITCH_INTERVAL = 0.001


def cmd_serve(args: argparse.Namespace) -> int:
    """Run the ASGI app (health, Slack, Telegram, provider webhooks) with uvicorn."""
    import uvicorn

    from bot.app import build_dispatcher
    from bot.server import build_app
    from bot.serving import serving_summary

    dispatcher = build_dispatcher(_serving_settings(args))
    front_ends = build_serve_front_ends(dispatcher, args.socket_mode, args.telegram_polling)
    app = build_app(dispatcher, front_ends)
    for line in serving_summary(dispatcher, front_ends, args.host, args.port):
        log.info(line)
    # The core runs on worker threads; with Python's default 5 ms switch interval the
    # event loop that acks waits up to that long for the GIL after every socket call.
    # 1 ms keeps acks fast under load (measured in docs/slack.md).
    sys.setswitchinterval(SERVE_SWITCH_INTERVAL)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", access_log=False)
    return 0


def cmd_health(args: argparse.Namespace) -> int:
    """Print every service's state; with ``--check``, run a round of checks first and
    exit 1 when a service is not operational (for cron and monitoring)."""
    import json

    from bot.adapters.status_page import page_to_json
    from bot.app import build_dispatcher
    from bot.enums import Role, ServiceState
    from bot.messages import Actor
    from bot.rendering import Renderer

    dispatcher = build_dispatcher(_settings(args))
    health = dispatcher.services.health
    if args.check:
        health.run_checks(force=True)
    staff = Actor(role=Role.ENGINEER, user_id="cli")
    statuses = health.statuses(staff)
    if args.json:
        print(json.dumps(page_to_json(health.page()), ensure_ascii=False, indent=2))
    else:
        lang = dispatcher.settings.config.reseller.default_language
        reply = Reply(kind="health_list", data={"services": statuses}, lang=lang)
        print(Renderer("console").render(reply))
    troubled = [s for s in statuses if s.state != ServiceState.OPERATIONAL]
    return 1 if args.check and troubled else 0
