"""Linting a KB folder: front matter, empty articles, duplicate titles, broken links."""

from __future__ import annotations

import posixpath
from collections import defaultdict
from pathlib import Path
from urllib.parse import unquote

from .markdown import parse_article
from .models import KbIssue
from .store import read_file, scan


def check_directory(root: Path) -> list[KbIssue]:
    """Every problem an author should fix, sorted by file and line.

    Unlike loading (which skips a bad file and keeps serving), this reports
    everything, including problems that do not stop a file from loading:
    wrong front-matter types, empty articles, duplicate titles, dead links.
    """
    issues: list[KbIssue] = []
    files = scan(root)
    titles: dict[tuple[str, str], list[str]] = defaultdict(list)
    for rel, (path, _st) in files.items():
        text, _digest, read_issues = read_file(path, rel)
        issues += read_issues
        if text is None:
            continue
        art, more = parse_article(rel, text)
        for issue in more:
            if issue.message == "article has no text":
                issue = KbIssue(issue.path, issue.line, "article is empty", "error")
            issues.append(issue)
        if art is None:
            continue
        titles[(art.lang, art.title.strip().lower())].append(rel)
        for target, line in art.links:
            broken = _broken_link(root, rel, target, files)
            if broken:
                issues.append(KbIssue(rel, line, broken))
    for (_lang, _title), rels in titles.items():
        if len(rels) > 1:
            for rel in rels:
                others = ", ".join(r for r in rels if r != rel)
                issues.append(KbIssue(rel, 1, f"duplicate title (same as {others})"))
    return sorted(issues, key=lambda i: (i.path, i.line or 0, i.message))


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
