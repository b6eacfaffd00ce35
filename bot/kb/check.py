"""Linting a KB folder: front matter, empty articles, duplicate titles, broken links,
and the translations of each article (``translation_key``)."""

from __future__ import annotations

import logging
import posixpath
from collections import defaultdict
from pathlib import Path
from urllib.parse import unquote

from .markdown import parse_article, path_family
from .models import Article, KbIssue
from .store import read_file, scan

log = logging.getLogger(__name__)


def check_directory(root: Path) -> list[KbIssue]:
    """Every problem an author should fix, sorted by file and line.

    Unlike loading (which skips a bad file and keeps serving), this reports
    everything, including problems that do not stop a file from loading:
    wrong front-matter values, unknown keys, empty articles, duplicate titles,
    dead links, two files claiming the same translation. Never raises on a file.
    """
    issues: list[KbIssue] = []
    files = scan(root)
    articles: list[Article] = []
    for rel, (path, _st) in files.items():
        try:
            art, more = _check_file(root, rel, path, files)
        except Exception as exc:  # one odd file must not hide the report on the others
            log.exception("kb check: %s", rel)
            art, more = None, [KbIssue(rel, None, f"could not be checked: {type(exc).__name__}")]
        issues += more
        if art is not None:
            articles.append(art)
    issues += _duplicates(articles)
    return sorted(issues, key=lambda i: (i.path, i.line or 0, i.message))


def _check_file(
    root: Path, rel: str, path: Path, files: dict
) -> tuple[Article | None, list[KbIssue]]:
    text, _digest, issues = read_file(path, rel)
    if text is None:
        return None, issues
    art, more = parse_article(rel, text, report_unknown=True)
    for issue in more:
        if issue.message == "article has no text":
            issue = KbIssue(issue.path, issue.line, "article is empty", "error")
        issues.append(issue)
    if art is None:
        return None, issues
    for target, line in art.links:
        broken = _broken_link(root, rel, target, files)
        if broken:
            issues.append(KbIssue(rel, line, broken))
    folder_lang, family = path_family(rel)
    if folder_lang and art.lang != folder_lang:
        issues.append(
            KbIssue(rel, 1, f"lang is {art.lang} but the file is in the {folder_lang}/ folder")
        )
    if art.translation_key != family:
        issues.append(
            KbIssue(
                rel,
                1,
                f"translation_key '{art.translation_key}' differs from the path ('{family}')",
                "warning",
            )
        )
    return art, issues


def _duplicates(articles: list[Article]) -> list[KbIssue]:
    """Same title twice in one language; two files as one family's version in one language."""
    issues: list[KbIssue] = []
    titles: dict[tuple[str, str], list[str]] = defaultdict(list)
    versions: dict[tuple[str, str], list[str]] = defaultdict(list)
    for art in articles:
        titles[(art.lang, art.title.strip().lower())].append(art.article_id)
        versions[(art.translation_key, art.lang)].append(art.article_id)
    for rels in titles.values():
        for rel in rels if len(rels) > 1 else ():
            others = ", ".join(r for r in rels if r != rel)
            issues.append(KbIssue(rel, 1, f"duplicate title (same as {others})"))
    for (key, lang), rels in versions.items():
        for rel in rels if len(rels) > 1 else ():
            others = ", ".join(r for r in rels if r != rel)
            issues.append(KbIssue(rel, 1, f"second {lang} version of '{key}' (also {others})"))
    return issues


def _broken_link(root: Path, rel: str, target: str, files: dict) -> str | None:
    """Message if a relative link to a markdown file points nowhere, else None."""
    target = target.strip().strip("<>")
    if not target or "://" in target or target.startswith(("#", "mailto:", "/")):
        return None
    path = unquote(target.split("#", 1)[0].split("?", 1)[0])
    if not path.lower().endswith(".md"):
        return None
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(rel), path))
    if resolved in files:
        return None
    if resolved.startswith("..") and (root / resolved).exists():
        return None
    return f"broken link to {target}"
