"""The KB as the bot serves it: refuses a missing folder, reports problems for /readyz,
keeps a broken file's last good version, and answers in the customer's language."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.cli import main
from bot.clock import utc_now
from bot.db import create_db_engine, upgrade
from bot.db.models import KbQuestion
from bot.enums import Role
from bot.errors import ConfigError
from bot.messages import Actor
from bot.services.knowledge import KnowledgeService
from tests.databases import database_url_for


def write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    st = path.stat()  # a later mtime, so a rewrite within the same tick is still seen
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 2_000_000_000))
    return path


GOOD = "---\ntitle: Reset a password\n---\n# Reset a password\n\nUse the kestrel link.\n"


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    for url in database_url_for(request.param, tmp_path / "var"):
        engine = create_db_engine(url)
        upgrade(engine)
        yield engine
        engine.dispose()


def service(root: Path, engine: Engine, **kw: object) -> KnowledgeService:
    return KnowledgeService(
        root, engine=engine, clock=utc_now, min_confidence=0.35, reload_seconds=0, **kw
    )


def test_a_missing_or_empty_folder_stops_start_up_naming_it(tmp_path: Path) -> None:
    engine = create_db_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with pytest.raises(ConfigError) as missing:
        service(tmp_path / "no-such-kb", engine)
    assert str(tmp_path / "no-such-kb") in str(missing.value)
    assert "knowledge_base.path" in str(missing.value)
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.txt").write_text("not an article", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"no \.md articles"):
        service(tmp_path / "empty", engine)


def test_the_cli_prints_the_missing_folder_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "bot.yml"
    config.write_text(
        "reseller: {name: R}\n"
        f"database_url: sqlite:///{tmp_path / 'var' / 'db.sqlite3'}\n"
        "knowledge_base: {path: nowhere}\n",
        encoding="utf-8",
    )
    assert main(["--config", str(config), "sla", "scan"]) == 2
    err = capsys.readouterr().err
    assert "configuration error" in err and str(tmp_path / "nowhere") in err
    assert "Traceback" not in err


def test_status_names_each_problem_and_a_broken_file_keeps_serving(
    tmp_path: Path, engine: Engine
) -> None:
    kb = tmp_path / "kb"
    page = write(kb, "account/password.md", GOOD)
    write(kb, "broken.md", "---\ntitle: [unclosed\n---\n# Broken\n\ntext\n")
    svc = service(kb, engine)
    status = svc.status()
    assert status.articles == 1 and status.errors == 1
    assert status.issues[0]["path"] == "broken.md" and status.issues[0]["severity"] == "error"
    actor = Actor(role=Role.CUSTOMER, user_id="u1", customer_id="acme")
    assert svc.ask(actor, "kestrel link").answer.best.article_id == "account/password.md"

    # A YAML typo made while the bot serves: the last good version keeps answering.
    write(kb, "account/password.md", GOOD.replace("title: Reset", "title: [Reset"))
    answer = svc.ask(actor, "kestrel link").answer
    assert answer.confident and answer.best.title == "Reset a password"
    status = svc.status()
    named = [i for i in status.issues if i["path"] == "account/password.md"]
    assert any("invalid YAML" in str(i["message"]) for i in named)
    assert any("last good version" in str(i["message"]) for i in named)
    assert status.articles == 1

    write(kb, "account/password.md", GOOD.replace("kestrel", "falcon"))
    assert svc.ask(actor, "falcon link").answer.best.article_id == "account/password.md"
    assert [i["path"] for i in svc.status().issues] == ["broken.md"]
    assert page.exists()


def test_without_a_configured_threshold_the_calibrated_one_decides(
    tmp_path: Path, engine: Engine
) -> None:
    write(tmp_path, "account/password.md", GOOD)
    write(tmp_path, "billing/pay.md", "# Pay an invoice\n\nPay by bank transfer.\n")
    svc = KnowledgeService(
        tmp_path, engine=engine, clock=utc_now, min_confidence=None, reload_seconds=0
    )
    actor = Actor(role=Role.CUSTOMER, user_id="u1", customer_id="acme", language="en")
    threshold = svc.knowledge_base.calibration.threshold
    for question in ("kestrel link", "reset a password", "weather in paris"):
        answer = svc.ask(actor, question).answer
        assert answer.confident == (answer.best is not None and answer.confidence >= threshold)


def test_questions_are_answered_in_the_customers_language(tmp_path: Path, engine: Engine) -> None:
    kb = tmp_path / "kb"
    write(kb, "backup/vss.md", "# VSS snapshot failed\n\nRestart the VSS writer service.\n")
    write(
        kb,
        "ru/backup/vss.md",
        "---\nlang: ru\n---\n# Ошибка VSS snapshot failed\n\nПерезапустите службу VSS writer.\n",
    )
    write(kb, "account/password.md", GOOD)
    write(kb, "ru/account/password.md", "# Сброс пароля\n\nСсылка kestrel.\n")
    svc = service(kb, engine)
    russian = Actor(role=Role.CUSTOMER, user_id="u1", customer_id="acme", language="ru")
    english = Actor(role=Role.CUSTOMER, user_id="u2", customer_id="acme", language="en")
    # Mixed scripts count as the configured language.
    mixed = svc.ask(russian, "Ошибка: VSS snapshot failed").answer
    assert mixed.lang == "ru" and mixed.best.article_id == "ru/backup/vss.md"
    assert svc.ask(english, "Ошибка: VSS snapshot failed").answer.best.article_id == (
        "backup/vss.md"
    )
    # A question clearly written in another of our languages is answered in it.
    clear = svc.ask(english, "как сбросить пароль").answer
    assert clear.lang == "ru" and clear.best.article_id == "ru/account/password.md"
    with Session(engine) as session:
        langs = [q.lang for q in session.exec(select(KbQuestion).order_by(KbQuestion.id))]
    assert langs == ["ru", "en", "ru"]


def test_embeddings_are_cached_beside_a_sqlite_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.services.kb_setup import embeddings_cache_for

    monkeypatch.delenv("SUPPORTBOT_KB_CACHE", raising=False)
    db = tmp_path / "var" / "bot.db"
    assert embeddings_cache_for(f"sqlite:///{db}") == db.parent / "kb-embeddings.sqlite3"
    assert embeddings_cache_for("postgresql+psycopg://u@h/db") is None  # the user's cache
    monkeypatch.setenv("SUPPORTBOT_KB_CACHE", "off")
    assert embeddings_cache_for(f"sqlite:///{db}") is None  # the variable decides
