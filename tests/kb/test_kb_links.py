"""Links inside an article's text point at pages people can open, never at repository paths."""

from __future__ import annotations

from pathlib import Path

from bot.kb import KnowledgeBase

ARTICLE = (
    "# Refunds\n\nheron refunds: see [the invoice](../billing/invoice.md#totals), "
    "[the own page](own.md), [the portal](https://portal.example/x), "
    "[outside](../../etc/passwd.md) and [a picture](img/chart.png).\n"
)


def _kb(root: Path, url_base: str | None) -> KnowledgeBase:
    files = {
        "account/refunds.md": ARTICLE,
        "billing/invoice.md": "# Invoice\n\nthe invoice totals\n",
        "account/own.md": "---\nurl: https://docs.example/own\n---\n# Own\n\nown page\n",
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return KnowledgeBase.from_directory(root, semantic=False, url_base=url_base)


def _text(kb: KnowledgeBase) -> str:
    hit = next(h for h in kb.search("heron refunds") if h.article_id == "account/refunds.md")
    return hit.text


def test_relative_links_become_the_target_pages_url(tmp_path: Path) -> None:
    text = _text(_kb(tmp_path, "https://help.example/kb/"))
    assert "[the invoice](https://help.example/kb/billing/invoice#totals)" in text
    assert "[the own page](https://docs.example/own)" in text  # its front matter url wins
    assert "[the portal](https://portal.example/x)" in text
    assert "[a picture](https://help.example/kb/account/img/chart.png)" in text
    assert "outside" in text and "passwd" not in text  # a path out of the KB is no page
    assert ".md" not in text


def test_without_url_base_a_relative_link_keeps_only_its_words(tmp_path: Path) -> None:
    text = _text(_kb(tmp_path, None))
    assert "see the invoice, [the own page](https://docs.example/own)," in text
    assert "../" not in text and ".md" not in text and "a picture." in text
