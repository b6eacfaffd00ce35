"""Odd files never stall or break the KB: pathological markdown indexes in linear time,
and front matter of any shape is served with what is valid or skipped, always named."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from bot.kb import KnowledgeBase
from bot.kb.check import check_directory
from bot.kb.markdown import clean_markdown, parse_article

ROOT = Path(__file__).resolve().parents[2]
PROBE = "zebrafinch"  # a word placed after the pathological part: found = fully indexed

# Each of these made the old cleaner backtrack for minutes (regexes whose \s* runs
# spanned lines, or whose lazy/negated runs rescanned to the end from every opener).
PATHOLOGICAL = {
    "blank-lines": "# Blank lines\n\n| a | b |\n" + "\n" * 10_000 + "|--|--| x\n[!INCLUDE x\n",
    "dash-pipe-line": "# Dashes\n\n" + "| -- " * 200_000 + "|-" * 100_000 + " x\n",
    "trailing-spaces": "# Spaces\n\n| --"
    + " " * 300_000
    + "x\n\n#   Title"
    + " \t" * 100_000
    + "x\n",
    "nested-lists-and-quotes": "# Nested\n\n"
    + "".join("  " * i + "- item\n" for i in range(1000))
    + "".join("> " * i + "quote\n" for i in range(1000)),
    "unclosed-openers": "# Openers\n\n"
    + "[a](" * 200_000
    + "\n"
    + "<!--" * 100_000
    + "{%" * 100_000,
    "five-megabytes": "# Big\n\n"
    + ("Install the client, import the profile and connect to the gateway. " * 12 + "\n\n") * 6_500,
}

CHILD = """
import json, sys
from pathlib import Path
from bot.kb import KnowledgeBase
kb = KnowledgeBase.from_directory(Path(sys.argv[1]), semantic=False)
ans = kb.answer(sys.argv[2])
print(json.dumps({"hits": [h.article_id for h in kb.search(sys.argv[2])],
                  "sections": [len(a.sections) for a in kb.articles],
                  "issues": [str(i) for i in kb.issues]}))
