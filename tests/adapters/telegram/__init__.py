"""Telegram front end tests: pure helpers, and scenarios against a fake Bot API."""
