"""Every word the bot says exists in every language, with the same blanks to fill in."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

LOCALES = Path(__file__).resolve().parents[2] / "templates" / "locales"
PLACEHOLDER = re.compile(r"\{(\w*)\}")


def load(lang: str) -> dict[str, str]:
    data = yaml.safe_load((LOCALES / f"{lang}.yml").read_text(encoding="utf-8"))
    return {str(k): str(v) for k, v in data.items()}


@pytest.mark.parametrize("lang", ["ru", "zh"])
def test_every_english_key_exists_in_the_language(lang: str) -> None:
    english, other = load("en"), load(lang)
    missing = [key for key in english if key not in other]
    assert missing == [], f"{lang}.yml lacks {missing}"
    unknown = [key for key in other if key not in english]
    assert unknown == [], f"{lang}.yml has keys en.yml does not: {unknown}"


@pytest.mark.parametrize("lang", ["ru", "zh"])
def test_every_translation_fills_the_same_placeholders(lang: str) -> None:
    english, other = load("en"), load(lang)
    differ = {
        key: (sorted(set(PLACEHOLDER.findall(text))), sorted(set(PLACEHOLDER.findall(other[key]))))
        for key, text in english.items()
        if key in other and set(PLACEHOLDER.findall(text)) != set(PLACEHOLDER.findall(other[key]))
    }
    assert differ == {}, f"{lang}.yml placeholders differ (en, {lang}): {differ}"


@pytest.mark.parametrize("lang", ["ru", "zh"])
def test_translations_are_written_in_the_language(lang: str) -> None:
    """A key copied over in English would pass the parity test; its words must be native."""
    script = {"ru": re.compile("[а-яё]", re.I), "zh": re.compile("[\u4e00-\u9fff]")}[lang]
    english, other = load("en"), load(lang)
    words = re.compile(r"\{\w*\}|<[^>]*>|/\w+|[A-Z]\w*|\W|\d")
    untranslated = [
        key
        for key, text in other.items()
        if words.sub("", english.get(key, "")) and not script.search(text)
    ]
    assert untranslated == [], f"{lang}.yml has English left in {untranslated}"
