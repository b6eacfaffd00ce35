"""``make playground`` (``python -m tests.fakes.playground``): start the world, read lines.

Lines come from ``--script FILE`` or standard input (echoed after ``>`` when piped, so the
output reads as a transcript); ``cli.Session`` does each one.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from bot.kb.embed_cache import ENV
from bot.services.kb_setup import embeddings_cache_for
from bot.settings import load_settings
from tests.fakes.playground.cli import Session
from tests.fakes.playground.world import World

DEFAULT_CONFIG = Path(__file__).resolve().parents[3] / "config" / "demo.yml"


def lines_of(source: TextIO, out: TextIO, *, echo: bool, prompt: str) -> Iterable[str]:
    """Input lines; echoed after a ``>`` when they come from a file or a pipe."""
    while True:
        if prompt:
            print(prompt, end="", file=out, flush=True)
        line = source.readline()
        if not line:
            return
        if echo and line.strip():
            print(f"\n> {line.rstrip()}", file=out)
        yield line


def share_kb_cache(config: Path) -> None:
    """Use the KB embeddings the console keeps beside its database (``var/``): the bot's
    own database is a temp file here, and embedding the shipped KB again takes minutes."""
    if ENV not in os.environ:
        cache = embeddings_cache_for(load_settings(config, environ={}).database_url)
        if cache is not None:
            os.environ[ENV] = str(cache)


def main(argv: list[str] | None = None, out: TextIO | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make playground", description=__doc__)
    parser.add_argument("--script", type=Path, help="run the lines of FILE, then stop")
    parser.add_argument("--config", type=Path, default=DEFAULT_CONFIG, help="default: the demo's")
    args = parser.parse_args(argv)
    if args.script is not None and not args.script.is_file():
        parser.error(f"--script: no such file: {args.script}")
    out = out or sys.stdout
    share_kb_cache(args.config)
    try:
        with tempfile.TemporaryDirectory(prefix="playground-") as folder:
            print(f"Starting fake Slack, fake Telegram and the bot (SQLite in {folder})…", file=out)
            with World(args.config, Path(folder)) as world:
                _play(world, out, args.script)
    except KeyboardInterrupt:  # Ctrl-C: everything above has stopped
        return 130
    return 0


def _play(world: World, out: TextIO, script: Path | None) -> None:
    if not world.wait_for_kb(2.0):
        print("Preparing the knowledge-base search (once per machine: minutes)…", file=out)
        world.wait_for_kb(900.0)
    session = Session(world, out)
    print("Ready. Type `help` for what you can do (Enter: what arrived); you can be:", file=out)
    session.who()
    if script is not None:
        with script.open(encoding="utf-8") as lines:
            all(session.run(line) for line in lines_of(lines, out, echo=True, prompt=""))
        return
    interactive = sys.stdin.isatty()
    prompt = "> " if interactive else ""
    all(session.run(line) for line in lines_of(sys.stdin, out, echo=not interactive, prompt=prompt))
