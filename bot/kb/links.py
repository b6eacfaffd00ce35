"""Links inside an article's text, made readable for a customer.

Articles link to each other by repository path (``[refunds](../billing/refunds.md)``).
A chat reply must never show such a path: a relative link becomes the page a customer
can open (the target article's ``url``, else ``url_base`` + its path), and when there
is no such page the link is dropped and only its words stay.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from urllib.parse import quote

from .markdown import _LINK

_ABSOLUTE = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)


def article_path(source_id: str, href: str) -> str | None:
    """The KB path ``href`` points to from article ``source_id``; None if it leaves the KB."""
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(source_id), href))
    return None if joined.startswith("../") or joined == ".." else joined.lstrip("/")


def page_url(path: str, url_base: str | None) -> str | None:
    """``url_base`` + the path (an article's without ``.md``), or None without a base."""
    if url_base is None:
        return None
    page = path[:-3] if path.lower().endswith(".md") else path
    return url_base + quote(page)


def resolve_links(text: str, source_id: str, url_for: Callable[[str], str | None]) -> str:
    """``text`` with every relative link pointing at a readable URL, or unlinked.

    Args:
        text: an article's markdown.
        source_id: the article's path in the KB (``billing/refunds.md``).
        url_for: a KB path → the URL people open, or None when there is none.
    """
    if "](" not in text:
        return text

    def fix(match: re.Match[str]) -> str:
        bang, label, href = match.group(1), match.group(2), match.group(3)
        if not href or _ABSOLUTE.match(href) or href.startswith("//"):
            return match.group(0)
        target, _, anchor = href.partition("#")
        path = article_path(source_id, target) if target else source_id
        url = url_for(path) if path else None
        if url is None:
            return label
        return f"{bang}[{label}]({url}{'#' + anchor if anchor else ''})"

    return _LINK.sub(fix, text)
