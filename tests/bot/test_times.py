"""One time formatter: the reader's zone, written as their language writes dates."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.times import format_when

EVENING = datetime(2026, 11, 24, 20, 30, tzinfo=UTC)  # the 24th in Moscow, the 25th in Shanghai


@pytest.mark.parametrize(
    ("tz", "lang", "shown"),
    [
        (None, "en", "2026-11-24 20:30 UTC"),
        ("Europe/Moscow", "en", "2026-11-24 23:30 MSK"),
        ("Europe/Moscow", "ru", "24.11.2026 23:30 MSK"),
        ("Asia/Shanghai", "zh", "2026年11月25日 04:30（UTC+8）"),
        ("Asia/Shanghai", "en", "2026-11-25 04:30 CST"),
        ("Asia/Yekaterinburg", "ru", "25.11.2026 01:30 UTC+5"),  # no letters: the offset
        ("Asia/Kolkata", "zh", "2026年11月25日 02:00（UTC+5:30）"),
        ("Europe/Moscow", "de", "2026-11-24 23:30 MSK"),  # a language we don't write: English
    ],
)
def test_a_moment_in_each_zone_and_language(tz: str | None, lang: str, shown: str) -> None:
    assert format_when(EVENING, tz=tz, lang=lang) == shown


def test_iso_text_from_the_outbox_and_nothing() -> None:
    assert format_when("2026-11-24T20:30:00+00:00", tz="Asia/Shanghai", lang="ru") == (
        "25.11.2026 04:30 CST"
    )
    assert format_when("2026-11-24T20:30:00", lang="en") == "2026-11-24 20:30 UTC"  # naive: UTC
    assert format_when(None) == "" and format_when("") == ""


def test_an_explicit_pattern_is_kept_in_the_zone() -> None:
    assert format_when(EVENING, "%Y-%m-%d", tz="Asia/Shanghai") == "2026-11-25"
