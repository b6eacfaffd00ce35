"""Log sentences in one place, so operators can grep for them and wording stays consistent."""

HANDLER_FAILED = "handling failed: platform=%s delivery=%s route=%s"
DISPATCH_FAILED = "dispatch failed: platform=%s delivery=%s"
ROLE_REFUSED = "refused: user=%s role=%s command=%s"
UNKNOWN_SENDER = "message from unmapped channel: platform=%s channel=%s"
CHAT_LINKED = "chat linked: platform=%s channel=%s customer=%s"
SLACK_NAMES_NO_SCOPE = (
    "slack: users.info refused (%s; the app needs the %s scope): people who write are named "
    "by their Slack id (<@U…> in Slack) until the app is reinstalled with it"
)
