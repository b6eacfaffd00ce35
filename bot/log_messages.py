"""Log sentences in one place, so operators can grep for them and wording stays consistent."""

HANDLER_FAILED = "handling failed: platform=%s delivery=%s route=%s"
DISPATCH_FAILED = "dispatch failed: platform=%s delivery=%s"
ROLE_REFUSED = "refused: user=%s role=%s command=%s"
UNKNOWN_SENDER = "message from unmapped channel: platform=%s channel=%s"
CHAT_LINKED = "chat linked: platform=%s channel=%s customer=%s"
