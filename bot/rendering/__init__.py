"""Renders a :class:`~bot.messages.Reply` with a front end's jinja2 templates.

A reply kind's template is the front end's own (``templates/<front end>/<kind>.<ext>.j2``)
when its layout differs there, else the shared one (``templates/shared/<kind>.j2``).
Wording in each language lives in ``templates/locales``. Each front end's environment
escapes every interpolated value itself; fragments already written in the front end's markup
(``bold(...)``, KB markdown, ``sentences(...)``) are :class:`~markupsafe.Markup`. A reply
kind without a template is an error, never a silent blank message."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
import yaml
from markupsafe import Markup

from bot.errors import SupportbotError
from bot.languages import localized_note, name_for
from bot.messages import PREFACE, Reply
from bot.times import format_when, to_moment

from .markdown import PLAIN, Dialect, safe_url
from .sentences import join_sentences
from .usage import localize_usage

FALLBACK_LANGUAGE = "en"
# A locale key ending so is the staff's wording of the key without it (``Renderer.translator``).
STAFF_SUFFIX = "_staff"
# A duration without a translator to hand (the ``duration_*`` keys in English).
_DURATIONS = {"duration_days": "{days}d {hours}h", "duration_hours": "{hours}h {minutes}m"}
_DURATIONS["duration_minutes"] = "{minutes}m"


def templates_dir() -> Path:
    """``$SUPPORTBOT_TEMPLATES`` or the ``templates/`` folder beside the packages."""
    configured = os.environ.get("SUPPORTBOT_TEMPLATES")
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[2] / "templates"


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


def format_age(
    value: datetime | str | None, now: datetime | str, t: Callable[..., str] | None = None
) -> str:
    """How long ago ``value`` was, as a duration (``2h 05m``)."""
    if value is None:
        return "—"
    return format_duration(to_moment(now) - to_moment(value), t)


@jinja2.pass_context
def _age_filter(
    context: jinja2.runtime.Context, value: datetime | str | None, now: datetime | str
) -> str:
    """``{{ opened | age(now) }}``: in the reader's units (``3 ч 05 мин``, ``3小时5分钟``)."""
    return format_age(value, now, context.get("t"))


@jinja2.pass_context
def _duration_filter(context: jinja2.runtime.Context, value: timedelta | float | None) -> str:
    """``{{ seconds | duration }}``: in the reader's units."""
    return format_duration(value, context.get("t"))


