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


def test_a_digest_goes_to_a_known_platform_or_e_mail(tmp_path: Path) -> None:
    digests = "digests:\n      - name: daily\n        recipient: {platform: %s, id: C0MGR}\n"
    loaded = load_settings(_write(tmp_path, CONFIG + digests % "telegram"), environ={})
    assert loaded.config.digests[0].recipient.platform == "telegram"
    error = _load_error(tmp_path, CONFIG + digests % "teams")
    assert error.key == "digests[0].recipient.platform"
    assert "'slack', 'telegram', 'email'" in error.problem


# -- kinds: health checks, upstream providers, front ends --------------------------------


def _load_error(tmp_path: Path, text: str) -> ConfigError:
    path = _write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_settings(path, environ={})
    assert str(path) in str(info.value)
    return info.value


def _with_checks(checks: str) -> str:
    return CONFIG.replace(
        "- {id: vms, name: Virtual machines}",
        "- {id: vms, name: Virtual machines, checks: [" + checks + "]}",
    )


@pytest.mark.parametrize(
    ("checks", "key", "words"),
    [
        ('{kind: http, url: "ftp://x.example/"}', "services[2].checks[0].url", "http://"),
        ("{kind: http}", "services[2].checks[0].url", "required"),
        ("{kind: tcp, host: db.example}", "services[2].checks[0].port", "required"),
        ("{kind: tcp, host: db.example, port: 70000}", "services[2].checks[0].port", "65535"),
        (
            '{kind: statuspage, url: "https://status.example/api/v2/summary.json"}',
            "services[2].checks[0].component",
            "required",
        ),
        ('{kind: feed, url: "https://x.example/rss", feed_state: sunny}', "", "feed_state"),
        ('{kind: manual, url: "https://x.example/"}', "services[2].checks[0].url", "unknown key"),
        ("{kind: manual}, {kind: gopher}", "services[2].checks[1].kind", "one of: http, tcp"),
        ('{url: "https://x.example/"}', "services[2].checks[0].kind", "missing; one of: http"),
    ],
    ids=[
        "http-url",
        "http-no-url",
        "tcp-port",
        "tcp-range",
        "statuspage",
        "feed",
        "manual",
        "unknown-kind",
        "no-kind",
    ],
)
def test_each_check_kind_names_its_own_key(tmp_path: Path, checks: str, key: str, words: str):
    error = _load_error(tmp_path, _with_checks(checks))
    if key:
        assert error.key == key
    else:
        assert error.key.startswith("services[2].checks[0].")
    assert words in str(error)


def test_every_check_kind_loads(tmp_path: Path) -> None:
    checks = (
        '{kind: http, url: "https://x.example/health", expect_text: ok}, '
        "{kind: tcp, host: x.example, port: 443}, "
        '{kind: statuspage, url: "https://s.example/api/v2/summary.json", component: Mail}, '
        '{kind: feed, url: "https://s.example/history.rss", match: mail}, {kind: manual}'
    )
    settings = load_settings(_write(tmp_path, _with_checks(checks)), environ={})
    loaded = settings.config.service("vms").checks
    assert [c.kind for c in loaded] == ["http", "tcp", "statuspage", "feed", "manual"]
    assert [c.probed for c in loaded] == [True, True, True, True, False]


UPSTREAM_MANUAL = """\
      kind: manual
      portal_url: https://portal.provider.example/support
"""


def _with_upstream(block: str) -> str:
    return CONFIG.replace(UPSTREAM_MANUAL, textwrap.indent(textwrap.dedent(block), "      "))


@pytest.mark.parametrize(
    ("block", "key", "words"),
    [
        ("kind: email\nemail_from: a@b.example\n", "upstream.email_to", "required"),
        ("kind: webhook\n", "upstream.webhook_url", "required"),
        ("kind: webhook\nwebhook_url: cases.example\n", "upstream.webhook_url", "http://"),
        ("kind: manual\nwebhook_url: https://x.example\n", "upstream.webhook_url", "unknown key"),
        ("kind: carrier-pigeon\n", "upstream.kind", "one of: manual, email, webhook"),
    ],
    ids=["email", "webhook", "webhook-url", "manual-extra", "unknown-kind"],
)
def test_each_provider_kind_names_its_own_key(tmp_path: Path, block: str, key: str, words: str):
    error = _load_error(tmp_path, _with_upstream(block))
    assert error.key == key
    assert words in error.problem


def test_each_provider_kind_loads_and_manual_is_the_default(tmp_path: Path) -> None:
    blocks = {
        "email": "kind: email\nemail_to: cases@p.example\nemail_from: esc@r.example\n",
        "webhook": "kind: webhook\nwebhook_url: https://p.example/cases\n",
        "manual": "portal_url: https://portal.provider.example/\n",
    }
    for kind, block in blocks.items():
        path = tmp_path / f"{kind}.yml"
        path.write_text(textwrap.dedent(_with_upstream(block)), encoding="utf-8")
        upstream = load_settings(path, environ={}).config.upstream
        assert upstream is not None and upstream.kind == kind and upstream.label == "21Vianet"


def test_front_ends_come_from_the_environment_or_the_config(tmp_path: Path) -> None:
    env = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "TELEGRAM_BOT_TOKEN": "1:x"}
    path = _write(tmp_path, CONFIG)
    assert load_settings(path, environ={}).front_ends == ()
    found = load_settings(path, environ=env).front_ends
    assert [(f.kind, f.mode) for f in found] == [("slack", "events"), ("telegram", "webhook")]
    chosen = _write(
        tmp_path, CONFIG.rstrip(" ") + "    front_ends: [{kind: telegram, mode: polling}]\n"
    )
    assert [(f.kind, f.mode) for f in load_settings(chosen, environ=env).front_ends] == [
        ("telegram", "polling")
    ]


