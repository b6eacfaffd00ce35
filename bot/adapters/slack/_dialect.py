"""How KB markdown and template helpers look in Slack mrkdwn, and who escapes what.

Slack's jinja environment escapes every ``{{ value }}`` itself (``finalize``); a
fragment already written in mrkdwn (a converted article, ``bold(...)``) is a
:class:`~markupsafe.Markup` and passes through untouched.
"""

from __future__ import annotations

import re

from markupsafe import Markup

from bot.rendering.markdown import Dialect

from ._mrkdwn import escape_link_label, escape_mrkdwn, neutralise_marks

FENCE = "`" * 3
_USER_ID = re.compile(r"[UW][A-Z0-9_]{2,30}")


class SlackDialect(Dialect):
    """``*bold*``, ``_italics_``, code in backticks, ``<url|label>`` links, all text escaped."""

    icons = True

    def text(self, value: str) -> str:
        return escape_mrkdwn(value)

    def inside(self, value: str) -> str:
        return neutralise_marks(escape_mrkdwn(value))

    def bold(self, inner: str) -> str:
        return f"*{inner}*" if inner.strip() else inner

    def italic(self, inner: str) -> str:
        return f"_{inner}_" if inner.strip() else inner

    def strike(self, inner: str) -> str:
        return f"~{inner}~" if inner.strip() else inner

    def code(self, raw: str) -> str:
        return "`" + escape_mrkdwn(raw.replace("`", "'")) + "`"

    def pre(self, raw: str) -> str:
        return FENCE + "\n" + escape_mrkdwn(raw.replace(FENCE, "'''")) + "\n" + FENCE

    def link(self, url: str, label: str) -> str:
        return f"<{escape_mrkdwn(url)}|{escape_link_label(label.strip() or url)}>"

    def mention(self, user: str) -> str:
        """A Slack user known only by id: ``<@U123>``, which Slack shows as their name."""
        platform, _, user_id = user.partition(":")
        if platform == "slack" and _USER_ID.fullmatch(user_id):
            return f"<@{user_id}>"
        return super().mention(user)


SLACK = SlackDialect()


def finalize(value: object) -> object:
    """Every ``{{ value }}`` in a Slack template: escaped unless already formatted."""
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    return Markup(escape_mrkdwn(value))


def undo_quote_entities(text: str) -> str:
    """Slack decodes only ``&amp; &lt; &gt;``: quotes that jinja's HTML escaping turned
    into entities (inside macros and filters) become quotes again. A person's own
    ``&#34;`` arrives here as ``&amp;#34;`` and is left alone."""
    return text.replace("&#34;", '"').replace("&#39;", "'")
