"""The "talk to an engineer" modal: build the view, read a submission back as plain fields.

Wording comes from the locale files (``slack_modal_*``); the conversation the
ticket belongs to (channel, thread, question id) rides in ``private_metadata``,
which Slack returns untouched inside a signed request. Reading a submission only
translates: the fields go to the core as they were typed and chosen, and the
core cleans and checks them like any other message.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from bot.enums import Category, Severity

CALLBACK_ID = "supportbot_ticket"
SUBJECT_MAX = 150
DESCRIPTION_MAX = 3000  # Slack's most for a plain_text_input: the hint says where more goes
HINT_MAX = 2000  # Slack's most for an input block's hint


@dataclass(frozen=True)
class Submission:
    """A submitted form: where its conversation lives, its question, the fields as sent."""

    channel: str
    thread: str | None
    question_id: str
    fields: dict[str, str]


def _plain(text: str, limit: int = 150) -> dict[str, Any]:
    return {"type": "plain_text", "text": text[:limit]}


def _option(value: str, label: str) -> dict[str, Any]:
    return {"text": _plain(label[:75]), "value": value}


def build_ticket_modal(
    t: Callable[..., str],
    *,
    subject: str,
    channel: str,
    thread: str | None,
    question_id: str,
    severity: str = Severity.C.value,
) -> dict[str, Any]:
    """The view for ``views.open``; ``subject`` is prefilled with the customer's question,
    ``severity`` chosen as the core proposes (A for "our production site is down")."""
    severities = [_option(s.value, t(f"slack_modal_severity_{s.value}")) for s in Severity]
    chosen = next((o for o in severities if o["value"] == severity), severities[-1])
    categories = [_option(c.value, t(f"slack_modal_category_{c.value}")) for c in Category]
    metadata = {"channel": channel, "thread": thread, "question_id": question_id}
    subject_input: dict[str, Any] = {
        "type": "plain_text_input",
        "action_id": "value",
        "max_length": SUBJECT_MAX,
    }
    if subject.strip():
        subject_input["initial_value"] = subject.strip()[:SUBJECT_MAX]
    return {
        "type": "modal",
        "callback_id": CALLBACK_ID,
        "private_metadata": json.dumps(metadata),
        "title": _plain(t("slack_modal_title")[:24]),
        "submit": _plain(t("slack_modal_submit")[:24]),
        "close": _plain(t("slack_modal_cancel")[:24]),
        "blocks": [
            {
                "type": "input",
                "block_id": "subject",
                "label": _plain(t("slack_modal_subject")),
                "element": subject_input,
            },
            {
                "type": "input",
                "block_id": "severity",
                "label": _plain(t("slack_modal_severity")),
                "element": {
                    "type": "radio_buttons",
                    "action_id": "value",
                    "options": severities,
                    "initial_option": chosen,
                },
            },
            {
                "type": "input",
                "block_id": "category",
                "label": _plain(t("slack_modal_category")),
                "element": {
                    "type": "static_select",
                    "action_id": "value",
                    "options": categories,
                    "initial_option": categories[0],
                },
            },
            {
                "type": "input",
                "block_id": "description",
                "optional": True,
                "label": _plain(t("slack_modal_description")),
                "hint": _plain(t("slack_modal_description_hint"), HINT_MAX),
                "element": {
                    "type": "plain_text_input",
                    "action_id": "value",
                    "multiline": True,
                    "max_length": DESCRIPTION_MAX,
                },
            },
        ],
    }


def _value(values: Mapping[str, Any], block: str) -> Mapping[str, Any]:
    return (values.get(block) or {}).get("value") or {}


def _choice(values: Mapping[str, Any], block: str) -> str:
    return str((_value(values, block).get("selected_option") or {}).get("value") or "")


def read_submission(view: Mapping[str, Any]) -> Submission:
    """Read a submitted view.

    Raises:
        ValueError: the metadata is missing (the view was not one we opened).
    """
    try:
        metadata = json.loads(view.get("private_metadata") or "")
        channel = str(metadata["channel"])
    except (ValueError, KeyError, TypeError):
        raise ValueError("the view carries no conversation metadata") from None
    values = (view.get("state") or {}).get("values") or {}
    fields = {
        "subject": str(_value(values, "subject").get("value") or ""),
        "description": str(_value(values, "description").get("value") or ""),
        "severity": _choice(values, "severity"),
        "category": _choice(values, "category"),
    }
    return Submission(
        channel=channel,
        thread=metadata.get("thread") or None,
        question_id=str(metadata.get("question_id") or ""),
        fields=fields,
    )
