"""Front matter: split it off a markdown file, read it as YAML, keep only valid values.

Authors make every kind of mistake here (a date that does not exist, a list where a
string belongs, a number with 5,000 digits, a tab in the wrong place), and a file is
often edited while the bot serves it. So nothing in this module raises on any input:
broken YAML makes the file unusable (an error naming the line), a value of the wrong
type or shape is dropped with an error naming the key, and everything valid is kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import yaml

from .lang import SUPPORTED, normalize_lang
from .models import KbIssue, Severity

AUDIENCES = ("customer", "engineer")
KNOWN_KEYS = (
    "title",
    "translation_key",
    "lang",
    "category",
    "audience",
    "products",
    "tags",
    "aliases",
    "updated",
    "url",
)
MAX_LIST_ITEMS = 200
MAX_TEXT_CHARS = 2_000

# A front-matter line YAML can only read as "key: some words": a plain scalar that starts
# with a letter and holds none of YAML's indicator characters, or a quoted one without
# escapes or inner quotes. Lines are right-stripped first, so no two whitespace runs
# compete for the same characters: the match is linear in the line's length.
_PLAIN_LINE = re.compile(
    r"([A-Za-z_][\w-]*):[ \t]+(?:"
    r"([^\W\d_][^:#'\"\[\]{}&*!|>%@`\\]*)"
    r"|\"([^\"\\]*)\""
    r"|'([^']*)'"
    r")"
)
# Characters YAML refuses to read: front matter holding one goes to YAML for the error.
_NOT_YAML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
_YAML_WORDS = frozenset(["yes", "no", "true", "false", "on", "off", "null", "y", "n"])
_KEY = re.compile(r"^[a-z0-9][a-z0-9_.-]*(?:/[a-z0-9][a-z0-9_.-]*)*$")

if TYPE_CHECKING:  # the C loader has the same interface as the Python one
    _Base = yaml.SafeLoader
else:
    _Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: ~10x faster


class _Loader(_Base):
    """Safe YAML that never raises while building values: dates stay text (we check
    them ourselves, so ``2024-13-45`` is a reported mistake, not a ValueError), and a
    number Python refuses to build (5,000 digits) stays text too."""


def _as_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> str:
    return str(loader.construct_scalar(node))


def _lenient(
    build: Callable[[yaml.SafeLoader, yaml.ScalarNode], Any],
) -> Callable[[yaml.SafeLoader, yaml.ScalarNode], Any]:
    def construct(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
        try:
            return build(loader, node)
        except (ValueError, OverflowError):
            return _as_text(loader, node)

    return construct


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _as_text)
_Loader.add_constructor("tag:yaml.org,2002:int", _lenient(_Base.construct_yaml_int))
_Loader.add_constructor("tag:yaml.org,2002:float", _lenient(_Base.construct_yaml_float))


def _plain_mapping(raw: str) -> dict[str, Any] | None:
    """The front matter as a dict when every line is ``key: plain words`` (most real
    front matter: a title, a category); None means "let YAML read it". Starting the
    YAML parser costs more than the rest of parsing a short article."""
    if _NOT_YAML.search(raw):
        return None
    meta: dict[str, Any] = {}
    for line in raw.splitlines():
        line = line.rstrip(" \t")
        if not line:
            continue
        match = _PLAIN_LINE.fullmatch(line)
        if match is None or match[1] in meta:
            return None
        plain, quoted = match[2], match[3] if match[3] is not None else match[4]
        if plain is not None and plain.lower() in _YAML_WORDS:
            return None  # YAML reads these as booleans or null
        meta[match[1]] = plain if plain is not None else quoted
    return meta or None


def _yaml_problem(exc: Exception) -> tuple[int, str]:
    """(front-matter line, message) of a YAML error; the context mark points at the
    construct left open (what the author must fix), the problem mark where it gave up."""
    mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
    line = mark.line + 2 if mark is not None else 1
    problem = getattr(exc, "problem", None) or (str(exc).splitlines() or [type(exc).__name__])[0]
    return line, f"invalid YAML front matter: {problem}"


def split_front_matter(
    text: str, path: str, *, report_unknown: bool = False
) -> tuple[dict[str, Any], str, int, list[KbIssue], bool]:
    """Separate the front matter from the body and validate it.

    Returns (meta, body, body_start_line, issues, fatal). Broken YAML is fatal: the
    author meant metadata and we cannot guess it, so the file is skipped. A value of
    the wrong type or shape is an error too, but not fatal: the key is dropped and
    the article serves with the rest. ``meta`` holds only valid, normalised values.
    ``report_unknown`` adds a warning per key the engine does not read (``kb check``
    wants typos like ``tilte``; loading does not, real docs carry keys of their own).
    """
    issues: list[KbIssue] = []
    if not (text.startswith("---\n") or text.startswith("---\r\n")):
        return {}, text, 1, issues, False
    # Only the front matter is split into lines: the body is sliced off whole.
    lines: list[str] = []
    start = text.index("\n") + 1
    stop = start
    closed = False
    while start < len(text):
        stop = text.find("\n", start)
        stop = len(text) if stop < 0 else stop + 1
        row = text[start:stop]
        if row.strip() in ("---", "..."):
            closed = True
            break
        lines.append(row)
        start = stop
    if not closed:
        issues.append(KbIssue(path, 1, "front matter opened with '---' but never closed"))
        return {}, text, 1, issues, True
    raw = "".join(lines)
    body = text[stop:]
    body_line = len(lines) + 3
    try:
        meta = _plain_mapping(raw)
        if meta is None:
            meta = yaml.load(raw, Loader=_Loader) if raw.strip() else {}
    except Exception as exc:  # any YAML or construction failure: never take loading down
        line, message = _yaml_problem(exc)
        issues.append(KbIssue(path, line, message))
        return {}, body, body_line, issues, True
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        issues.append(KbIssue(path, 2, "front matter must be a mapping of keys to values"))
        return {}, body, body_line, issues, True
    clean: dict[str, Any] = {}
    for key in KNOWN_KEYS:
        if key not in meta or meta[key] is None:
            continue
        value, problem = _VALIDATORS[key](meta[key])
        if problem is not None:
            message, severity = problem
            line = _key_line(lines, key)
            issues.append(KbIssue(path, line, f"front matter '{key}' {message}", severity))
        if value is not None:
            clean[key] = value
    if report_unknown:
        for key in meta:
            if str(key) not in KNOWN_KEYS:
                line = _key_line(lines, str(key))
                issues.append(
                    KbIssue(path, line, f"front matter key '{key}' is not used", "warning")
                )
    return clean, body, body_line, issues, False


def _key_line(fm_lines: list[str], key: str) -> int:
    for i, line in enumerate(fm_lines):
        if line.startswith(f"{key}:"):
            return i + 2
    return 2


Problem = tuple[str, Severity] | None  # (message, severity)
_KINDS: dict[type, str] = {dict: "a mapping", list: "a list", bytes: "binary data"}


def _kind(value: object) -> str:
    return _KINDS.get(type(value), type(value).__name__)


def _text(value: object) -> tuple[str | None, Problem]:
    if isinstance(value, str):
        value = value.strip()
        if len(value) > MAX_TEXT_CHARS:
            return None, (f"is longer than {MAX_TEXT_CHARS} characters", "error")
        return value or None, None
    return None, (f"should be a string, got {_kind(value)}", "error")


def _text_list(value: object) -> tuple[list[str] | None, Problem]:
    if isinstance(value, str):
        value = [value]  # a single tag or alias written as a string is fine
    if not isinstance(value, list):
        return None, (f"should be a list of strings, got {_kind(value)}", "error")
    kept = [
        str(v).strip()
        for v in value[:MAX_LIST_ITEMS]
        if isinstance(v, (str, int, float)) and not isinstance(v, bool)
    ]
    kept = [v for v in kept if v and len(v) <= MAX_TEXT_CHARS]
    if len(kept) < len(value):
        return kept, ("should be a list of strings: some items were skipped", "error")
    return kept, None


def _lang(value: object) -> tuple[str | None, Problem]:
    code = normalize_lang(value)
    if code is None:
        shown = value if isinstance(value, str) else _kind(value)
        return None, (f"'{shown}' is not one of {', '.join(SUPPORTED)}; detected instead", "error")
    return code, None


def _audience(value: object) -> tuple[str | None, Problem]:
    if isinstance(value, str) and value.strip().lower() in AUDIENCES:
        return value.strip().lower(), None
    if isinstance(value, str):
        return None, (f"unknown audience '{value}' (use customer or engineer)", "warning")
    return None, (f"should be customer or engineer, got {_kind(value)}", "error")


def _updated(value: object) -> tuple[date | None, Problem]:
    if isinstance(value, date):
        return value if not isinstance(value, datetime) else value.date(), None
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip()[:10]), None
        except ValueError:
            pass
    shown = value if isinstance(value, str) else _kind(value)
    return None, (f"'{str(shown)[:40]}' is not a real date (YYYY-MM-DD)", "error")


def _url(value: object) -> tuple[str | None, Problem]:
    url, problem = _text(value)
    if url is not None and not url.startswith(("https://", "http://")):
        return None, (f"'{url[:80]}' should start with https:// or http://", "error")
    return url, problem


def _translation_key(value: object) -> tuple[str | None, Problem]:
    key, problem = _text(value)
    if key is not None and not _KEY.match(key):
        return None, (f"'{key[:80]}' should look like <topic>/<slug> (lowercase)", "error")
    return key, problem


_VALIDATORS: dict[str, Callable[[object], tuple[Any, Problem]]] = {
    "title": _text,
    "translation_key": _translation_key,
    "lang": _lang,
    "category": _text,
    "audience": _audience,
    "products": _text_list,
    "tags": _text_list,
    "aliases": _text_list,
    "updated": _updated,
    "url": _url,
}
