"""An e-mail notice → one ``email`` call: subject, plain text, HTML and the chart.

Templates are ``templates/email/<kind>.{subject,txt,html}.j2`` (the HTML one is
optional); the HTML is autoescaped. Where the message comes from, who it replies to
and which mail server sends it are the notice's options, set by the service that
wrote it (a digest, a provider report).
"""

from __future__ import annotations

from typing import Any

from bot.adapters.transport import Call
from bot.messages import Notice
from bot.rendering import Renderer, templates_dir

# Options a notice may carry to shape its message (anything else is ignored).
HEADER_OPTIONS = ("server", "from", "reply_to")


class EmailRenderer:
    """Renders e-mail notices with the ``email`` templates."""

    def __init__(self) -> None:
        self._text = Renderer("email", extension="txt")
        self._html = Renderer("email", extension="html", autoescape=True)
        self._subject = Renderer("email", extension="subject")

    def calls(self, notice: Notice) -> list[Call]:
        """One call per e-mail.

        Raises:
            RenderError: the reply's kind has no e-mail text template.
        """
        reply = notice.reply
        payload: dict[str, Any] = {"to": notice.channel, "text": self._text.render(reply)}
        payload["subject"] = self._subject.render(reply)
        if (templates_dir() / "email" / f"{reply.kind}.html.j2").exists():
            payload["html"] = self._html.render(reply)
        if reply.data.get("chart_png"):
            payload["png_b64"] = reply.data["chart_png"]
        for option in HEADER_OPTIONS:
            if notice.options.get(option):
                payload[option] = notice.options[option]
        return [Call("email", payload)]
