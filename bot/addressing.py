"""Whether free text is for the bot: how it was said, and what the chat's mode answers."""

from __future__ import annotations

from bot.enums import Addressing, AnswerMode
from bot.messages import InboundMessage
from bot.settings import Config


def meant_for_bot(message: InboundMessage, config: Config) -> bool:
    """True when the bot should answer ``message`` as a question (or refuse a stranger).

    Buttons and messages addressed to the bot always are; a message said in the open
    is where the chat answers every question (``customers[].channels[].answers``);
    people talking among themselves never are. Commands are decided by the router.
    """
    if message.action_id is not None or message.addressing is Addressing.DIRECT:
        return True
    if message.addressing is Addressing.ASIDE:
        return False
    return config.answer_mode(str(message.platform), message.channel) is AnswerMode.ALL
