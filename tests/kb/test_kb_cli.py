"""The `kb check`, `kb eval` and `kb search` commands through the argparse hook."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from bot.kb.cli import add_kb_commands


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command")
    add_kb_commands(sub)
    args = parser.parse_args(argv)
    return args.func(args)


def write(root: Path, rel: str, text: str | bytes) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")


def test_check_reports_each_problem_with_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, "good.md", "# Good\n\nSee [the other](sub/other.md).\n")
    write(tmp_path, "sub/other.md", "# Other\n\nBack to [good](../good.md).\n")
    write(tmp_path, "bad-yaml.md", "---\ntitle: Fine\ntags: [a, b\n---\n# Body\n\ntext\n")
    write(tmp_path, "bad-type.md", "---\ntitle: Typed\ntags:\n  key: value\n---\ntext here\n")
    write(tmp_path, "empty.md", "---\ntitle: Nothing here\n---\n\n")
    write(tmp_path, "dup1.md", "# Same title\n\none\n")
    write(tmp_path, "dup2.md", "# Same title\n\ntwo\n")
    write(tmp_path, "links.md", "# Links\n\nline two\n\nGo to [missing](nowhere.md#part).\n")
    write(tmp_path, "latin1.md", "# Caf\xe9\n\nline\n\xff bad\n".encode("latin-1"))
    rc = run(["kb", "check", "--kb", str(tmp_path)])
    out = capsys.readouterr().out
    assert rc == 1
    assert "bad-yaml.md:3: error: invalid YAML front matter" in out
    assert "bad-type.md:3: error: front matter 'tags'" in out
    assert "empty.md:4: error: article is empty" in out
    assert "dup1.md:1: error: duplicate title" in out and "dup2.md:1: error: duplicate" in out
    assert "links.md:5: error: broken link to nowhere.md#part" in out
    assert "latin1.md:1: error: not valid UTF-8" in out
    assert "good.md" not in out.replace("../good.md", "")
    assert "sub/other.md" not in out


def test_check_reports_broken_links_in_list_items_and_quotes_not_in_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, "ok.md", "# Ok\n\ntext\n")
    write(
        tmp_path,
        "steps.md",
        "# Steps\n\n"
        "- First read [the guide](gone.md).\n"
        "- Then [this one](ok.md).\n"
        "  * nested [deeper](also-gone.md)\n"
        "> quoted [note](quoted-gone.md)\n"
        "```\n- [not a link](in-code.md)\n```\n",
    )
    assert run(["kb", "check", "--kb", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "steps.md:3: error: broken link to gone.md" in out
    assert "steps.md:5: error: broken link to also-gone.md" in out
    assert "steps.md:6: error: broken link to quoted-gone.md" in out
    assert "ok.md" not in out.replace("steps.md", "")
    assert "in-code.md" not in out


def test_check_clean_kb_exits_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, "a.md", "# A\n\nSee [b](b.md) and [web](https://example.com/x.md).\n")
    write(tmp_path, "b.md", "---\ntitle: B\ntags: [x]\n---\nbody\n")
    assert run(["kb", "check", "--kb", str(tmp_path)]) == 0
    assert "0 error(s)" in capsys.readouterr().out


def test_eval_json_prints_one_object(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    kb = tmp_path / "kb"
    write(kb, "billing/refunds.md", "# Refunds\n\nRefunds are paid back within 30 days.\n")
    write(kb, "accounts/password.md", "# Reset password\n\nUse the forgot password link.\n")
    queries = tmp_path / "q.jsonl"
    queries.write_text(
        json.dumps({"query": "how long do refunds take", "gold": ["billing/refunds.md"]})
        + "\n"
        + json.dumps({"query": "forgot my password", "gold": ["accounts/password.md"]})
        + "\n\n",
        encoding="utf-8",
    )
    rc = run(["kb", "eval", "--kb", str(kb), "--queries", str(queries), "--json"])
    out = capsys.readouterr().out.strip().splitlines()
    assert rc == 0 and len(out) == 1
    res = json.loads(out[0])
    assert set(res) == {
        "n",
        "recall@1",
        "recall@3",
        "recall@10",
        "mrr@10",
        "p50_ms",
        "p99_ms",
        "index_s",
    }
    assert res["n"] == 2 and res["recall@1"] == 1.0 and res["mrr@10"] == 1.0


def test_eval_plain_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path / "kb", "a.md", "# Alpha\n\nalpha text\n")
    q = tmp_path / "q.jsonl"
    q.write_text('{"query": "alpha", "gold": ["a.md"]}\n', encoding="utf-8")
    assert run(["kb", "eval", "--kb", str(tmp_path / "kb"), "--queries", str(q)]) == 0
    out = capsys.readouterr().out
    assert "mrr@10" in out and "recall@3" in out


def test_search_command_prints_hits(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, "refunds.md", "# Refunds\n\n## How long\n\nRefunds arrive within 30 days.\n")
    assert run(["kb", "search", "--kb", str(tmp_path), "how", "long", "refunds"]) == 0
    out = capsys.readouterr().out
    assert "refunds.md#how-long" in out and "within 30 days" in out


def test_check_and_search_take_the_kb_from_the_config(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, "articles/refunds.md", "# Refunds\n\n## How long\n\nRefunds take 30 days.\n")
    write(tmp_path, "articles/bad.md", "---\nupdated: 2024-13-45\n---\n# Bad date\n\ntext\n")
    write(tmp_path, "syn.yml", "- [money back, refund]\n")
    config = tmp_path / "conf" / "bot.yml"
    write(
        tmp_path,
        "conf/bot.yml",
        "reseller: {name: R}\n"
        "knowledge_base:\n"
        "  path: ../articles\n"
        "  synonyms: ../syn.yml\n"
        "  url_base: https://help.example.com/kb/\n",
    )
    assert run(["kb", "check", "--config", str(config)]) == 1
    out = capsys.readouterr().out
    assert "bad.md:2: error: front matter 'updated' '2024-13-45' is not a real date" in out
    # The synonym from the config's file finds the article; its link comes from url_base.
    assert run(["kb", "search", "--config", str(config), "money", "back"]) == 0
    out = capsys.readouterr().out
    assert "refunds.md" in out and "https://help.example.com/kb/refunds" in out


def test_the_global_config_flag_and_a_broken_config_are_handled(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.cli import main

    write(tmp_path, "kb/a.md", "# Alpha\n\nalpha text\n")
    write(tmp_path, "good.yml", "reseller: {name: R}\nknowledge_base: {path: kb}\n")
    assert main(["--config", str(tmp_path / "good.yml"), "kb", "check"]) == 0
    assert "0 error(s)" in capsys.readouterr().out
    write(tmp_path, "bad.yml", "reseller: {name: R}\nknowledge_base: {path: [kb}\n")
    assert main(["--config", str(tmp_path / "bad.yml"), "kb", "search", "alpha"]) == 2
    err = capsys.readouterr().err
    assert "configuration error" in err and "bad.yml" in err and "Traceback" not in err
    write(tmp_path, "missing.yml", "reseller: {name: R}\nknowledge_base: {path: nowhere}\n")
    assert main(["kb", "check", "--config", str(tmp_path / "missing.yml")]) == 2
    assert "nowhere: the KB folder does not exist" in capsys.readouterr().err


def test_check_reports_translation_problems_and_unknown_keys(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, "account/reset.md", "---\ntilte: Oops\n---\n# Reset\n\ntext\n")
    write(tmp_path, "ru/account/reset.md", "---\nlang: zh\n---\n# Сброс\n\nтекст\n")
    write(
        tmp_path,
        "ru/account/other.md",
        "---\ntranslation_key: account/reset\nlang: ru\n---\n# Другое\n\nтекст\n",
    )
    assert run(["kb", "check", "--kb", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "account/reset.md:2: warning: front matter key 'tilte' is not used" in out
    assert "ru/account/reset.md:1: error: lang is zh but the file is in the ru/ folder" in out
    assert "ru/account/other.md:1: warning: translation_key 'account/reset' differs" in out


def test_eval_question_mode_reports_each_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kb = tmp_path / "kb"
    write(kb, "billing/invoice.md", "# Download an invoice\n\nOpen Billing and download the PDF.\n")
    write(
        kb, "ru/billing/invoice.md", "# Скачать счёт\n\nОткройте раздел «Счета» и скачайте PDF.\n"
    )
    write(kb, "account/password.md", "# Reset a password\n\nUse the forgot password link.\n")
    invoice, password = ["billing/invoice.md"], ["account/password.md"]
    rows = [
        {"qid": "en-1", "lang": "en", "query": "download invoice pdf", "gold": invoice},
        {"qid": "ru-1", "lang": "ru", "query": "скачать счёт pdf", "gold": invoice},
        # Right family, but a Russian customer gets the English version: not right on top.
        {"qid": "ru-2", "lang": "ru", "query": "download invoice pdf", "gold": invoice},
        {"qid": "ru-3", "lang": "ru", "query": "forgot password link", "gold": password},
        {"qid": "en-2", "lang": "en", "query": "weather in paris tomorrow", "gold": []},
        {"qid": "en-3", "lang": "en", "query": "reset password", "gold": invoice},
        # Not judged yet: counts for "not sure" only; out_of_scope needs no judge.
        {"qid": "en-4", "lang": "en", "query": "reset the password please"},
        {"qid": "en-5", "lang": "en", "query": "printer at home", "topic": "out_of_scope"},
    ]
    questions = tmp_path / "dev.jsonl"
    questions.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    details = tmp_path / "details.jsonl"
    argv = ["kb", "eval", "--kb", str(kb), "--queries", str(questions), "--json"]
    assert run([*argv, "--details", str(details)]) == 0
    res = json.loads(capsys.readouterr().out.strip())
    en, ru = res["by_lang"]["en"], res["by_lang"]["ru"]
    assert en["n"] == 5 and en["judged"] == 4 and en["in_scope"] == 2
    assert en["right_on_top"] == 0.5  # the invoice question; "reset password" is judged wrong
    assert en["confidently_wrong"] == 0.25  # the password answer, of 4 judged
    assert en["not_sure"] == pytest.approx(2 / 5, abs=1e-3)  # weather, printer
    assert ru["n"] == 3 and ru["right_on_top"] == pytest.approx(2 / 3, abs=1e-3)
    assert ru["mrr@10"] == 1.0
    lines = [json.loads(x) for x in details.read_text(encoding="utf-8").splitlines()]
    assert [x["qid"] for x in lines] == [r["qid"] for r in rows]
    ru2 = next(x for x in lines if x["qid"] == "ru-2")
    # Written clearly in English, so answered in English: right family, wrong language.
    assert ru2["top_article"] == "billing/invoice.md" and not ru2["right_on_top"]
