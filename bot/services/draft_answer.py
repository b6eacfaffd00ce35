"""Whether typed words answer the ticket form's question, and which severity they choose.

Telegram's "talk to an engineer" asks its questions one message at a time
(``handlers/drafts.py``). People walk away from such a form: they ask something else,
run another command, come back an hour later. Their next words must not become a
ticket's subject by accident, so a waiting form takes a message only when it is plainly
the answer:

- a reply to the form's question (any of its three prompts) answers it, as long as the
  draft lives (``drafts.DRAFT_TTL``);
- a reply to another of the bot's messages (a KB answer, a ticket notice) is about that
  message, never the form's answer;
- words that reply to nothing answer it while the question is fresh (``FRESH`` since the
  bot asked it) and the person has not turned to something else since (another command
  or button: the draft is ``set_aside``).

Anything else means the form was abandoned: the caller drops it, says so, and handles the
message like any other (nothing typed is lost).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, timedelta

from bot.enums import Severity
from bot.messages import InboundMessage
from bot.services.drafts import Draft

# How long after the bot asked a question words that reply to nothing still answer it.
FRESH = timedelta(minutes=10)
# Every language's prompts begin a line with the step they ask: "1/3 Subject of the
# ticket:", "2/3 Насколько всё плохо?", "3/3 请回复…" (locale keys draft_*_prompt; a test
# keeps them so). Telegram hands the core the replied-to message's plain text.
_PROMPT = re.compile(r"^\s*[123]/3\s", re.MULTILINE)
# Letters typed for A, B and C on a Russian keyboard look the same and are not: А В С.
_LOOKALIKES = str.maketrans({"А": "A", "В": "B", "С": "C"})
# "a", "A.", "(b)", "c)": one letter, perhaps in brackets or with a full stop.
_LETTER = re.compile(r"^[\s(\[]*([A-Z])[\s.)\]:]*$")
# Words beyond this many are said, not a severity mistyped: kept for the description.
_SAID_WORDS = 3


def is_prompt(replied_text: str) -> bool:
    """Whether the bot's message replied to is one of the form's questions."""
    return bool(_PROMPT.search(replied_text))


def answers_form(draft: Draft, message: InboundMessage, now: datetime) -> bool:
    """Whether ``message`` answers ``draft``'s question (the rules above)."""
    if message.replied_to_bot is not None:
        return is_prompt(message.replied_to_bot)
    return not draft.set_aside and now - draft.updated_at <= FRESH


def severity_in(text: str) -> Severity | None:
    """The severity typed: ``A``, ``b``, ``C.``, a Cyrillic ``В``, a full-width ``Ａ``."""
    plain = unicodedata.normalize("NFKC", text).upper().translate(_LOOKALIKES)
    found = _LETTER.match(plain)
    if found is None or found.group(1) not in Severity.__members__:
        return None
    return Severity(found.group(1))


def is_said(text: str) -> bool:
    """Words that say something (kept for the description), not a choice mistyped
    ("high", "срочно", "很急"): more than a few words, or more than a few Chinese ones."""
    chinese = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    return len(text.split()) > _SAID_WORDS or chinese > 2 * _SAID_WORDS
