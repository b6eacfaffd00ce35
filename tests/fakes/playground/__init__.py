"""Try the bot in Slack and Telegram without a workspace: ``make playground``.

The fake Slack and Telegram servers of the tests (``tests/fakes``) run on 127.0.0.1 and
the real bot is wired to them, so every line typed here reaches slack-bolt and
python-telegram-bot exactly as the platforms would send it, and everything the bot calls
is printed as the person reading it would see it (``main.py`` starts it, ``cli.py`` does each line).
"""
