"""Handlers: thin functions (message, ctx) → Reply that call services."""
