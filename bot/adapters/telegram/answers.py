"""Where the core's answer to a Telegram update goes: the chat it came from, or, for a
staff-only answer in a chat shared with a customer, the staff member's private chat.

Telegram has no message only one member of a group sees. A private answer (a staff
member's ``/tickets`` in a customer's group) is therefore sent to the person's private
chat with the bot (a private chat's id is the user's id), and the group is only told,
without any of the answer, where it went (in the group's language). A staff member who
never opened that chat gets nothing there (Telegram refuses the first message), which
the group note says.
"""

from __future__ import annotations

from bot.adapters.outbox_pump import ANSWER
from bot.enums import Platform
from bot.messages import (
    BUTTONS_LEFT,
    CHAT_LANG,
    PROMPT_ANSWERED,
    Notice,
    Reply,
    buttons_left,
    with_buttons_left,
)

from .inbound import Incoming
from .render import OPEN_PROMPT

PLATFORM = str(Platform.TELEGRAM)
# Said in the group when the answer went to the asker's private chat.
SENT_PRIVATELY = "private_answer_sent"


def answer_notices(incoming: Incoming, reply: Reply) -> list[tuple[Notice, str]]:
    """The notices that deliver ``reply``, each with its outbox key (from the update's id,
    so handling the update again after a crash queues nothing new)."""
    message = incoming.message
    key = f"telegram:{message.delivery_id}"
    in_private_chat = str(incoming.target.chat_id) == message.user
    if not reply.private or in_private_chat:
        return [(_in_chat(incoming, reply), key)]
    privately = Notice(PLATFORM, message.user, reply, options={ANSWER: True})
    note = Reply(kind=SENT_PRIVATELY, lang=reply.data.get(CHAT_LANG, reply.lang))
    if BUTTONS_LEFT in reply.data:  # the note goes where the press was: so do the buttons
        note = with_buttons_left(note, buttons_left(reply))
    return [(privately, f"{key}:private"), (_in_chat(incoming, note), key)]


def _in_chat(incoming: Incoming, reply: Reply) -> Notice:
    """The answer, where it goes: the chat and topic, quoting the message it answers,
    and the pressed keyboard to remove (rendered when sent)."""
    target = incoming.target
    options: dict[str, object] = {ANSWER: True}
    if target.reply_to is not None:
        options["reply_to"] = target.reply_to
    if incoming.pressed_message_id is not None:
        options["pressed_message_id"] = incoming.pressed_message_id
    elif reply.data.get(PROMPT_ANSWERED) and incoming.replied_keyboard_id is not None:
        options["pressed_message_id"] = incoming.replied_keyboard_id  # answered by typing
    elif reply.data.get(PROMPT_ANSWERED):  # typed without replying ("c", /cancel)
        options[OPEN_PROMPT] = True
    topic = str(target.thread_id) if target.thread_id is not None else None
    return Notice(PLATFORM, str(target.chat_id), reply, thread=topic, options=options)
