"""The error hierarchy: errors a user may see map to reply templates in one place."""

from __future__ import annotations


class SupportbotError(Exception):
    """Root of every error supportbot raises on purpose."""


class UserFacingError(SupportbotError):
    """An expected error that is answered with a reply template named ``reply_kind``."""

    reply_kind = "error_generic"

    def __init__(self, detail: str = "", **data: object) -> None:
        super().__init__(detail)
        self.detail = detail
        self.data = {"what": detail, **data} if detail else dict(data)


class NotAllowed(UserFacingError):
    """The caller's role does not allow the command."""

    reply_kind = "error_not_allowed"


class NotFound(UserFacingError):
    """The thing asked for does not exist, or the caller may not see it (same answer)."""

    reply_kind = "error_not_found"


class BadInput(UserFacingError):
    """The command's arguments could not be understood."""

    reply_kind = "error_bad_input"


class DraftExpired(UserFacingError):
    """A button of a step-by-step ticket conversation that is over (done, cancelled, old)."""

    reply_kind = "ticket_draft_expired"


class TicketClosed(UserFacingError):
    """A word on a ticket closed too long ago to open again: a new ticket is the way."""

    reply_kind = "ticket_closed"


class UpdateAlreadyApplied(UserFacingError):
    """A provider update that was applied before (a retry): nothing is done twice."""

    reply_kind = "error_generic"


class UnknownSender(UserFacingError):
    """A message from a channel or user that is mapped to no customer and no staff member."""

    reply_kind = "error_unknown_sender"


class ConfigError(SupportbotError):
    """The configuration cannot be used. The message names the file and the key."""

    def __init__(self, path: str, key: str, problem: str) -> None:
        super().__init__(f"{path}: {key}: {problem}")
        self.path = path
        self.key = key
        self.problem = problem