"""


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_pathological_markdown_is_indexed_whole(name: str, tmp_path: Path) -> None:
    text = PATHOLOGICAL[name] + f"\n\n## Last words\n\nThe {PROBE} note closes the page.\n"
    assert len(text) > 10_000
    (tmp_path / f"{name}.md").write_text(text, encoding="utf-8")
    # A child process, so that a regression that backtracks for hours fails this test
    # at the timeout instead of hanging the suite (a regex holds the GIL: no thread can).
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(tmp_path), PROBE],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        check=True,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["hits"] == [f"{name}.md"]
    assert result["issues"] == []


def test_noise_is_removed_and_text_kept() -> None:
    text = (
        "Intro <!-- hidden --> kept {% raw %}and {{ var }} too.\n"
        "> [!NOTE]\n"
        "> Notes keep their text.\n"
        "[!INCLUDE [shared](../includes/x.md)]\n"
        "| Setting | Value |\n"
        "|:--|--:|\n"
        "| Link | 1 hour |\n"
        "An open <!-- comment stays as written\n"
    )
    out = clean_markdown(text)
    assert "hidden" not in out and "raw" not in out and "var" not in out
    assert "Intro  kept and  too." in out
    assert "[!NOTE]" not in out and "> Notes keep their text." in out
    assert "INCLUDE" not in out
    assert ":--" not in out and "| Link | 1 hour |" in out
    assert "An open <!-- comment stays as written" in out


def test_placeholders_in_code_are_kept_while_tags_outside_go(tmp_path: Path) -> None:
    """A console walkthrough read "compare nslookup   with nslookup   114.114.114.114":
    the `<name>` placeholders had been taken for HTML tags."""
    text = (
        "Compare `nslookup <name>` with `nslookup <name> 114.114.114.114`, <b>then</b> ask.\n"
        '```\nping <host>\n```\n<div class="note">Done.</div>'
    )
    cleaned = clean_markdown(text)
    assert "`nslookup <name>` with `nslookup <name> 114.114.114.114`" in cleaned
    assert "ping <host>" in cleaned
    assert "<b>" not in cleaned and "<div" not in cleaned and "then" in cleaned
    (tmp_path / "dns.md").write_text(
        "---\ntitle: Office DNS answers differently\n---\n# Office DNS answers differently\n\n"
        + text,
        encoding="utf-8",
    )
    kb = KnowledgeBase.from_directory(tmp_path, semantic=False)
    answer = kb.answer("office dns answers differently", min_confidence=0.0)
    assert answer.best is not None and "nslookup <name> 114.114.114.114" in answer.excerpt


def test_atx_headings_follow_commonmark() -> None:
    text = "# Title\n\n## Use C#\n\ntext\n\n## Closed ##\n\nmore\n\n## Anchored {#custom}\n\nx\n"
    art, _ = parse_article("h.md", text)
    assert art is not None
    assert [s.heading for s in art.sections] == ["Use C#", "Closed", "Anchored"]


def write(root: Path, rel: str, text: str | bytes) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


BODY = "# Sign-in help\n\nUse the kestrel portal to sign in.\n"
# Values of every type and shape an author can type by mistake; the file still serves.
SERVED_WITH_AN_ERROR = {
    "impossible-date": ("updated: 2024-13-45", "updated"),
    "date-as-list": ("updated: [2024-01-01]", "updated"),
    "title-as-list": ("title: [a, b]", "title"),
    "title-as-mapping": ("title: {en: Hello}", "title"),
    "tags-as-mapping": ("tags: {a: b}", "tags"),
    "aliases-with-junk": ("aliases: [ok, [nested], {a: b}]", "aliases"),
    "huge-integer": ("updated: " + "9" * 5000, "updated"),
    "infinite-float": ("title: 1.0e+999", "title"),
    "binary-title": ("title: !!binary aGVsbG8=", "title"),
    "unknown-language": ("lang: klingon", "lang"),
    "bad-translation-key": ('translation_key: "Not A Key!"', "translation_key"),
    "url-without-scheme": ("url: kb.example/x", "url"),
    "products-as-number": ("products: 42", "products"),
    "audience-as-list": ("audience: [customer]", "audience"),
}
# YAML that cannot be read at all: the file is skipped (and named).
SKIPPED = {
    "unclosed-list": "tags: [a, b",
    "bad-indent": "title: x\n  - y\n bad: [",
    "unhashable-key": "? [a, b]\n: c",
    "deep-nesting": "tags: " + "[" * 5000 + "]" * 5000,
    "control-character": "title: a\x07b",
    "python-object": "title: !!python/object:os.system echo",
    "not-a-mapping": "- just\n- a list",
}


@pytest.mark.parametrize("name", sorted(SERVED_WITH_AN_ERROR))
def test_a_bad_front_matter_value_is_dropped_and_named(
    name: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    line, key = SERVED_WITH_AN_ERROR[name]
    write(tmp_path, f"{name}.md", f"---\n{line}\ncategory: account\n---\n{BODY}")
    write(tmp_path, "other.md", "# Other\n\nSomething else entirely.\n")
    with caplog.at_level(logging.WARNING):
        kb = KnowledgeBase.from_directory(tmp_path, semantic=False)
    [hit] = kb.search("kestrel portal")
    assert hit.article_id == f"{name}.md" and hit.title == "Sign-in help"
    [art] = [a for a in kb.articles if a.article_id == f"{name}.md"]
    assert art.category == "account"  # the valid key next to it still counts
    named = [i for i in kb.issues if i.path == f"{name}.md"]
    assert named and all(f"'{key}'" in i.message for i in named)
    assert f"{name}.md" in caplog.text
    checked = [i for i in check_directory(tmp_path) if i.path == f"{name}.md"]
    assert any(f"'{key}'" in i.message for i in checked)


@pytest.mark.parametrize("name", sorted(SKIPPED))
def test_unreadable_front_matter_skips_the_file_and_names_it(name: str, tmp_path: Path) -> None:
    write(tmp_path, f"{name}.md", f"---\n{SKIPPED[name]}\n---\n{BODY}")
    write(tmp_path, "other.md", "# Other\n\nSomething else entirely.\n")
    kb = KnowledgeBase.from_directory(tmp_path, semantic=False)
    assert [a.article_id for a in kb.articles] == ["other.md"]
    assert any(i.path == f"{name}.md" and i.severity == "error" for i in kb.issues)
    assert any(i.path == f"{name}.md" for i in check_directory(tmp_path))


def test_binary_junk_and_broken_encodings_are_named_not_raised(tmp_path: Path) -> None:
    write(tmp_path, "junk.md", bytes(range(256)) * 50)
    write(tmp_path, "utf16.md", "---\ntitle: x\n---\nbody\n".encode("utf-16"))
    write(tmp_path, "good.md", BODY)
    kb = KnowledgeBase.from_directory(tmp_path, semantic=False)
    assert [a.article_id for a in kb.articles] == ["good.md"]
    assert {i.path for i in kb.issues} == {"junk.md", "utf16.md"}


def test_new_front_matter_keys_are_read(tmp_path: Path) -> None:
    write(
        tmp_path,
        "ru/connectivity/teams.md",
        "---\n"
        'title: "Teams не подключается"\n'
        "translation_key: connectivity/teams-cannot-connect\n"
        "lang: ru\n"
        "products: [teams, office]\n"
        "updated: 2026-11-20\n"
        "url: https://help.example.com/ru/teams\n"
        "---\n# Teams не подключается\n\nПроверьте сеть.\n",
    )
    kb = KnowledgeBase.from_directory(tmp_path, semantic=False)
    [art] = kb.articles
    assert art.translation_key == "connectivity/teams-cannot-connect"
    assert art.products == ["teams", "office"]
    assert art.updated == date(2026, 11, 20)
    assert art.url == "https://help.example.com/ru/teams"
    assert kb.issues == []
