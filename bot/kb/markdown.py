"""Markdown parsing: front matter, noise stripping, heading-based sections."""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Any

import yaml

from .lang import detect_language, normalize_lang
from .models import Article, KbIssue, Section

_FENCE = re.compile(r"^\s*(```|~~~)")
_ATX = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$")
_SETEXT = re.compile(r"^(=+|-+)[ \t]*$")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_LIQUID = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.S)
_INCLUDE = re.compile(r"^\s*>?\s*\[!INCLUDE\s*\[[^\]]*\]\([^)]*\)\s*\]\s*$", re.I | re.M)
_ADMONITION = re.compile(
    r"^(\s*>\s*)\[!(?:NOTE|TIP|IMPORTANT|WARNING|CAUTION|DIV|VIDEO)[^\]]*\]\s*", re.I | re.M
)
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$", re.M)
_LINK = re.compile(r"(!?)\[([^\]]*)\]\(([^)\s]*)(?:\s+\"[^\"]*\")?\)")
_BLANKS = re.compile(r"\n{3,}")
_SLUG_DROP = re.compile(r"[^\w\- ]", re.U)
_INLINE_MD = re.compile(r"[*_`~]+")
# A front-matter line YAML can only read as "key: some words": a plain scalar that starts
# with a letter and holds none of YAML's indicator characters, or a quoted one without
# escapes or inner quotes.
_PLAIN_LINE = re.compile(
    r"([A-Za-z_][\w-]*):[ \t]+(?:"
    r"([^\W\d_][^:#'\"\[\]{}&*!|>%@`\\]*?)"
    r"|\"([^\"\\]*)\""
    r"|'([^']*)'"
    r")[ \t]*"
)
_YAML_WORDS = frozenset(["yes", "no", "true", "false", "on", "off", "null", "y", "n"])
_HEADING_ID = re.compile(r"\s*\{#[^}]*\}\s*$")

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: ~10x faster

FRONT_MATTER_FIELDS: dict[str, type | tuple[type, ...]] = {
    "title": str,
    "tags": list,
    "category": str,
    "lang": str,
    "aliases": list,
    "audience": str,
    "url": str,
}
AUDIENCES = ("customer", "engineer")


def slugify(heading: str) -> str:
    """GitHub-style anchor for a heading: lowercase, punctuation dropped, spaces to dashes."""
    text = _INLINE_MD.sub("", heading).strip().lower()
    return _SLUG_DROP.sub("", text).replace(" ", "-")


def _plain_mapping(raw: str) -> dict[str, Any] | None:
    """The front matter as a dict when every line is ``key: plain words`` (most real
    front matter: a title, a category); None means "let YAML read it". Starting the
    YAML parser costs more than the rest of parsing a short article."""
    meta: dict[str, Any] = {}
    for line in raw.splitlines():
        if not line.strip():
            continue
        match = _PLAIN_LINE.fullmatch(line)
        if match is None or match[1] in meta:
            return None
        plain, quoted = match[2], match[3] if match[3] is not None else match[4]
        if plain is not None and plain.lower() in _YAML_WORDS:
            return None  # YAML reads these as booleans or null
        meta[match[1]] = plain if plain is not None else quoted
    return meta or None


def split_front_matter(
    text: str, path: str
) -> tuple[dict[str, Any], str, int, list[KbIssue], bool]:
    """Separate YAML front matter from the body.

    Returns (meta, body, body_start_line, issues, fatal). Broken YAML is fatal:
    the author meant metadata and we cannot guess it, so the file is skipped.
    A field of the wrong type is an error for ``kb check`` but not fatal: the
    field is ignored and the article still serves.
    """
    issues: list[KbIssue] = []
    if not (text.startswith("---\n") or text.startswith("---\r\n")):
        return {}, text, 1, issues, False
    # Only the front matter is split into lines: the body is sliced off whole.
    lines: list[str] = []
    start = text.index("\n") + 1
    end = None
    while start < len(text):
        stop = text.find("\n", start)
        stop = len(text) if stop < 0 else stop + 1
        line = text[start:stop]
        if line.strip() in ("---", "..."):
            end = len(lines) + 1
            break
        lines.append(line)
        start = stop
    if end is None:
        issues.append(KbIssue(path, 1, "front matter opened with '---' but never closed"))
        return {}, text, 1, issues, True
    lines.insert(0, text[: text.index("\n") + 1])
    raw = "".join(lines[1:end])
    body = text[stop:]
    try:
        meta = _plain_mapping(raw)
        if meta is None:
            meta = yaml.load(raw, Loader=_Loader) if raw.strip() else {}
    except yaml.YAMLError as exc:
        # The context mark points at the construct that was left open (the
        # line the author must fix); the problem mark is where parsing gave up.
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        issues.append(KbIssue(path, line, f"invalid YAML front matter: {problem}"))
        return {}, body, end + 2, issues, True
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        issues.append(KbIssue(path, 2, "front matter must be a mapping of keys to values"))
        return {}, body, end + 2, issues, True
    for key, want in FRONT_MATTER_FIELDS.items():
        if key not in meta or meta[key] is None:
            continue
        value = meta[key]
        if want is list and isinstance(value, str):
            meta[key] = [value]  # a single tag/alias written as a string is fine
            continue
        if not isinstance(value, want) or (
            want is list and not all(isinstance(v, (str, int, float)) for v in value)
        ):
            line = _key_line(lines[1:end], key)
            meta[key] = None
            issues.append(
                KbIssue(
                    path,
                    line,
                    f"front matter '{key}' should be "
                    f"{'a list of strings' if want is list else 'a string'}, "
                    f"got {type(value).__name__}",
                )
            )
    aud = meta.get("audience")
    if isinstance(aud, str) and aud.lower() not in AUDIENCES:
        issues.append(
            KbIssue(
                path,
                _key_line(lines[1:end], "audience"),
                f"unknown audience '{aud}' (use customer or engineer)",
                "warning",
            )
        )
    return meta, body, end + 2, issues, False


