"""How a ticket an engineer opened for a customer reached us, said before its subject.

Engineers open a ticket for someone who phoned or wrote with ``/ticket new sibir Phoned
in: backup of VM failed``. "Phoned in:" is for the team: the customer is told "Support
opened T-1006 for you: …" and knows how they asked. The marker is taken off the subject
every customer reads, and kept for staff as an internal note on the ticket.
"""

from __future__ import annotations

import re

# "Phoned in:", "Phone call -", "Called:", "By phone:", "E-mailed in:", "Via email:", "Walk-in:"
_MARKER = re.compile(
    r"^\s*((?:phoned(?: in)?|phone call|called(?: in)?|(?:by|via|per|over the) phone"
    r"|e-?mailed(?: in)?|(?:by|via|from) e-?mail|walk-?in|in person)"
    r")\s*[:\-–—]\s+",
    re.IGNORECASE,
)


def split_marker(subject: str) -> tuple[str | None, str]:
    """("Phoned in", "backup of VM failed") for "Phoned in: backup of VM failed"; (None,
    subject) when it opens with no such marker or nothing would be left of it."""
    found = _MARKER.match(subject)
    rest = subject[found.end() :].strip() if found else ""
    if found is None or not rest:
        return None, subject
    return found.group(1), rest
