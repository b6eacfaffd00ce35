"""The supportbot command line: chat with the bot, serve it, and look after it."""

from __future__ import annotations

import argparse
import logging
import os
import sys

from bot.cli_commands import (
    PREVIEW_FORMATS,
    SERVE_SWITCH_INTERVAL,
    build_serve_front_ends,
    cmd_chat,
    cmd_db_upgrade,
    cmd_digest,
    cmd_health,
    cmd_serve,
    cmd_sla_scan,
)
from bot.errors import ConfigError
from bot.observability.logs import configure_logging
from bot.settings import environment_secrets

__all__ = ["SERVE_SWITCH_INTERVAL", "build_parser", "build_serve_front_ends", "cmd_serve", "main"]

EPILOG = """\
examples:
  supportbot chat                              talk to the demo bot in this terminal
  supportbot chat --as engineer                ... as the demo engineer
  supportbot --config my.yml serve --port 8080 Slack, Telegram, /status, /readyz
  supportbot health --check                    exit 1 when a service is not operational

The config file is config/demo.yml unless --config or $SUPPORTBOT_CONFIG says
otherwise; secrets come from the environment (README, "Configuration").
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="supportbot",
        description=__doc__,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--config",
        metavar="FILE",
        help="YAML config (default: $SUPPORTBOT_CONFIG or config/demo.yml)",
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="log at INFO level, libraries included"
    )
    parser.add_argument(
        "--json-logs", action="store_true", help="log JSON lines (or SUPPORTBOT_LOG_FORMAT=json)"
    )
    sub = parser.add_subparsers(dest="command", required=True, title="commands", metavar="COMMAND")

    chat = sub.add_parser("chat", help="chat with the bot in this terminal (or over a pipe)")
    chat.add_argument(
        "--as", dest="as_", metavar="WHO", help="customer:<id> (default), engineer or manager"
    )
    chat.set_defaults(func=cmd_chat)

    serve = sub.add_parser(
        "serve",
        help="run the server: Slack, Telegram, status page, /readyz, provider updates",
        description="Serve every front end whose secrets are set, the status page, "
        "/healthz, /readyz, /metrics and signed provider updates; run the SLA scans, "
        "health checks and digests. A front end that cannot reach its platform keeps "
        "retrying while the rest runs.",
    )
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: %(default)s)"
    )
    serve.add_argument(
        "--port", type=int, default=8080, help="port to listen on (default: %(default)s)"
    )
    serve.add_argument(
        "--socket-mode",
        action="store_true",
        help="receive Slack over Socket Mode (needs SLACK_APP_TOKEN) instead of /slack/events",
    )
    serve.add_argument(
        "--telegram-polling",
        action="store_true",
        help="receive Telegram by long polling instead of the webhook (one worker only)",
    )
    serve.set_defaults(func=cmd_serve)

    health = sub.add_parser(
        "health",
        help="print every service's state; --check for monitoring",
        description="Print every service's state. Exit status: 0, or 1 with --check when a "
        "service is not operational (degraded, partial or major outage, maintenance).",
    )
    health.add_argument("--json", action="store_true", help="machine-readable (as /status.json)")
    health.add_argument(
        "--check",
        action="store_true",
        help="run one round of checks first; exit 1 if a service is not operational",
    )
    health.set_defaults(func=cmd_health)

    digest = sub.add_parser("digest", help="print a day's digest as managers get it")
    digest.add_argument("--date", help="the local day, YYYY-MM-DD (default: yesterday)")
    digest.add_argument("--format", choices=PREVIEW_FORMATS, default="text")
    digest.set_defaults(func=cmd_digest)

    sla = sub.add_parser("sla", help="SLA clocks: sla scan queues due warnings once (for cron)")
    sla_sub = sla.add_subparsers(dest="sla_command", required=True, metavar="COMMAND")
    sla_sub.add_parser("scan", help="queue due SLA warnings and breaches once").set_defaults(
        func=cmd_sla_scan
    )

    db = sub.add_parser("db", help="database: db upgrade applies migrations")
    db_sub = db.add_subparsers(dest="db_command", required=True, metavar="COMMAND")
    db_sub.add_parser("upgrade", help="apply migrations").set_defaults(func=cmd_db_upgrade)

    from bot.kb.cli import add_kb_commands

    add_kb_commands(sub)
    return parser


def _log_level(args: argparse.Namespace) -> int:
    return logging.INFO if args.verbose else logging.WARNING


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    configure_logging(
        _log_level(args),
        json_logs=args.json_logs or os.environ.get("SUPPORTBOT_LOG_FORMAT") == "json",
        secrets=environment_secrets(os.environ),
    )
    if args.command == "serve":  # a server says what it does; libraries stay quiet
        logging.getLogger("bot").setLevel(logging.INFO)
    try:
        return int(args.func(args) or 0)
    except ConfigError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`supportbot health --json | head`): stop quietly, and keep
        # Python from failing again while flushing stdout at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141


if __name__ == "__main__":
    sys.exit(main())
