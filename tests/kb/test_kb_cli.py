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
