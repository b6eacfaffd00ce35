"""Build a KB benchmark set from a docs repository, the way /work/shared/datasets is built.

From a git mirror of a CC BY 4.0 Microsoft Docs repository (``fetch`` puts one under
/work/.mirror), take the markdown articles under one folder and write:

* ``kb/<path>.md`` — each article with front matter ``title:`` only; every question
  heading used as a query is cut out (its answer text stays), and so is a body line
  repeating the description ("**Summary**: ...");
* ``queries.jsonl`` — ``description`` queries (the front-matter description, never in
  the KB) and ``faq_heading`` queries (question headings, "Why did I get this bounce
  message?", that occur in one article only: boilerplate like "What do you need to
  know before you begin?" is in dozens and has no single right answer);
* ``README.md`` — source, commit, licence, counts.

Nothing from the mirror is committed to this repository; the built set lives under
/work/shared/datasets. Usage (the defaults build ``exchange-online-en``)::

    .venv/bin/python bench/build_docs_dataset.py \\
        --mirror /work/.mirror/MicrosoftDocs+OfficeDocs-Exchange/repo \\
        --folder Exchange/ExchangeOnline --out /work/shared/datasets/exchange-online-en
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import yaml

QUESTION = re.compile(r"^(#{2,6})[ \t]+(.+\?)[ \t]*#*[ \t]*$")
FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*\n", re.S)
MIN_WORDS = 4
INLINE = re.compile(r"[*_`]+|\[([^\]]*)\]\([^)]*\)")


def git(mirror: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(mirror), *args], capture_output=True, text=True, check=True
    ).stdout


def plain(text: str) -> str:
    """Heading or description text without markdown, a "Q:" prefix or extra spaces."""
    text = INLINE.sub(lambda m: m.group(1) or "", text)
    text = re.sub(r"^(Q|Question)\s*:\s*", "", text.strip(), flags=re.I)
    return " ".join(text.split())


def split(text: str) -> tuple[dict, str]:
    match = FRONT.match(text)
    if not match:
        return {}, text
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError:
        meta = {}
    return (meta if isinstance(meta, dict) else {}), text[match.end() :]


def articles(mirror: Path, commit: str, folder: str) -> dict[str, str]:
    paths = git(mirror, "ls-tree", "-r", "--name-only", commit, folder).splitlines()
    keep = [
        p
        for p in paths
        if p.endswith(".md") and "/includes/" not in p and not p.lower().endswith("toc.md")
    ]
    return {p: git(mirror, "show", f"{commit}:{p}") for p in keep}


def build(mirror: Path, folder: str, out: Path, commit: str) -> dict[str, int]:
    raw = articles(mirror, commit, folder)
    parsed = {p: split(t) for p, t in raw.items()}
    headings: Counter[str] = Counter()
    for _meta, body in parsed.values():
        found = {plain(m.group(2)).lower() for m in map(QUESTION.match, body.splitlines()) if m}
        headings.update(found)
    if out.exists():
        shutil.rmtree(out)
    (out / "kb").mkdir(parents=True)
    queries: list[dict] = []
    for path, (meta, body) in sorted(parsed.items()):
        rel = path[len(folder) :].lstrip("/")
        title = meta.get("title") if isinstance(meta.get("title"), str) else None
        if not title or not body.strip():
            continue
        description = meta.get("description") if isinstance(meta.get("description"), str) else ""
        description = plain(re.sub(r"^\s*Summary\s*:\s*", "", description, flags=re.I))
        lines = []
        for line in body.splitlines():
            m = QUESTION.match(line)
            heading = plain(m.group(2)) if m else ""
            if m and headings[heading.lower()] == 1 and len(heading.split()) >= MIN_WORDS:
                queries.append({"kind": "faq_heading", "query": heading, "gold": [rel]})
                continue  # the question is cut out; its answer stays
            if description and len(description) > 30 and description[:60] in plain(line):
                continue  # "**Summary**: <the description>" would give the answer away
            lines.append(line)
        text = f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n---\n" + "\n".join(lines)
        target = out / "kb" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text.rstrip() + "\n", encoding="utf-8")
        if len(description.split()) >= MIN_WORDS:
            queries.append({"kind": "description", "query": description, "gold": [rel]})
    queries.sort(key=lambda q: (q["kind"], q["gold"][0], q["query"]))
    counts = Counter(q["kind"] for q in queries)
    with (out / "queries.jsonl").open("w", encoding="utf-8") as fh:
        for kind in sorted(counts):
            for i, q in enumerate(x for x in queries if x["kind"] == kind):
                row = {"qid": f"{kind}-{i:05d}", **q}
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return {"articles": len(list((out / "kb").rglob("*.md"))), **counts}


README = """# {name}

Built by `bench/build_docs_dataset.py` (supportbot) for measuring KB search; not tuned on.

Source: the Microsoft Docs repository **{repo}**, folder `{folder}`, commit `{commit}`
({date}). Licence: **Creative Commons Attribution 4.0 International** (the repository's
LICENSE; code samples MIT, LICENSE-CODE), © Microsoft. The articles here are adapted:
front matter cut to `title:`, question headings used as queries and the "Summary:" line
repeating the description removed.

* `kb/`: {articles} articles in English;
* `queries.jsonl`: {description} `description` queries (the front-matter description,
  not in the KB) and {faq_heading} `faq_heading` queries (question headings found in one
  article only, cut out of it).

Layout as in ../README.md: `kb/` is a folder of markdown files; `queries.jsonl` has one JSON
object a line, `{{"qid": ..., "kind": ..., "query": "...", "gold": ["path/relative/to/kb.md"]}}`.
"""


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--mirror", type=Path, default=Path("/work/.mirror/MicrosoftDocs+OfficeDocs-Exchange/repo")
    )
    ap.add_argument("--repo", default="MicrosoftDocs/OfficeDocs-Exchange")
    ap.add_argument("--folder", default="Exchange/ExchangeOnline")
    ap.add_argument("--out", type=Path, default=Path("/work/shared/datasets/exchange-online-en"))
    ap.add_argument("--commit", default="HEAD")
    args = ap.parse_args()
    commit = git(args.mirror, "rev-parse", args.commit).strip()
    date = git(args.mirror, "show", "-s", "--format=%cd", "--date=short", commit).strip()
    counts = build(args.mirror, args.folder, args.out, commit)
    (args.out / "README.md").write_text(
        README.format(
            name=args.out.name,
            repo=args.repo,
            folder=args.folder,
            commit=commit,
            date=date,
            articles=counts["articles"],
            description=counts.get("description", 0),
            faq_heading=counts.get("faq_heading", 0),
        ),
        encoding="utf-8",
    )
    print(json.dumps({"out": str(args.out), "commit": commit, **counts}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
