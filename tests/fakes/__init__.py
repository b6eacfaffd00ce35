"""Fake platform APIs for tests (loopback only)."""
