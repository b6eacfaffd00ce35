"""The drills' load: a config with many customer channels, signed Slack events and Telegram
updates (some redelivered, some forged), and the options both drills take."""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import random
import re
import time
from dataclasses import dataclass
from pathlib import Path

import yaml
from _common import ROOT

SLACK_SECRET = "drill-signing-secret"
SLACK_TOKEN = "xoxb-drill"
TELEGRAM_TOKEN = "123456789:AAH-drill_token_0123456789abcdefghij"
TELEGRAM_SECRET = "drill-webhook-secret"
BOT_USERNAME = "acme_support_bot"  # the Telegram fake's getMe (tests/fakes/telegram_api.py)
ENGINEERS = {"slack": "C0DRILLENG", "telegram": "-1009000000001"}
# Every drill message carries a marker (question, ticket, forged) so that a call at a fake
# can be traced back to it: a ticket's subject reaches the engineers' notice verbatim.
MARK = re.compile(r"drl[qtf]\d{7}")
QUESTIONS = (
    "I forgot my password",
    "how do I add licenses in the middle of the month",
    "VPN keeps disconnecting",
    "outlook cannot connect to the mailbox",
    "how to read my invoice",
    "files are not syncing to onedrive",
    "how do I set up multi-factor authentication",
    "how to resize a virtual machine",
)
SUBJECTS = ("Mailbox full", "VPN drops every hour", "Invoice looks wrong", "VM will not boot")


@dataclass(frozen=True)
class DrillConfig:
    """The written config file and the customer channels the load may talk in."""

    path: Path
    slack: list[str]
    telegram: list[str]


