"""Config loading: bad keys stop start-up naming the key and the file; secrets stay hidden."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from bot.errors import ConfigError
from bot.settings import load_settings
from tests.factories import CONFIG


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "bad.yml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_loads_demo_config_shipped_with_the_project() -> None:
    settings = load_settings(Path("config/demo.yml"), environ={})
    assert settings.config.reseller.name
    assert settings.kb_path.is_dir()
    assert settings.database_url.startswith("sqlite:////")


def test_unknown_key_is_named_with_the_file(tmp_path: Path) -> None:
    path = _write(tmp_path, CONFIG.rstrip(" ") + "    colour: blue\n")
    with pytest.raises(ConfigError) as info:
        load_settings(path, environ={})
    assert info.value.key == "colour"
    assert str(path) in str(info.value)
    assert "unknown key" in str(info.value)


def test_nested_wrong_type_is_named(tmp_path: Path) -> None:
    text = CONFIG.replace("min_confidence: 0.35", "min_confidence: very")
    with pytest.raises(ConfigError) as info:
        load_settings(_write(tmp_path, text), environ={})
    assert info.value.key == "knowledge_base.min_confidence"


def test_customer_subscribed_to_unknown_service(tmp_path: Path) -> None:
    text = CONFIG.replace("services: [vms]", "services: [vms, teleport]")
    with pytest.raises(ConfigError) as info:
        load_settings(_write(tmp_path, text), environ={})
    assert info.value.key == "customers[1].services[1]"
    assert "teleport" in info.value.problem


def test_two_customers_cannot_share_a_channel(tmp_path: Path) -> None:
    text = CONFIG.replace("id: C_GLOBEX", "id: C_ACME")
    with pytest.raises(ConfigError) as info:
        load_settings(_write(tmp_path, text), environ={})
    assert info.value.key == "customers[1].channels[0]"


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_settings(_write(tmp_path, "reseller: [unclosed\n  name: x\n"), environ={})
    assert info.value.key.startswith("line ")


def test_missing_file_says_so(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_settings(tmp_path / "nope.yml", environ={})
    assert "no such file" in str(info.value)


def test_secrets_come_from_env_and_never_show_in_repr(config_file: Path) -> None:
    env = {"SLACK_BOT_TOKEN": "xoxb-very-secret", "DATABASE_URL": "sqlite:///:memory:"}
    settings = load_settings(config_file, environ=env)
    assert settings.env.slack_bot_token is not None
    assert settings.env.slack_bot_token.get_secret_value() == "xoxb-very-secret"
    assert "xoxb-very-secret" not in repr(settings)
    assert "xoxb-very-secret" not in str(settings.model_dump())
    assert settings.database_url == "sqlite:///:memory:"


def test_relative_paths_are_relative_to_the_config_file(config_file: Path) -> None:
    settings = load_settings(config_file, environ={})
    assert settings.kb_path == (config_file.parent / "kb").resolve()
    assert settings.database_url == f"sqlite:///{(config_file.parent / 'var/test.db').resolve()}"


def test_cli_reports_config_error_and_exits_2(tmp_path: Path, capsys) -> None:
    from bot.cli import main

    path = _write(tmp_path, CONFIG.replace("timezone: Europe/Moscow", "timezone: [x]"))
    assert main(["--config", str(path), "db", "upgrade"]) == 2
    err = capsys.readouterr().err
    assert "reseller.timezone" in err and str(path) in err


def test_unknown_time_zone_is_refused(tmp_path: Path) -> None:
    text = CONFIG.replace("timezone: Europe/Moscow", "timezone: Mars/Olympus")
    with pytest.raises(ConfigError) as info:
        load_settings(_write(tmp_path, text), environ={})
    assert info.value.key == "reseller.timezone"
    assert "Mars/Olympus" in info.value.problem
