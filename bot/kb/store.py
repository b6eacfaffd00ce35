"""Per-file cache of parsed and analysed articles, so reloads re-parse only what changed."""

from __future__ import annotations

import hashlib
import itertools
import logging
import os
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .analysis import analyze, chunk_terms, chunks
from .markdown import index_text, parse_article
from .models import Article, KbIssue

log = logging.getLogger(__name__)

# Field numbers shared by the article and section indexes.
F_TITLE, F_ALIASES, F_HEADINGS, F_BODY, F_PAIRS = 0, 1, 2, 3, 4


HEADING_PAIRS = False
STALE_NOTE = "the last good version keeps serving until this file is fixed"
CHUNK_IDS_MAX = 300_000  # memoised chunks per vocabulary (~40 MB at most)


def pairs(terms: list[str]) -> Counter[str]:
    """Adjacent term pairs ("reset password") of short fields: matching a pair
    means the words appear together as in the question, not just anywhere."""
    return Counter(f"{a}\x1f{b}" for a, b in itertools.pairwise(terms) if a != b)


@dataclass
class Encoded:
    """An article's terms as compact arrays of global term ids.

    ``sec`` arrays hold heading/body entries per section (local section index);
    ``head`` arrays hold title/alias entries shared by every section. Storing
    ids instead of Counters keeps a 10k-article KB in tens of MB and lets the
    index be rebuilt with a few numpy concatenations.
    """

    n_sections: int
    sec_doc: np.ndarray
    sec_field: np.ndarray
    sec_term: np.ndarray
    sec_tf: np.ndarray
    head_field: np.ndarray
    head_term: np.ndarray
    head_tf: np.ndarray


@dataclass
class FileEntry:
    """What we know about one file: its stat signature, hash, parse result."""

    mtime_ns: int
    size: int
    digest: str
    article: Article | None
    issues: list[KbIssue] = field(default_factory=list)
    encoded: Encoded | None = None


def _load_trim() -> Callable[[int], int] | None:
    try:
        import ctypes

        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc: nothing to do
        return None


_malloc_trim = _load_trim()


def release_memory() -> None:
    """Hand freed heap back to the OS (glibc only).

    Loading churns through many short-lived strings (file text, lowercased
    copies) between long-lived ones (section texts), which leaves holes glibc
    keeps; trimming now and then holds peak RSS of a 10k-article load ~40% lower.
    """
    if _malloc_trim is not None:
        _malloc_trim(0)


class Vocabulary:
    """Append-only term -> id map shared by all files (ids stay valid across reloads)."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.terms: list[str] = []
        self._chunk_ids: dict[str, tuple[int, ...]] = {}

    def encode_text(self, text: str) -> tuple[list[int], list[int]]:
        """Term ids and frequencies of ``text``, counted from its :func:`chunks` in one
        pass. Indexing spends most of its time here, so each distinct chunk's term ids
        are memoised (bounded), skipping the term strings altogether."""
        cache = self._chunk_ids
        counts: dict[int, int] = {}
        get = counts.get
        for chunk, n in chunks(text).items():
            ids = cache.get(chunk)
            if ids is None:
                ids = tuple(self._id(term) for term in chunk_terms(chunk))
                if len(cache) < CHUNK_IDS_MAX:
                    cache[chunk] = ids
            for i in ids:
                counts[i] = get(i, 0) + n
        return list(counts), list(counts.values())

    def _id(self, term: str) -> int:
        i = self.ids.get(term)
        if i is None:
            i = self.ids[term] = len(self.terms)
            self.terms.append(term)
        return i

    def encode(self, counts: Counter[str]) -> tuple[list[int], list[int]]:
        ids = self.ids
        out: list[int] = []
        for t in counts:
            i = ids.get(t)
            if i is None:
                i = ids[t] = len(self.terms)
                self.terms.append(t)
            out.append(i)
        return out, list(counts.values())

    def __len__(self) -> int:
        return len(self.terms)


def encode_article(art: Article, vocab: Vocabulary) -> Encoded:
    """Analyse an article's fields and encode them as term-id arrays."""
    sd: list[int] = []
    sf: list[int] = []
    st: list[int] = []
    stf: list[int] = []
    parents: list[tuple[int, str]] = []
    for i, sec in enumerate(art.sections):
        if sec.heading:
            while parents and parents[-1][0] >= sec.level:
                parents.pop()
            heading = " ".join([p[1] for p in parents] + [sec.heading])
            parents.append((sec.level, sec.heading))
            ids, tfs = vocab.encode_text(heading)
            st.extend(ids)
            stf.extend(tfs)
            sd.extend([i] * len(ids))
            sf.extend([F_HEADINGS] * len(ids))
            ids, tfs = vocab.encode(pairs(analyze(sec.heading)) if HEADING_PAIRS else Counter())
            st.extend(ids)
            stf.extend(tfs)
            sd.extend([i] * len(ids))
            sf.extend([F_PAIRS] * len(ids))
        ids, tfs = vocab.encode_text(index_text(sec.text))
        st.extend(ids)
        stf.extend(tfs)
        sd.extend([i] * len(ids))
        sf.extend([F_BODY] * len(ids))
    hf: list[int] = []
    ht: list[int] = []
    htf: list[int] = []
    for fld, text in (
        (F_TITLE, art.title),
        (F_ALIASES, "\n".join([*art.aliases, *art.tags, art.category or ""])),
    ):
        ids, tfs = vocab.encode_text(text)
        ht.extend(ids)
        htf.extend(tfs)
        hf.extend([fld] * len(ids))
        pc: Counter[str] = Counter()
        for line in text.split("\n"):
            pc.update(pairs(analyze(line)))
        ids, tfs = vocab.encode(pc)
        ht.extend(ids)
        htf.extend(tfs)
        hf.extend([F_PAIRS] * len(ids))
    return Encoded(
        len(art.sections),
        np.asarray(sd, np.int32),
        np.asarray(sf, np.int8),
        np.asarray(st, np.int32),
        np.asarray(stf, np.int32),
        np.asarray(hf, np.int8),
        np.asarray(ht, np.int32),
        np.asarray(htf, np.int32),
    )


