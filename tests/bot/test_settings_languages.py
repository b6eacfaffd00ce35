"""The config's languages: service names and notes per language, and which language a
customer is written to (their own, else their chat's, else the reseller's default)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from bot.errors import ConfigError
from bot.languages import split_texts
from bot.settings import load_settings
from tests.factories import CONFIG

MAIL = "- {id: mail, name: Mail, keywords: [email, outlook]}"


def _load(tmp_path: Path, text: str):  # type: ignore[no-untyped-def]
    path = tmp_path / "languages.yml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return load_settings(path, environ={}).config


def test_service_names_and_a_note_per_language(tmp_path: Path) -> None:
    mail = (
        "- {id: mail, name: Mail, names: {ru: Почта, zh: 邮件}, keywords: [email],\n"
        "         note: {en: Slow today, ru: Сегодня медленно}}"
    )
    config = _load(tmp_path, CONFIG.replace(MAIL, mail))
    service = config.service("mail")
    assert service is not None
    assert [service.name_in(lang) for lang in ("en", "ru", "zh")] == ["Mail", "Почта", "邮件"]
    assert split_texts(service.note) == {"en": "Slow today", "ru": "Сегодня медленно"}


@pytest.mark.parametrize(
    ("mail", "key", "words"),
    [
        ("{id: mail, name: Mail, names: {de: Post}}", "services[0].names.de", "'en', 'ru' or 'zh'"),
        ("{id: mail, name: Mail, names: {ru: ''}}", "services[0].names.ru", "at least 1"),
        ("{id: mail, name: Mail, note: {fr: Lent}}", "services[0].note", "'en', 'ru' or 'zh'"),
    ],
)
def test_a_wrong_language_is_named(tmp_path: Path, mail: str, key: str, words: str) -> None:
    path = tmp_path / "bad.yml"
    path.write_text(textwrap.dedent(CONFIG.replace(MAIL, "- " + mail)), encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_settings(path, environ={})
    assert info.value.key.startswith(key), info.value.key
    assert words in info.value.problem and str(path) in str(info.value)


def test_the_language_a_customer_is_written_to(tmp_path: Path) -> None:
    text = CONFIG.replace(
        "channels: [{platform: slack, id: C_ACME}, ",
        "channels: [{platform: slack, id: C_ACME, language: zh}, ",
    ).replace(
        "  timezone: Europe/Moscow\n    database_url",
        "  timezone: Europe/Moscow\n      default_language: ru\n    database_url",
    )
    config = _load(tmp_path, text)
    assert config.language_of("acme", "slack", "C_ACME") == "zh"  # the chat's
    assert config.language_of("acme", "telegram", "-100") == "ru"  # the reseller's default
    assert config.language_of("globex", "slack", "C_GLOBEX") == "ru"  # the customer's own
    assert config.timezone_of("acme") == "Europe/Moscow"


def test_the_demo_names_its_services_and_its_note_in_every_language() -> None:
    config = load_settings(Path("config/demo.yml"), environ={}).config
    vpn = config.service("vpn")
    assert vpn is not None and set(split_texts(vpn.note)) == {"en", "ru", "zh"}
    assert vpn.name_in("zh") == "Azure VPN 网关"
