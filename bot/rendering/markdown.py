"""KB markdown → a chat platform's markup, through a CommonMark parser.

Articles are written in CommonMark (plus pipe tables). markdown-it-py parses them
into a syntax tree, and a :class:`Dialect` says how each piece looks on one front
end: Slack mrkdwn, Telegram HTML, or the console's plain text (this base class).
Text is escaped by the dialect as it is written out, so nothing from an article can
become markup, and a link is kept only when it may be opened (http, https, mailto).
"""

from __future__ import annotations

import re
import unicodedata

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode
from markupsafe import Markup

SAFE_SCHEMES = ("http://", "https://", "mailto:")
_PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")


def safe_url(url: str | None) -> str | None:
    """The URL when a chat client may open it (http, https, mailto); None otherwise."""
    if not url:
        return None
    target = url.strip()
    return target if target.lower().startswith(SAFE_SCHEMES) else None


def display_width(text: str) -> int:
    """Columns a monospace font gives ``text`` (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


class Dialect:
    """How markup looks on one front end; this base is the console's plain text.

    Every method returns text ready for the target; ``text`` escapes, the others
    receive already-written pieces (except ``code``/``pre``, which take raw text).
    """

    icons = False  # emoji before a notice's first line (chat clients show them; a terminal not)

    def text(self, value: str) -> str:
        return value

    def inside(self, value: str) -> str:
        """A person's text inside bold or italics: escaped, and where the markup has marks
        a person might type (Slack's ``*``), unable to end or start formatting."""
        return self.text(value)

    def bold(self, inner: str) -> str:
        return inner

    def italic(self, inner: str) -> str:
        return inner

    def strike(self, inner: str) -> str:
        return inner

    def code(self, raw: str) -> str:
        return raw

    def pre(self, raw: str) -> str:
        return "\n".join("    " + line for line in raw.split("\n"))

    def link(self, url: str, label: str) -> str:
        """``label`` is plain, unescaped text; ``url`` is already checked."""
        shown = label.strip()
        return url if not shown or shown == url else f"{shown} ({url})"

    def heading(self, inner: str) -> str:
        return self.bold(inner)

    def mention(self, user: str) -> str:
        """A person known only by their platform id (``slack:U123``): nothing here (their
        customer names them; an id means nothing to the reader); Slack shows a mention."""
        return ""

    def quote(self, inner: str) -> str:
        return "\n".join("> " + line for line in inner.split("\n"))

    def bullet(self, depth: int) -> str:
        return "  " * depth + "• "

    def convert(self, markdown: str) -> Markup:
        """``markdown`` in this dialect, marked as already formatted for templates."""
        tree = SyntaxTreeNode(_PARSER.parse(restore_table_rules(str(markdown))))
        return Markup(_Writer(self).blocks(tree.children, 0).strip())


def restore_table_rules(markdown: str) -> str:
    """Put back the ``|---|`` row the KB cleaner removes, so pipe tables parse as tables."""
    lines = markdown.split("\n")
    out: list[str] = []
    fenced = False
    for index, line in enumerate(lines):
        out.append(line)
        if _FENCE.match(line):
            fenced = not fenced
        if fenced or not _TABLE_ROW.match(line):
            continue
        first = index == 0 or not _TABLE_ROW.match(lines[index - 1])
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if first and _TABLE_ROW.match(following) and not _TABLE_RULE.match(following):
            columns = len(line.strip().strip("|").split("|"))
            out.append("|" + "---|" * columns)
    return "\n".join(out)


class _Writer:
    """Walks the syntax tree once, asking the dialect for each piece."""

    def __init__(self, dialect: Dialect) -> None:
        self.d = dialect

    def blocks(self, nodes: list[SyntaxTreeNode], depth: int, gap: str = "\n\n") -> str:
        return gap.join(piece for piece in (self.block(n, depth) for n in nodes) if piece)

    def block(self, node: SyntaxTreeNode, depth: int) -> str:
        kind = node.type
        if kind == "paragraph":
            return self.inline(node.children)
        if kind == "heading":
            return self.d.heading(self.inline(node.children))
        if kind in ("bullet_list", "ordered_list"):
            return self.listing(node, depth)
        if kind == "blockquote":
            return self.d.quote(self.blocks(node.children, depth, "\n"))
        if kind in ("fence", "code_block"):
            return self.d.pre(node.content.rstrip("\n"))
        if kind == "table":
            return self.d.pre(self.table(node))
        if kind == "hr":
            return self.d.text("———")
        if kind == "html_block":
            return self.d.text(node.content.strip())
        return self.inline(node.children) if node.children else self.d.text(node.content)

    def listing(self, node: SyntaxTreeNode, depth: int) -> str:
        ordered = node.type == "ordered_list"
        number = int(node.attrs.get("start", 1)) if ordered else 0
        items = []
        for item in node.children:
            marker = "  " * depth + f"{number}. " if ordered else self.d.bullet(depth)
            nested = [c for c in item.children if c.type in ("bullet_list", "ordered_list")]
            body = [c for c in item.children if c not in nested]
            text = self.blocks(body, depth, "\n")
            pieces = [marker + text] + [self.listing(n, depth + 1) for n in nested]
            items.append("\n".join(p for p in pieces if p.strip()))
            number += 1
        return "\n".join(items)

    def table(self, node: SyntaxTreeNode) -> str:
        rows = [
            [self.plain(cell.children).strip() for cell in row.children]
            for section in node.children
            for row in section.children
        ]
        count = max(len(row) for row in rows)
        rows = [row + [""] * (count - len(row)) for row in rows]
        widths = [max(display_width(row[i]) for row in rows) for i in range(count)]

        def line(row: list[str]) -> str:
            cells = (c + " " * (w - display_width(c)) for c, w in zip(row, widths, strict=True))
            return "  ".join(cells).rstrip()

        rule = "  ".join("-" * w for w in widths)
        return "\n".join([line(rows[0]), rule, *map(line, rows[1:])])

    def plain(self, nodes: list[SyntaxTreeNode]) -> str:
        """Unescaped text of inline nodes (table cells, link labels)."""
        out = []
        for node in nodes:
            if node.type in ("text", "code_inline", "html_inline"):
                out.append(node.content)
            elif node.type in ("softbreak", "hardbreak"):
                out.append(" ")
            else:
                out.append(self.plain(node.children))
        return "".join(out)

    def inline(self, nodes: list[SyntaxTreeNode]) -> str:
        out = []
        for node in nodes:
            kind = node.type
            if kind == "inline":
                out.append(self.inline(node.children))
            elif kind in ("text", "html_inline"):
                out.append(self.d.text(node.content))
            elif kind == "softbreak":  # a wrapped source line: chat clients wrap by themselves
                out.append(" ")
            elif kind == "hardbreak":
                out.append("\n")
            elif kind == "code_inline":
                out.append(self.d.code(node.content))
            elif kind == "strong":
                out.append(self.d.bold(self.inline(node.children)))
            elif kind == "em":
                out.append(self.d.italic(self.inline(node.children)))
            elif kind == "s":
                out.append(self.d.strike(self.inline(node.children)))
            elif kind in ("link", "image"):
                out.append(self.link(node))
            else:
                out.append(self.inline(node.children))
        return "".join(out)

    def link(self, node: SyntaxTreeNode) -> str:
        href = node.attrs.get("href" if node.type == "link" else "src")
        label = self.plain(node.children) or str(node.attrs.get("alt") or "")
        url = safe_url(str(href) if href else None)
        if url is None:
            return self.d.text(label)
        return self.d.link(url, label)


PLAIN = Dialect()
