"""Metrics, structured logs with request ids, and secret redaction."""