def _key_line(fm_lines: list[str], key: str) -> int:
    for i, line in enumerate(fm_lines):
        if line.startswith(f"{key}:"):
            return i + 2
    return 2


def clean_markdown(text: str) -> str:
    """Remove publishing noise (HTML, liquid tags, includes, admonition markers,
    table rules) while keeping the readable markdown: lists, code, links."""
    # Each pattern runs only when its cheap marker is present: most sections
    # have none of the noise, and regex passes dominate indexing time.
    if "<!--" in text:
        text = _COMMENT.sub("", text)
    if "{%" in text or "{{" in text:
        text = _LIQUID.sub("", text)
    if "[!" in text:
        text = _INCLUDE.sub("", text)
        text = _ADMONITION.sub(r"\1", text)
    if "<" in text:
        text = _HTML_TAG.sub(" ", text)
    if "--" in text and "|" in text:
        text = _TABLE_RULE.sub("", text)
    if "&" in text:
        text = (
            text.replace("&nbsp;", " ")
            .replace("&amp;", "&")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
        )
    lines = [ln.rstrip() for ln in text.split("\n")]
    # Drop blockquote lines left empty by a removed marker.
    lines = [ln for ln in lines if ln.strip() not in (">",)]
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip()


def _link_text(m: re.Match[str]) -> str:
    return m.group(2)


def index_text(markdown: str) -> str:
    """Plain text for indexing: link targets and markup symbols removed."""
    text = _LINK.sub(_link_text, markdown) if "](" in markdown else markdown
    return text


def parse_article(article_id: str, text: str) -> tuple[Article | None, list[KbIssue]]:
    """Parse one markdown file into an Article; None (with issues) if unusable."""
    meta, body, start, issues, fatal = split_front_matter(text, article_id)
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
        if in_fence or first not in ("#", "=", "-"):
            buf.append(line)
            if "](" in line:
                links.extend((m.group(3), lineno) for m in _LINK.finditer(line))
            continue
        m = _ATX.match(line) if first == "#" else None
        hd: tuple[int, str] | None = None
        if m:
            hd = (len(m.group(1)), _HEADING_ID.sub("", m.group(2)).strip())
        elif (
            first != "#"
            and _SETEXT.match(line)
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
    title = meta.get("title")
    if not isinstance(title, str) or not title.strip():
        title = None
    if title is None:
        title = first_h1 or PurePosixPath(article_id).stem.replace("-", " ").replace("_", " ")
    title = title.strip()
    sections = [s for s in sections if s.text.strip() or s.heading]
    all_text = " ".join([title, *(s.text for s in sections)])
    if not any(s.text.strip() for s in sections):
        issues.append(KbIssue(article_id, start, "article has no text", "warning"))
    lang = normalize_lang(meta.get("lang")) or detect_language(all_text)
    aud = meta.get("audience")
    aud = aud.lower() if isinstance(aud, str) and aud.lower() in AUDIENCES else None
    url = meta.get("url") if isinstance(meta.get("url"), str) else None
    art = Article(
        article_id=article_id,
        title=title,
        lang=lang,
        url=url,
        audience=aud,
        aliases=_str_list(meta.get("aliases")),
        tags=_str_list(meta.get("tags")),
        category=meta.get("category") if isinstance(meta.get("category"), str) else None,
        sections=sections or [Section(None, None, 0, "", start)],
        links=links,
    )
    return art, issues


def _str_list(value: object) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []
