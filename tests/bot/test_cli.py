"""The command line a newcomer meets: help, exit codes, pipes, and what serve says."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot import cli
from tests.factories import ARTICLES


def _run(args: list[str], env: dict[str, str], *, close_stdout: bool = False):  # type: ignore[no-untyped-def]
    """``python -m bot.cli ARGS`` in a child process; (exit code, stdout, stderr)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "SUPPORTBOT_KB_SEMANTIC": "0", **env},
    )
    if close_stdout:  # the reader went away, as `| head` does
        assert proc.stdout is not None
        proc.stdout.close()
        out = b""
        err = proc.stderr.read() if proc.stderr else b""
    else:
        out, err = proc.communicate(timeout=120)
    return proc.wait(timeout=120), out.decode(), err.decode()


def test_help_reads_cleanly(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        cli.main(["--help"])
    assert done.value.code == 0
    text = capsys.readouterr().out
    assert "``" not in text and "{chat," not in text
    for command in ("chat", "serve", "health", "digest", "sla", "db", "kb"):
        assert f"\n    {command} " in text
    assert "examples:" in text and "supportbot health --check" in text


def test_health_help_documents_the_exit_status(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["health", "--help"])
    assert "exit 1" in capsys.readouterr().out


def test_health_check_fails_while_a_service_is_not_operational(
    config_file: Path, tmp_path: Path
) -> None:
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}"}
    base = ["--config", str(config_file), "health"]
    code, out, _err = _run(base, env)
    assert code == 0 and "VPN gateway" in out  # printing states is not a check
    code, out, _err = _run([*base, "--check"], env)
    assert code == 1 and "degraded" in out  # the test config's VPN is degraded


def test_health_check_passes_when_everything_is_operational(
    config_file: Path, tmp_path: Path
) -> None:
    text = config_file.read_text(encoding="utf-8").replace(
        "status: degraded", "status: operational"
    )
    config_file.write_text(text, encoding="utf-8")
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}"}
    code, _out, _err = _run(["--config", str(config_file), "health", "--check"], env)
    assert code == 0


def test_the_first_digest_on_a_fresh_database_shows_the_open_incident(
    config_file: Path, tmp_path: Path
) -> None:
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.db'}"}
    code, out, err = _run(["--config", str(config_file), "digest"], env)
    assert code == 0, err
    # the test config's VPN is degraded: an open incident from the first run on
    assert "VPN gateway" in out


def test_a_closed_pipe_ends_quietly(config_file: Path, tmp_path: Path) -> None:
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}"}
    code, _out, err = _run(
        ["--config", str(config_file), "health", "--json"], env, close_stdout=True
    )
    assert "Traceback" not in err and "BrokenPipe" not in err
    assert code == 141


@pytest.mark.parametrize("command", [["chat"], ["serve", "--port", "0"]])
def test_a_missing_kb_folder_stops_start_up_naming_it(
    config_file: Path, tmp_path: Path, command: list[str]
) -> None:
    text = config_file.read_text(encoding="utf-8").replace("path: kb", "path: knowledge")
    config_file.write_text(text, encoding="utf-8")
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}"}
    code, _out, err = _run(["--config", str(config_file), *command], env)
    assert code == 2
    assert "knowledge_base.path" in err and str(tmp_path / "knowledge") in err
    assert "Traceback" not in err


def test_serve_says_what_it_serves(
    config_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd
) -> None:
    import uvicorn

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'serve.db'}")
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456789:AAH-fake_token_for_tests_0123456789abc")
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: None)
    try:
        code = cli.main(["--config", str(config_file), "serve", "--port", "8099"])
    finally:
        logging.getLogger().handlers.clear()
        logging.getLogger("bot").setLevel(logging.NOTSET)
    assert code == 0
    err = capfd.readouterr().err
    assert "serving Test Reseller on http://127.0.0.1:8099" in err
    assert "knowledge base:" in err and f"{len(ARTICLES)} articles" in err
    assert "front ends: telegram (webhook at /telegram/webhook" in err
    assert "upstream provider: 21Vianet (manual; no signed updates" in err
    assert "AAH-fake_token" not in err
