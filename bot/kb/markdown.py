"""Markdown parsing: noise stripping and heading-based sections, in linear time.

Real documentation pages are large and odd (thousands of blank lines, megabyte-long
table rows, unclosed comments), and every page is parsed while the bot serves. So no
pattern here lets two unbounded runs compete for the same characters: whitespace
runs are matched within one line (spaces and tabs, never newlines), delimited
noise is removed with ``str.find`` loops, and line-shaped noise is recognised per
stripped line. Each pass is linear in the text's length.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from .frontmatter import split_front_matter
from .lang import SUPPORTED, detect_language, normalize_lang
from .models import Article, KbIssue, Section

__all__ = ["clean_markdown", "index_text", "parse_article", "slugify", "split_front_matter"]

_FENCE = re.compile(r"[ \t]*(```|~~~)")
_ATX_OPEN = re.compile(r"(#{1,6})[ \t]+(?=\S)")
_SETEXT = re.compile(r"(=+|-+)[ \t]*")
_INCLUDE = re.compile(r"\[!INCLUDE[ \t]*\[[^\[\]]*\]\([^()]*\)[ \t]*\]", re.I)
_ADMONITION = re.compile(
    r"((?:[ \t]*>)+[ \t]*)\[!(?:NOTE|TIP|IMPORTANT|WARNING|CAUTION|DIV|VIDEO)\b[^\[\]]*\]",
    re.I,
)
_TABLE_CELL = re.compile(r":?-+:?")
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_INLINE_CODE = re.compile(r"(`[^`\n]*`)")
# Link text and target stop at the next bracket or parenthesis, so a page full of
# unmatched "[" or "](" costs one scan, not one scan per bracket.
_LINK = re.compile(r"(!?)\[([^\[\]]*)\]\(([^()\s]*)(?:[ \t]+\"[^\"\n]*\")?\)")
_BLANKS = re.compile(r"\n{3,}")
_SLUG_DROP = re.compile(r"[^\w\- ]", re.U)
_INLINE_MD = re.compile(r"[*_`~]+")
_DELIMITED = (("<!--", "-->"), ("{%", "%}"), ("{{", "}}"))
_TABLE_RULE_CHARS = frozenset("|-: \t")


def slugify(heading: str) -> str:
    """GitHub-style anchor for a heading: lowercase, punctuation dropped, spaces to dashes."""
    text = _INLINE_MD.sub("", heading).strip().lower()
    return _SLUG_DROP.sub("", text).replace(" ", "-")


def _drop_delimited(text: str, opening: str, closing: str) -> str:
    """Remove every ``opening ... closing`` span (HTML comments, liquid tags) in one
    pass; an unclosed one is kept as written (no later closing exists either)."""
    out: list[str] = []
    pos = 0
    while True:
        start = text.find(opening, pos)
        if start < 0:
            break
        end = text.find(closing, start + len(opening))
        if end < 0:
            break
        out.append(text[pos:start])
        pos = end + len(closing)
    if not out:
        return text
    out.append(text[pos:])
    return "".join(out)


def _is_table_rule(line: str) -> bool:
    """``|---|:--:|`` (or a bare ``-----``): the row under a table header."""
    s = line.strip()
    if "--" not in s or not _TABLE_RULE_CHARS.issuperset(s):
        return False
    return all(_TABLE_CELL.fullmatch(cell.strip()) for cell in s.strip("|").split("|"))


def _clean_line(line: str) -> str | None:
    """One line without include directives, admonition markers or table rules;
    None when nothing readable is left."""
    line = line.rstrip()
    if "[!" in line:
        bare = line.strip().lstrip(">").strip()
        if bare[:2] == "[!" and _INCLUDE.fullmatch(bare):
            return None
        line = _ADMONITION.sub(r"\1", line).rstrip()
    if "--" in line and _is_table_rule(line):
        return None
    if line.strip() == ">":
        return None  # a blockquote line left empty by a removed marker
    return line


def clean_markdown(text: str) -> str:
    """Remove publishing noise (HTML, liquid tags, includes, admonition markers,
    table rules) while keeping the readable markdown: lists, code, links."""
    # Each pass runs only when its cheap marker is present: most sections have
    # none of the noise, and these passes dominate indexing time.
    for opening, closing in _DELIMITED:
        if opening in text:
            text = _drop_delimited(text, opening, closing)
    if "<" in text:
        text = _drop_html_tags(text)
    if "&" in text:
        text = (
            text.replace("&nbsp;", " ")
            .replace("&amp;", "&")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
        )
    if "[!" in text or "--" in text or ">" in text:
        lines = [c for c in map(_clean_line, text.split("\n")) if c is not None]
    else:  # nothing line-shaped to remove (most sections): just trim line ends
        lines = [line.rstrip() for line in text.split("\n")]
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip()


def _drop_html_tags(text: str) -> str:
    """HTML tags out, but not what only looks like one in code: `nslookup <name>` is a
    command with a placeholder, and dropping it left "compare nslookup   with". Without a
    backtick the whole text goes at once (a tag may span lines); with one, line by line,
    inline code spans and fenced blocks kept."""
    if "`" not in text:
        return _HTML_TAG.sub(" ", text)
    out, fenced = [], False
    for line in text.split("\n"):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        elif not fenced and "<" in line:
            parts = _INLINE_CODE.split(line)
            line = "".join(p if i % 2 else _HTML_TAG.sub(" ", p) for i, p in enumerate(parts))
        out.append(line)
    return "\n".join(out)


def _link_text(m: re.Match[str]) -> str:
    return m.group(2)


# "Open a ticket with `/ticket new Recover deleted email`": the subject a section proposes
# restates the article's problem; its words are not what the section is about.
_TICKET_TEMPLATE = re.compile(r"`/ticket new [^`\n]*`")


def index_text(markdown: str) -> str:
    """Plain text for indexing: link targets, markup symbols and the ticket subjects a
    section proposes removed."""
    text = _TICKET_TEMPLATE.sub("/ticket", markdown) if "/ticket new" in markdown else markdown
    return _LINK.sub(_link_text, text) if "](" in text else text


def _atx_heading(line: str) -> tuple[int, str] | None:
    """(level, text) of an ATX heading line; a closing ``#`` run counts only after
    a space (CommonMark), so "# C#" is about C#."""
    m = _ATX_OPEN.match(line)
    if m is None:
        return None
    text = line[m.end() :].strip()
    bare = text.rstrip("#")
    if bare != text and (not bare or bare[-1] in " \t"):
        text = bare.rstrip()
    if text.endswith("}"):  # a "{#custom-id}" suffix
        opening = text.rfind("{#")
        if opening >= 0 and "}" not in text[opening:-1]:
            text = text[:opening].rstrip()
    return (len(m.group(1)), text) if text else None