def read_file(path: Path, rel: str) -> tuple[str | None, str, list[KbIssue]]:
    """Read a file as UTF-8; returns (text, sha1, issues)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, "", [KbIssue(rel, None, f"cannot read file: {exc.strerror or exc}")]
    digest = hashlib.sha1(data).hexdigest()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, digest, [KbIssue(rel, line, f"not valid UTF-8 (byte {exc.start})")]
    return text.replace("\r\n", "\n"), digest, []


def scan(root: Path) -> dict[str, tuple[Path, os.stat_result]]:
    """All ``.md`` files under root (recursive, hidden folders skipped), by posix rel path."""
    found: dict[str, tuple[Path, os.stat_result]] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.lower().endswith(".md") or name.startswith("."):
                continue
            p = Path(dirpath) / name
            try:
                st = p.stat()
            except OSError:
                continue
            found[p.relative_to(root).as_posix()] = (p, st)
    return found


def load_entry(
    path: Path, rel: str, st: os.stat_result, vocab: Vocabulary, old: FileEntry | None
) -> tuple[FileEntry, bool]:
    """(Re)load one file; returns (entry, parsed) where parsed=False means the
    content hash matched the old entry and only the stat signature was updated.

    A file that cannot be used any more (broken YAML, unreadable, an indexing bug)
    keeps serving its last good version until it is fixed: an edit made while the
    bot runs must not take an answer away. The problem is reported either way.
    """
    text, digest, issues = read_file(path, rel)
    if old is not None and digest and digest == old.digest:
        old.mtime_ns, old.size = st.st_mtime_ns, st.st_size
        return old, False
    art: Article | None = None
    enc: Encoded | None = None
    if text is not None:
        try:
            art, more = parse_article(rel, text)
            issues += more
            enc = encode_article(art, vocab) if art is not None else None
        except Exception as exc:  # a bug on one odd file must not stop the others loading
            log.exception("kb: %s could not be indexed", rel)
            art, enc = None, None
            issues.append(KbIssue(rel, None, f"could not be indexed: {type(exc).__name__}"))
    if art is None and old is not None and old.article is not None:
        # Broken now: serve its last good version, with a warning that says so.
        issues.append(KbIssue(rel, None, STALE_NOTE, "warning"))
        return FileEntry(st.st_mtime_ns, st.st_size, digest, old.article, issues, old.encoded), True
    return FileEntry(st.st_mtime_ns, st.st_size, digest, art, issues, enc), True
