"""The console front end: a chat with the bot in a terminal, or over a pipe."""

from bot.adapters.console.adapter import ConsoleAdapter, persona_message

__all__ = ["ConsoleAdapter", "persona_message"]
