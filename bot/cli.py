"""The ``supportbot`` command: chat, db upgrade, digest, kb ..."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from datetime import date
from pathlib import Path

from bot.errors import ConfigError, UserFacingError
from bot.messages import Reply
from bot.observability.logs import configure_logging
from bot.settings import Settings, environment_secrets, load_settings

log = logging.getLogger("supportbot")


def _settings(args: argparse.Namespace) -> Settings:
    return load_settings(Path(args.config) if args.config else None)


def cmd_chat(args: argparse.Namespace) -> int:
    from bot.adapters.console import ConsoleAdapter, persona_message
    from bot.app import build_dispatcher, build_runtime
    from bot.rendering import Renderer

    runtime = build_runtime(build_dispatcher(_settings(args)))
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
        sys.stdout.write(prompt)
        sys.stdout.flush()
    adapter.run(sys.stdin, sys.stdout, prompt=prompt)
    return 0


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


def render_preview(reply: Reply, fmt: str) -> str:
    from bot.rendering import Renderer

    if fmt == "html":
        return Renderer("email", extension="html", autoescape=True).render(reply)
    if fmt == "slack":
        from bot.adapters.slack.preview import render_preview as slack_preview

        return slack_preview(reply)
    if fmt == "telegram":
        from bot.adapters.telegram.preview import render_preview as telegram_preview

        return telegram_preview(reply)
    return Renderer("console").render(reply)


def cmd_sla_scan(args: argparse.Namespace) -> int:
    from bot.app import build_dispatcher

    result = build_dispatcher(_settings(args)).services.sla_scanner.scan()
    print(f"sla scan: {result.warnings} warnings, {result.breaches} breaches queued")
    return 0


def build_serve_front_ends(dispatcher, socket_mode: bool):  # type: ignore[no-untyped-def]
    """The front ends ``serve`` runs; ``--socket-mode`` swaps Slack's HTTP route for a socket."""
    from bot.app import build_runtime
    from bot.server import build_front_ends

    front_ends = build_front_ends(dispatcher)
    if socket_mode:
        from bot.adapters.slack import SlackFrontEnd

        front_ends = [f for f in front_ends if f.name != "slack"]
        front_ends.append(SlackFrontEnd(build_runtime(dispatcher), socket_mode=True))
    return front_ends


SERVE_SWITCH_INTERVAL = 0.001


def cmd_serve(args: argparse.Namespace) -> int:
    """Run the ASGI app (health, Slack, Telegram, provider webhooks) with uvicorn."""
    import uvicorn

    from bot.app import build_dispatcher
    from bot.server import build_app

    dispatcher = build_dispatcher(_settings(args))
    front_ends = build_serve_front_ends(dispatcher, args.socket_mode)
    if args.telegram_polling:
        from bot.adapters.telegram.polling import use_polling
        from bot.app import build_runtime

        front_ends = use_polling(build_runtime(dispatcher), front_ends)
    app = build_app(dispatcher, front_ends)
    # The core runs on worker threads; with Python's default 5 ms switch interval the
    # event loop that acks waits up to that long for the GIL after every socket call.
    # 1 ms keeps acks fast under load (measured in docs/slack.md).
    sys.setswitchinterval(SERVE_SWITCH_INTERVAL)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", access_log=False)
    return 0


def cmd_health(args: argparse.Namespace) -> int:
    """Print every service's state (``--check`` runs a round of checks first)."""
    import json

    from bot.adapters.status_page import page_to_json
    from bot.app import build_dispatcher
    from bot.enums import Role
    from bot.messages import Actor
    from bot.rendering import Renderer

    dispatcher = build_dispatcher(_settings(args))
    health = dispatcher.services.health
    if args.check:
        health.run_checks(force=True)
    if args.json:
        print(json.dumps(page_to_json(health.page()), ensure_ascii=False, indent=2))
        return 0
    staff = Actor(role=Role.ENGINEER, user_id="cli")
    lang = dispatcher.settings.config.reseller.default_language
    reply = Reply(kind="health_list", data={"services": health.statuses(staff)}, lang=lang)
    print(Renderer("console").render(reply))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="supportbot", description=__doc__)
    parser.add_argument(
        "--config", help="YAML config (default: $SUPPORTBOT_CONFIG or config/demo.yml)"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log at INFO level")
    parser.add_argument(
        "--json-logs", action="store_true", help="log JSON lines (or SUPPORTBOT_LOG_FORMAT=json)"
    )
    sub = parser.add_subparsers(dest="command", required=True)

    chat = sub.add_parser("chat", help="chat with the bot in this terminal (or over a pipe)")
    chat.add_argument(
        "--as", dest="as_", metavar="WHO", help="customer:<id> (default), engineer or manager"
    )
    chat.set_defaults(func=cmd_chat)

    db = sub.add_parser("db", help="database maintenance")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    db_sub.add_parser("upgrade", help="apply migrations").set_defaults(func=cmd_db_upgrade)

    digest = sub.add_parser("digest", help="print the daily digest")
    digest.add_argument("--date", help="the local day, YYYY-MM-DD (default: yesterday)")
    digest.add_argument("--format", choices=("text", "slack", "telegram", "html"), default="text")
    digest.set_defaults(func=cmd_digest)

    sla = sub.add_parser("sla", help="SLA clocks")
    sla_sub = sla.add_subparsers(dest="sla_command", required=True)
    sla_sub.add_parser("scan", help="queue due SLA warnings and breaches once").set_defaults(
        func=cmd_sla_scan
    )

    serve = sub.add_parser("serve", help="run the bot's HTTP server (Slack events, health ...)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on")
    serve.add_argument("--port", type=int, default=8080, help="port to listen on")
    serve.add_argument(
        "--socket-mode",
        action="store_true",
        help="receive Slack over Socket Mode (needs SLACK_APP_TOKEN) instead of /slack/events",
    )
    serve.add_argument(
        "--telegram-polling",
        action="store_true",
        help="receive Telegram by long polling instead of the webhook",
    )
    serve.set_defaults(func=cmd_serve)

    health = sub.add_parser("health", help="print every service's current state")
    health.add_argument("--json", action="store_true", help="machine-readable (as /status.json)")
    health.add_argument("--check", action="store_true", help="run one round of checks first")
    health.set_defaults(func=cmd_health)

    from bot.kb.cli import add_kb_commands

    add_kb_commands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    configure_logging(
        logging.INFO if args.verbose else logging.WARNING,
        json_logs=args.json_logs or os.environ.get("SUPPORTBOT_LOG_FORMAT") == "json",
        secrets=environment_secrets(os.environ),
    )
    try:
        return int(args.func(args) or 0)
    except ConfigError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