def drill_config(
    folder: Path, source: Path, slack_channels: int, telegram_chats: int
) -> DrillConfig:
    """config/demo.yml with more channels per customer and an engineers' channel per platform.

    Like bench/telegram_updates.py: one channel per customer would serialise every answer
    behind one chat's ordering, so the demo's customers get ``slack_channels`` Slack
    channels and ``telegram_chats`` Telegram groups between them (the demo's own included).
    The engineers' channels receive the new-ticket notices the crash drill counts.
    """
    demo = yaml.safe_load((source / "config" / "demo.yml").read_text(encoding="utf-8"))
    demo["knowledge_base"]["path"] = str(source / "knowledge_base")
    demo["knowledge_base"]["reload_seconds"] = 60
    for key in ("digests", "smtp", "managers_channels"):
        demo.pop(key, None)
    demo["engineers_channels"] = [{"platform": p, "id": c} for p, c in ENGINEERS.items()]
    found: dict[str, list[str]] = {"slack": [], "telegram": []}
    for platform, wanted, make in (
        ("slack", slack_channels, lambda i: f"C0DRL{i:05d}"),
        ("telegram", telegram_chats, lambda i: str(-1_002_000_000_000 - i)),
    ):
        owners = [
            c for c in demo["customers"] if any(ch["platform"] == platform for ch in c["channels"])
        ]
        for customer in owners:
            found[platform] += [
                ch["id"] for ch in customer["channels"] if ch["platform"] == platform
            ]
        for number in range(max(0, wanted - len(found[platform]))):
            channel = make(number)
            owners[number % len(owners)]["channels"].append({"platform": platform, "id": channel})
            found[platform].append(channel)
    path = folder / "drill.yml"
    path.write_text(yaml.safe_dump(demo, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return DrillConfig(path, found["slack"], found["telegram"])


@dataclass(frozen=True)
class Item:
    """One Slack event or Telegram update; ``where`` + ``key`` name the answer it expects."""

    number: int
    platform: str  # "slack" or "telegram"
    kind: str  # "q" a question, "t" opens a ticket, "f" forged
    body: bytes
    where: str
    key: str
    forge: str = ""  # how a forged one is forged

    @property
    def mark(self) -> str:
        return f"drl{self.kind}{self.number:07d}"

    @property
    def genuine(self) -> bool:
        return self.kind != "f"

    @property
    def path(self) -> str:
        return "/slack/events" if self.platform == "slack" else "/telegram/webhook"


def _text(kind: str, number: int, mark: str) -> str:
    if kind == "t":
        return f"/ticket new {mark} {SUBJECTS[number % len(SUBJECTS)]}"
    return f"{QUESTIONS[number % len(QUESTIONS)]} ({mark})"


def slack_item(number: int, kind: str, channel: str, forge: str = "") -> Item:
    """A message event in a customer channel: answered in the thread of its ``ts``."""
    ts = f"{1_700_000_000 + number}.{number * 7919 % 1_000_000:06d}"
    mark = f"drl{kind}{number:07d}"
    body = {
        "token": "unused",
        "type": "event_callback",
        "team_id": "T_DRILL",
        "api_app_id": "A_DRILL",
        "event_id": f"EvDRL{number:08d}",
        "event_time": int(time.time()),
        "event": {
            "type": "message",
            "channel": channel,
            "channel_type": "channel",
            "user": f"U0CUST{number % 97:03d}",
            "text": _text(kind, number, mark),
            "ts": ts,
            "event_ts": ts,
        },
    }
    return Item(number, "slack", kind, json.dumps(body).encode(), channel, ts, forge)


def telegram_item(number: int, kind: str, chat: str, forge: str = "") -> Item:
    """A group message to the bot (an @mention, or a command): answered as a reply to it."""
    mark = f"drl{kind}{number:07d}"
    text = _text(kind, number, mark)
    entities = []
    if kind == "t":
        entities = [{"type": "bot_command", "offset": 0, "length": len("/ticket")}]
    else:
        text = f"@{BOT_USERNAME} {text}"
    message_id = number + 1
    body = {
        "update_id": 500_000_000 + number,
        "message": {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": {"id": int(chat), "type": "supergroup", "title": "Drill"},
            "from": {"id": 40_000 + number % 500, "is_bot": False, "first_name": "Drill"},
            "text": text,
            "entities": entities,
        },
    }
    return Item(number, "telegram", kind, json.dumps(body).encode(), chat, str(message_id), forge)


@dataclass
class Load:
    """The items, and the order they are sent in (``True`` marks a planned redelivery)."""

    items: list[Item]
    plan: list[tuple[Item, bool]]

    @property
    def genuine(self) -> list[Item]:
        return [i for i in self.items if i.genuine]

    @property
    def forged(self) -> list[Item]:
        return [i for i in self.items if not i.genuine]

    @property
    def tickets(self) -> list[Item]:
        return [i for i in self.items if i.kind == "t"]


SLACK_FORGERIES = ("secret", "stale", "tampered", "unsigned")
TELEGRAM_FORGERIES = ("secret", "missing")


def build_load(
    config: DrillConfig,
    slack: int,
    telegram: int,
    *,
    redeliver: float = 0.20,
    forged: float = 0.05,
    tickets: float = 0.0,
    seed: int = 7,
) -> Load:
    """``slack`` events and ``telegram`` updates; of each, ``forged`` are forged, ``tickets``
    of the rest open a ticket, and ``redeliver`` of the genuine ones are sent again later
    (sometimes while the first copy is still being handled)."""
    rng = random.Random(seed)
    items: list[Item] = []
    for platform, count in (("slack", slack), ("telegram", telegram)):
        channels = config.slack if platform == "slack" else config.telegram
        forgeries = SLACK_FORGERIES if platform == "slack" else TELEGRAM_FORGERIES
        make = slack_item if platform == "slack" else telegram_item
        for _ in range(count):
            number = len(items)
            roll = rng.random()
            kind = "f" if roll < forged else "t" if roll < forged + tickets else "q"
            forge = forgeries[number % len(forgeries)] if kind == "f" else ""
            items.append(make(number, kind, rng.choice(channels), forge))
    rng.shuffle(items)
    order: list[tuple[float, Item, bool]] = []
    for position, item in enumerate(items):
        order.append((position, item, False))
        if item.genuine and rng.random() < redeliver:
            order.append((position + rng.uniform(0.5, 300), item, True))
    order.sort(key=lambda entry: entry[0])
    return Load(items, [(item, again) for _, item, again in order])


def slack_headers(item: Item, retry: int) -> dict[str, str]:
    """Signed as Slack signs (v0:timestamp:body, HMAC-SHA256), or forged as ``item.forge``."""
    stamp = int(time.time()) - (600 if item.forge == "stale" else 0)
    secret = "not-" + SLACK_SECRET if item.forge == "secret" else SLACK_SECRET
    body = item.body + b" " if item.forge == "tampered" else item.body
    digest = hmac.new(secret.encode(), f"v0:{stamp}:".encode() + body, hashlib.sha256)
    headers = {"Content-Type": "application/json", "X-Slack-Request-Timestamp": str(stamp)}
    if item.forge != "unsigned":
        headers["X-Slack-Signature"] = f"v0={digest.hexdigest()}"
    if retry:
        headers["X-Slack-Retry-Num"] = str(retry)
        headers["X-Slack-Retry-Reason"] = "http_timeout"
    return headers


def telegram_headers(item: Item) -> dict[str, str]:
    headers = {"Content-Type": "application/json"}
    if item.forge == "secret":
        headers["X-Telegram-Bot-Api-Secret-Token"] = "not-" + TELEGRAM_SECRET
    elif item.forge != "missing":
        headers["X-Telegram-Bot-Api-Secret-Token"] = TELEGRAM_SECRET
    return headers


def parse_faults(text: str) -> tuple[float, float, int]:
    p429, p500, seed = text.split(",")
    return float(p429), float(p500), int(seed)


def add_load_options(
    parser: argparse.ArgumentParser, *, size: int, seed: int, outbox_timeout: float, settle: float
) -> None:
    """The options both drills take: load size and shape, faults, deadlines, where to run."""
    parser.add_argument("--slack", type=int, default=size, help="Slack events (incl. forged)")
    parser.add_argument("--telegram", type=int, default=size, help="Telegram updates (same)")
    parser.add_argument("--channels", type=int, default=40, help="channels per platform")
    parser.add_argument("--p429", type=float, default=0.10, help="share of API calls → 429")
    parser.add_argument("--p500", type=float, default=0.05, help="share of API calls → 500")
    parser.add_argument("--seed", type=int, default=seed)
    parser.add_argument("--concurrency", type=int, default=32, help="requests in flight")
    parser.add_argument("--ack-timeout", type=float, default=3.0, help="Slack's 3 s per request")
    parser.add_argument(
        "--answer-timeout", type=float, default=300.0, help="after the last request"
    )
    parser.add_argument("--outbox-timeout", type=float, default=outbox_timeout)
    parser.add_argument("--settle", type=float, default=settle, help="look for late duplicates")
    parser.add_argument("--source", type=Path, default=ROOT, help="tree the workers run")
    parser.add_argument("--logs", type=Path, default=None, help="folder for process logs")