def format_duration(value: timedelta | float | None, t: Callable[..., str] | None = None) -> str:
    """``1d 2h``, ``3h 05m``, ``12m``; a dash for nothing (durations may arrive as seconds).

    With ``t`` (a template's translator) the units are the reader's (``duration_*`` keys:
    an "m" means nothing to a Russian or Chinese reader)."""
    if value is None:
        return "—"
    seconds = int(value.total_seconds() if isinstance(value, timedelta) else float(value))
    days, rest = divmod(max(0, seconds), 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    values: dict[str, int | str]
    if days:
        key, values = "duration_days", {"days": days, "hours": hours}
    elif hours:
        key, values = "duration_hours", {"hours": hours, "minutes": f"{minutes:02d}"}
    else:
        key, values = "duration_minutes", {"minutes": minutes}
    return str(t(key, **values)) if t else _DURATIONS[key].format(**values)


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


def template_helpers(dialect: Dialect) -> dict[str, Callable[..., str]]:
    """``bold``, ``em``, ``code``, ``pre``, ``link``, ``quote``, ``icon``, ``md``, ``mention``,
    ``sentences`` in ``dialect``'s markup, escaped here (inside bold or italics by
    ``dialect.inside``), as Markup; ``named`` plain, for every front end."""

    def text(value: object, escape: Callable[[str], str] = dialect.text) -> str:
        if value is None:
            return ""
        return str(value) if isinstance(value, Markup) else escape(str(value))

    def link(url: object, label: object) -> Markup:
        """A link when the URL may be opened; otherwise just the label, never a path."""
        target = safe_url(str(url)) if url else None
        return Markup(dialect.link(target, str(label)) if target else text(label))

    return {
        "bold": lambda value: Markup(dialect.bold(text(value, dialect.inside))),
        "em": lambda value: Markup(dialect.italic(text(value, dialect.inside))),
        "code": lambda value: Markup(dialect.code(str(value))),
        "link": link,
        "quote": lambda value: Markup(dialect.quote(text(value))),
        "pre": lambda value: Markup(dialect.pre(str(value))),
        "icon": lambda symbol: Markup(f"{symbol} " if dialect.icons else ""),
        "md": lambda markdown: dialect.convert(str(markdown or "")),
        "sentences": lambda *parts: Markup(join_sentences(text(p) for p in parts)),
        "mention": lambda user: Markup(dialect.mention(str(user))),
        "named": name_for,  # named(data.provider, lang): plain text, escaped where shown
    }


class Renderer:
    """Turns replies into one front end's text.

    Args:
        front_end: the template folder (``console``, ``slack``, ``telegram``, ``html``).
        extension: the templates' output extension (``txt``, ``mrkdwn``, ``html``).
        autoescape: escape every ``{{ value }}`` (HTML outputs; Slack with ``finalize``).
        filters: the front end's own filters.
        command_prefix: how users type a command here: ``/`` (``/take``), or on Slack
            ``/support `` (``/support take``); templates write commands with ``cmd()``.
        dialect: the front end's markup for ``bold``/``em``/``code``/``link``/``md``.
        finalize: applied to every ``{{ value }}`` (Slack's own escaping).
        post: applied to the rendered text (Slack turns quote entities back into quotes).
    """

    def __init__(
        self,
        front_end: str,
        *,
        extension: str = "txt",
        autoescape: bool = False,
        filters: Mapping[str, Callable[..., Any]] | None = None,
        command_prefix: str = "/",
        dialect: Dialect = PLAIN,
        finalize: Callable[[Any], Any] | None = None,
        post: Callable[[str], str] | None = None,
    ) -> None:
        self.front_end = front_end
        self.command_prefix = command_prefix
        self.extension = extension
        self._post = post
        self._dialect = dialect
        self._folder = templates_dir()
        self._env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(self._folder)),
            autoescape=autoescape,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
            finalize=finalize,
        )
        self._env.filters["when"] = _when_filter
        self._env.filters["duration"] = _duration_filter
        self._env.filters["percent"] = format_percent
        self._env.filters["local"] = _local_filter
        self._env.filters["note"] = _note_filter
        self._env.filters["age"] = _age_filter
        helpers = template_helpers(dialect)
        self._env.filters.update(helpers)
        self._env.globals.update(helpers)
        self._env.globals["part"] = self.template_name
        self._env.filters.update(filters or {})

    def template_name(self, kind: str) -> str:
        """The front end's own template for ``kind`` if it has one, else the shared one
        (``kind`` may be a partial such as ``_incidents``, imported with ``part()``)."""
        own = f"{self.front_end}/{kind}.{self.extension}.j2"
        if (self._folder / own).exists():
            return own
        return f"shared/{kind}.j2"

    def translator(self, lang: str, *, staff: bool = False) -> Callable[..., str]:
        """``t(key, **values)`` in ``lang``, falling back to English, then to the key.

        For ``staff`` readers a key's staff wording (``<key>_staff``) wins where there is
        one: a customer reads "waiting on you" where an engineer reads "waiting on the
        customer", from the same template.
        """
        primary = load_locale(str(self._folder), lang)
        fallback = load_locale(str(self._folder), FALLBACK_LANGUAGE)

        def lookup(key: str) -> str | None:
            return primary.get(key) or fallback.get(key)

        def translate(key: str, **values: Any) -> str:
            text = (staff and lookup(key + STAFF_SUFFIX)) or lookup(key) or key
            return text.format(**values) if values else text

        return translate

    def render(self, reply: Reply, **extra: Any) -> str:
        """Render ``reply`` (after its preface, if any: :data:`bot.messages.PREFACE`);
        raise RenderError when its kind has no template."""
        preface = reply.data.get(PREFACE)
        said = [self._text(Reply(**preface, lang=reply.lang, zone=reply.zone))] if preface else []
        text = "\n\n".join([*said, self._text(reply, **extra)])
        return self._post(text) if self._post else text

    def _text(self, reply: Reply, **extra: Any) -> str:
        name = self.template_name(reply.kind)
        try:
            template = self._env.get_template(name)
        except jinja2.TemplateNotFound:
            raise RenderError(f"no template {name} for reply kind {reply.kind!r}") from None
        t = self.formatted(self.translator(reply.lang, staff=bool(reply.data.get("staff"))))
        return template.render(
            reply=reply,
            data=reply.data,
            t=t,
            label=lambda key, **values: t("label", label=t(key, **values)),
            heading=lambda key, **values: t("heading", label=t(key, **values)),
            lang=reply.lang,
            # between two sentences: a space, but none in Chinese ("…改为 B。解决截止…")
            gap="" if reply.lang == "zh" else " ",
            zone=reply.zone,
            cmd=self.command,
            usage=lambda text: localize_usage(text, t),
            **extra,
        ).strip()

    def formatted(self, translate: Callable[..., str]) -> Callable[..., str]:
        """``t()`` for templates: given an already formatted value (``bold(x)``, a macro's
        output), the wording and the other values are escaped here and the result is
        Markup, so the environment escapes nothing twice."""

        def t(key: str, **values: Any) -> str:
            if not any(isinstance(v, Markup) for v in values.values()):
                return translate(key, **values)
            escape = self._dialect.text
            safe = {k: v if isinstance(v, Markup) else escape(str(v)) for k, v in values.items()}
            return Markup(escape(translate(key)).format(**safe))

        return t

    def command(self, name: str, args: str = "") -> str:
        """A command as users type it on this front end: ``/take T-1001``, ``/support take …``."""
        return f"{self.command_prefix}{name} {args}".rstrip()
