"""``/escalate T-1001 [--subject <words>] [--summary <words>] [--as-is]``.

The provider's portal and its engineers read English, while a ticket keeps the customer's
own words ("аутлук постоянно просит пароль"). The engineer gives the report an English
subject and description here, for this report only: the ticket keeps the customer's.
"""

from __future__ import annotations

import re

from bot.arguments.base import Raw
from bot.errors import BadInput
from bot.services.report_language import EscalationRequest
from bot.services.ticket_views import parse_ticket_number

SUBJECT, SUMMARY, AS_IS = "--subject", "--summary", "--as-is"
_OPTION = re.compile(r"(?:^|\s)(--subject|--summary|--as-is)(?=\s|$)")
# People quote what they type after an option, as in a shell: the quotes are not the text.
_QUOTES = {'"': '"', "'": "'", "“": "”", "«": "»", "「": "」"}


def _unquoted(value: str) -> str:
    """``"Mail down since 9:00"`` → ``Mail down since 9:00``; unbalanced quotes stay."""
    if len(value) >= 2 and _QUOTES.get(value[0]) == value[-1]:
        return value[1:-1].strip()
    return value


def escalation(raw: Raw) -> EscalationRequest:
    number, rest = raw.split()
    parse_ticket_number(number)  # raises BadInput("ticket number")
    parts = _OPTION.split(rest)
    if parts[0].strip():  # words before any option: not ours to guess at
        raise BadInput("--subject")
    values: dict[str, str] = {}
    for option, value in zip(parts[1::2], parts[2::2], strict=True):
        values[option] = _unquoted(" ".join(value.split()))
        if option != AS_IS and not values[option]:
            raise BadInput(option)
    return EscalationRequest(
        number.strip(),
        subject=values.get(SUBJECT),
        summary=values.get(SUMMARY),
        as_is=AS_IS in values,
    )
