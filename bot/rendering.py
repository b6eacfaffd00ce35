"""Renders a :class:`~bot.messages.Reply` with a front end's jinja2 templates.

Each front end has a folder under ``templates/`` with one template per reply kind
(``<kind>.<ext>.j2``); wording in each language lives in ``templates/locales``.
A reply kind without a template is an error, never a silent blank message.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
import yaml

from bot.errors import SupportbotError
from bot.languages import localized_note
from bot.messages import Reply
from bot.times import format_when, to_moment

FALLBACK_LANGUAGE = "en"


def templates_dir() -> Path:
    """``$SUPPORTBOT_TEMPLATES`` or the ``templates/`` folder beside the packages."""
    configured = os.environ.get("SUPPORTBOT_TEMPLATES")
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parent.parent / "templates"


@jinja2.pass_context
def _when_filter(
    context: jinja2.runtime.Context,
    value: datetime | str | None,
    fmt: str | None = None,
    *,
    tz: str | None = None,
) -> str:
    """``{{ t | when }}``: in the reply's zone and language unless ``tz`` names one."""
    zone = tz or context.get("zone")
    return format_when(value, fmt, tz=zone, lang=context.get("lang") or FALLBACK_LANGUAGE)


@jinja2.pass_context
def _local_filter(
    context: jinja2.runtime.Context, value: datetime | str | None, zone: str | None = None
) -> str:
    """``{{ t | local(zone) }}``: a time in ``zone`` (a customer's), else the reply's."""
    return _when_filter(context, value, tz=zone)


@jinja2.pass_context
def _note_filter(context: jinja2.runtime.Context, text: str) -> str:
    """``{{ note | note }}``: the reader's part of a note written in several languages."""
    return localized_note(text or "", context.get("lang") or FALLBACK_LANGUAGE)


def format_age(value: datetime | str | None, now: datetime | str) -> str:
    """How long ago ``value`` was, as a duration (``2h 05m``)."""
    if value is None:
        return "—"
    return format_duration(to_moment(now) - to_moment(value))


_PLACEHOLDER = re.compile(r"([<\[])([^<>\[\]|]+)([>\]])")


def localize_usage(usage: str, t: Callable[..., str]) -> str:
    """``<ticket> [note]`` with each placeholder in the reader's language (``arg_<name>``)."""

    def word(match: re.Match[str]) -> str:
        key = "arg_" + re.sub(r"[\s-]+", "_", match.group(2).strip().lower())
        text = t(key)
        return match.group(1) + (match.group(2) if text == key else text) + match.group(3)

    return _PLACEHOLDER.sub(word, usage)


def format_duration(value: timedelta | float | None) -> str:
    """``1d 2h``, ``3h 05m``, ``12m``; a dash for nothing (durations may arrive as seconds)."""
    if value is None:
        return "—"
    seconds = int(value.total_seconds() if isinstance(value, timedelta) else float(value))
    days, rest = divmod(max(0, seconds), 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        return f"{days}d {hours}h"
    if hours:
        return f"{hours}h {minutes:02d}m"
    return f"{minutes}m"


def format_percent(value: float | None) -> str:
    return "—" if value is None else f"{round(value * 100)}%"


class RenderError(SupportbotError):
    """A reply could not be rendered (no template for its kind, or a template bug)."""


@lru_cache(maxsize=8)
def load_locale(folder: str, lang: str) -> Mapping[str, str]:
    path = Path(folder) / "locales" / f"{lang}.yml"
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(k): str(v) for k, v in data.items()}


class Renderer:
    """Turns replies into one front end's text.

    Args:
        front_end: the template folder (``console``, ``slack``, ``telegram``, ``html``).
        extension: the templates' output extension (``txt``, ``mrkdwn``, ``html``).
        autoescape: escape every ``{{ value }}`` (HTML outputs).
        filters: the front end's own filters, e.g. its escape function.
        command_prefix: how users type a command here: ``/`` (``/take``), or on Slack
            ``/support `` (``/support take``); templates write commands with ``cmd()``.
    """

    def __init__(
        self,
        front_end: str,
        *,
        extension: str = "txt",
        autoescape: bool = False,
        filters: Mapping[str, Callable[..., Any]] | None = None,
        command_prefix: str = "/",
    ) -> None:
        self.front_end = front_end
        self.command_prefix = command_prefix
        self.extension = extension
        self._folder = templates_dir()
        self._env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(self._folder)),
            autoescape=autoescape,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
        )
        self._env.filters["when"] = _when_filter
        self._env.filters["duration"] = format_duration
        self._env.filters["percent"] = format_percent
        self._env.filters["local"] = _local_filter
        self._env.filters["note"] = _note_filter
        self._env.filters["age"] = format_age
        self._env.filters.update(filters or {})

    def translator(self, lang: str) -> Callable[..., str]:
        """``t(key, **values)`` in ``lang``, falling back to English, then to the key."""
        primary = load_locale(str(self._folder), lang)
        fallback = load_locale(str(self._folder), FALLBACK_LANGUAGE)

        def translate(key: str, **values: Any) -> str:
            text = primary.get(key) or fallback.get(key) or key
            return text.format(**values) if values else text

        return translate

    def render(self, reply: Reply, **extra: Any) -> str:
        """Render ``reply``; raise RenderError when its kind has no template."""
        name = f"{self.front_end}/{reply.kind}.{self.extension}.j2"
        try:
            template = self._env.get_template(name)
        except jinja2.TemplateNotFound:
            raise RenderError(f"no template {name} for reply kind {reply.kind!r}") from None
        t = self.translator(reply.lang)
        return template.render(
            reply=reply,
            data=reply.data,
            t=t,
            lang=reply.lang,
            zone=reply.zone,
            cmd=self.command,
            usage=lambda text: localize_usage(text, t),
            **extra,
        ).strip()

    def command(self, name: str, args: str = "") -> str:
        """A command as users type it on this front end: ``/take T-1001``, ``/support take …``."""
        return f"{self.command_prefix}{name} {args}".rstrip()
