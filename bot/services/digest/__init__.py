"""Manager digests: figures for a period, a chart, and scheduled once-only delivery."""

from bot.services.digest.data import DigestData
from bot.services.digest.service import DigestService

__all__ = ["DigestData", "DigestService"]