def parse_article(
    article_id: str, text: str, *, report_unknown: bool = False
) -> tuple[Article | None, list[KbIssue]]:
    """Parse one markdown file into an Article; None (with issues) if unusable.
    ``report_unknown`` also warns about front-matter keys we do not read."""
    meta, body, start, issues, fatal = split_front_matter(
        text, article_id, report_unknown=report_unknown
    )
    if fatal:
        return None, issues
    sections: list[Section] = []
    first_h1: str | None = None
    heading: str | None = None
    level = 0
    sec_line = start
    buf: list[str] = []
    path_stack: list[tuple[int, str]] = []
    links: list[tuple[str, int]] = []
    in_fence = False
    raw_lines = body.split("\n")

    def flush() -> None:
        cleaned = clean_markdown("\n".join(buf))
        sections.append(
            Section(heading, slugify(heading) if heading else None, level, cleaned, sec_line)
        )

    for i, line in enumerate(raw_lines):
        lineno = start + i
        first = line.lstrip()[:1]
        if first in ("`", "~") and _FENCE.match(line):
            in_fence = not in_fence
            buf.append(line)
            continue
        if in_fence:  # code: no headings, and a "[x](y)" in it is not a link
            buf.append(line)
            continue
        if "](" in line:  # list items and quotes link too; a heading's links count
            links.extend((m.group(3), lineno) for m in _LINK.finditer(line))
        if first not in ("#", "=", "-"):
            buf.append(line)
            continue
        hd = _atx_heading(line) if first == "#" and line[0] == "#" else None
        if hd is None and (
            first != "#"
            and _SETEXT.fullmatch(line)
            and len(line.strip()) >= 3
            and buf
            and buf[-1].strip()
            and not buf[-1].lstrip().startswith(("-", "*", ">", "|", "#"))
            and (len(buf) < 2 or not buf[-2].strip())
        ):
            hd = (1 if line.strip().startswith("=") else 2, buf.pop().strip())
        if hd is None:
            buf.append(line)
            continue
        lvl, txt = hd
        txt = _INLINE_MD.sub("", _HTML_TAG.sub("", txt)).strip()
        if lvl == 1 and first_h1 is None and not any(s.strip() for s in buf if s):
            first_h1 = txt
            continue
        if buf or sections or heading is not None:
            flush()
        buf = []
        while path_stack and path_stack[-1][0] >= lvl:
            path_stack.pop()
        path_stack.append((lvl, txt))
        heading, level, sec_line = txt, lvl, lineno
    flush()
    stem = PurePosixPath(article_id).stem.replace("-", " ").replace("_", " ").strip()
    title = meta.get("title") or first_h1 or stem
    sections = [s for s in sections if s.text.strip() or s.heading]
    all_text = " ".join([title, *(s.text for s in sections)])
    if not any(s.text.strip() for s in sections):
        issues.append(KbIssue(article_id, start, "article has no text", "warning"))
    folder_lang, family = path_family(article_id)
    lang = meta.get("lang") or folder_lang or detect_language(all_text)
    art = Article(
        article_id=article_id,
        title=title,
        lang=lang,
        url=meta.get("url"),
        audience=meta.get("audience"),
        aliases=meta.get("aliases", []),
        tags=meta.get("tags", []),
        category=meta.get("category"),
        sections=sections or [Section(None, None, 0, "", start)],
        links=links,
        translation_key=meta.get("translation_key") or family,
        products=meta.get("products", []),
        updated=meta.get("updated"),
    )
    return art, issues


def path_family(article_id: str) -> tuple[str | None, str]:
    """(language of the folder, family key) from a path: ``ru/account/reset-password.md``
    is the Russian member of ``account/reset-password``; an article outside a language
    folder is its own family, keyed by its path without ``.md``."""
    parts = article_id.split("/")
    lang = normalize_lang(parts[0]) if len(parts) > 1 and parts[0] in SUPPORTED else None
    rest = "/".join(parts[1:] if lang else parts)
    return lang, rest[:-3] if rest.lower().endswith(".md") else rest