@pytest.mark.parametrize(
    ("entries", "key", "words"),
    [
        ("[{kind: teams}]", "front_ends[0].kind", "one of: slack, telegram"),
        ("[{kind: slack, mode: rtm}]", "front_ends[0].mode", "events"),
        ("[{kind: slack}, {kind: slack}]", "front_ends[1].kind", "duplicate"),
    ],
    ids=["unknown-kind", "bad-mode", "twice"],
)
def test_front_end_mistakes_name_the_key(tmp_path: Path, entries: str, key: str, words: str):
    error = _load_error(tmp_path, CONFIG.rstrip(" ") + f"    front_ends: {entries}\n")
    assert error.key == key and words in error.problem


# -- customers: tenants, domains, their own time zone -------------------------------------

ACME_SERVICES = "services: [mail, vpn]\n"


def _acme(extra: str) -> str:
    return CONFIG.replace(ACME_SERVICES, ACME_SERVICES + textwrap.indent(extra, " " * 8), 1)


@pytest.mark.parametrize(
    ("extra", "key", "words"),
    [
        ("tenants: [{id: not-a-guid}]\n", "customers[0].tenants[0].id", "GUID"),
        (
            "tenants: [{id: 3f6d2b1e-8c4a-4e2f-9b7d-1a2b3c4d5e6f, domain: 'a b'}]\n",
            "customers[0].tenants[0].domain",
            "pattern",
        ),
        ("domains: [acme]\n", "customers[0].domains[0]", "pattern"),
        ("timezone: Asia/Beijing\n", "customers[0].timezone", "Asia/Beijing"),
    ],
    ids=["guid", "tenant-domain", "domain", "timezone"],
)
def test_customer_identity_mistakes_name_the_key(tmp_path: Path, extra: str, key: str, words):
    error = _load_error(tmp_path, _acme(extra))
    assert error.key == key and words in error.problem


def test_a_tenant_belongs_to_one_customer(tmp_path: Path) -> None:
    tenant = "tenants: [{id: 3F6D2B1E-8C4A-4E2F-9B7D-1A2B3C4D5E6F}]\n"
    text = _acme(tenant).replace(
        "services: [vms]\n", "services: [vms]\n" + " " * 8 + tenant.lower()
    )
    error = _load_error(tmp_path, text)
    assert error.key == "customers[1].tenants[0].id" and "acme" in error.problem


def test_customers_carry_tenants_domains_and_their_time_zone(tmp_path: Path) -> None:
    extra = (
        "tenants: [{id: 3F6D2B1E-8C4A-4E2F-9B7D-1A2B3C4D5E6F, domain: acme.partner.onmschina.cn}]\n"
        "domains: [acme.cn]\ntimezone: Asia/Shanghai\n"
    )
    config = load_settings(_write(tmp_path, _acme(extra)), environ={}).config
    acme = config.customer("acme")
    assert acme is not None
    assert acme.tenants[0].id == "3f6d2b1e-8c4a-4e2f-9b7d-1a2b3c4d5e6f"
    assert acme.domains == ["acme.cn"]
    assert config.timezone_of("acme") == "Asia/Shanghai"
    assert config.timezone_of("globex") == "Europe/Moscow"  # the reseller's


def test_the_demo_config_is_a_complete_set_up() -> None:
    config = load_settings(Path("config/demo.yml"), environ={}).config
    assert config.reseller.timezone == "Asia/Shanghai"
    assert config.upstream is not None and config.upstream.kind == "manual"
    assert config.upstream.label == "21Vianet" and config.upstream.portal_url
    assert config.engineers_channels and config.managers_channels and config.digests
    assert all(c.tenants and c.domains for c in config.customers)
    names = {s.id: s.name for s in config.services}
    assert "Exchange Online (Outlook)" in names.values() and "vpn" in names


def test_every_public_settings_name_still_imports() -> None:
    import bot.settings

    for name in bot.settings.__all__:
        assert getattr(bot.settings, name) is not None


@pytest.mark.parametrize(
    ("block", "names"),
    [
        ("kind: manual\n", ("21Vianet", "21Vianet", "世纪互联")),
        ("kind: manual\ndisplay_name: 21Vianet\n", ("21Vianet", "21Vianet", "世纪互联")),
        ("kind: manual\ndisplay_name: Northwind Cloud\n", ("Northwind Cloud",) * 3),
        (
            "kind: manual\ndisplay_name: {en: Blue Cloud, zh: 蓝云}\n",
            ("Blue Cloud", "Blue Cloud", "蓝云"),
        ),
    ],
    ids=["default", "21vianet-in-english", "one-name", "per-language"],
)
def test_the_providers_name_per_language(
    tmp_path: Path, block: str, names: tuple[str, str, str]
) -> None:
    path = _write(tmp_path, _with_upstream(block))
    upstream = load_settings(path, environ={}).config.upstream
    assert upstream is not None
    assert tuple(upstream.name_in(lang) for lang in ("en", "ru", "zh")) == names


@pytest.mark.parametrize(
    "value", ["{fr: Vianet}", "{zh: ''}", "'21Vianet | evil'"], ids=["language", "empty", "bar"]
)
def test_a_bad_provider_name_names_its_key(tmp_path: Path, value: str) -> None:
    error = _load_error(tmp_path, _with_upstream(f"kind: manual\ndisplay_name: {value}\n"))
    assert error.key == "upstream.display_name" and "one per language" in error.problem
