"""Simple front matter is read without the YAML parser, and always as YAML reads it."""

from __future__ import annotations

import pytest

from bot.kb import frontmatter
from bot.kb.frontmatter import split_front_matter

CASES = [
    "title: Hello world",
    "title: Привет мир\ncategory: billing",
    "title: 重置密码",
    'title: "Quoted: with a colon # and a hash"',
    "title: 'Single: quoted'",
    'title: ""',
    'title: "yes"',
    "title:   spaced out   ",
    # These need YAML's own rules; the fast path must step aside:
    "title: yes",
    "title: Null",
    "title: 2024",
    "title: a: b",
    "title: foo # comment",
    "tags: [a, b]",
    "title: x\ntitle: y",
    'title: "escaped \\" quote"',
    "title: 'it''s'",
    "aliases:\n  - one\n  - two",
    "title: a\x07b",
    "title: a\x00b",
    'title: "bell \x07 inside"',
    "updated: 2024-13-45",
    "updated: 2026-11-20",
]


@pytest.mark.parametrize("raw", CASES)
def test_front_matter_reads_as_yaml_does(raw: str, monkeypatch: pytest.MonkeyPatch) -> None:
    text = f"---\n{raw}\n---\n# T\n"
    fast = split_front_matter(text, "a.md")
    monkeypatch.setattr(frontmatter, "_plain_mapping", lambda _raw: None)  # YAML only
    assert fast == split_front_matter(text, "a.md")


def test_a_yes_title_is_still_reported_as_the_wrong_type() -> None:
    _meta, _body, _line, issues, _fatal = split_front_matter("---\ntitle: yes\n---\n", "a.md")
    assert any("title" in issue.message for issue in issues)
