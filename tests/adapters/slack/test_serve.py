"""``supportbot serve``: Slack is added from the environment; Socket Mode is selectable."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from bot import cli
from bot.adapters.slack import EVENTS_PATH, SlackFrontEnd
from bot.app import build_runtime
from bot.errors import ConfigError
from bot.server import build_front_ends
from bot.settings import Environment, choose_front_ends


def _with_env(dispatcher, **env: str) -> SimpleNamespace:  # type: ignore[no-untyped-def]
    """The running bot's dispatcher seen with another environment."""
    environment = Environment(**env)
    settings = dispatcher.settings.model_copy(
        update={"env": environment, "front_ends": choose_front_ends(None, environment)}
    )
    return SimpleNamespace(
        settings=settings, services=dispatcher.services, handle=dispatcher.handle
    )


def test_serve_defaults_to_loopback_port_8080() -> None:
    args = cli.build_parser().parse_args(["serve"])
    assert (args.host, args.port, args.socket_mode) == ("127.0.0.1", 8080, False)
    args = cli.build_parser().parse_args(["serve", "--socket-mode", "--port", "0"])
    assert args.socket_mode and args.port == 0


def test_slack_is_served_when_token_and_secret_are_set(slack_bot) -> None:
    front_ends = build_front_ends(slack_bot.dispatcher)
    assert [f.name for f in front_ends] == ["slack"]
    assert [r.path for r in front_ends[0].routes()] == [EVENTS_PATH]
    assert build_front_ends(_with_env(slack_bot.dispatcher)) == []


def test_socket_mode_replaces_the_http_route(slack_bot) -> None:
    dispatcher = _with_env(
        slack_bot.dispatcher,
        slack_bot_token="xoxb-x",
        slack_signing_secret="s",
        slack_app_token="xapp-x",
    )
    front_ends = cli.build_serve_front_ends(dispatcher, socket_mode=True)
    slack = [f for f in front_ends if f.name == "slack"]
    assert len(slack) == 1 and isinstance(slack[0], SlackFrontEnd)
    assert slack[0].socket_mode and slack[0].routes() == []


def test_socket_mode_without_an_app_token_names_the_variable(slack_bot) -> None:
    dispatcher = _with_env(slack_bot.dispatcher, slack_bot_token="xoxb-x")
    with pytest.raises(ConfigError, match="SLACK_APP_TOKEN"):
        SlackFrontEnd(build_runtime(dispatcher), socket_mode=True)  # type: ignore[arg-type]


def test_serve_runs_the_app_with_uvicorn(slack_bot, monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    import bot.app

    seen: dict = {}
    monkeypatch.setattr(bot.app, "build_dispatcher", lambda settings: slack_bot.dispatcher)
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(app=app, **kw))
    args = cli.build_parser().parse_args(["serve", "--port", "9999"])
    assert cli.cmd_serve(args) == 0
    assert (seen["host"], seen["port"]) == ("127.0.0.1", 9999)
    paths = {getattr(r, "path", None) for r in seen["app"].routes}
    assert {"/healthz", EVENTS_PATH} <= paths
