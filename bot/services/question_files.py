"""Files sent with a KB question, kept with it until the question becomes a ticket.

A customer often sends the screenshot with the question ("outlook keeps asking for my
password" under a photo), before any ticket exists. The bot answers from the KB and
keeps what an engineer needs to find the file (as ``ticket_files`` does: name, size,
type, the platform's file id, Slack's permalink; never the bytes) in the question's
``files`` column; "talk to an engineer" then puts it on the ticket as its first comment.

A file the bot could not find again (neither a file id nor a link), or one beyond
:data:`MAX_FILES` on one question, is not kept, and the sender is told so.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from bot.messages import Attachment

# More than this on one question is a folder dump, not a screenshot: the rest are not kept.
MAX_FILES = 10


@dataclass(frozen=True)
class QuestionFile:
    """A kept file and the platform it was shared on (where its id means something)."""

    platform: str
    file: Attachment


@dataclass(frozen=True)
class FilesKept:
    """What became of the files sent with a question."""

    kept: tuple[Attachment, ...]
    refused: tuple[Attachment, ...]


def sort_out(files: Iterable[Attachment], already: int = 0) -> FilesKept:
    """Which files can be kept: findable ones, up to :data:`MAX_FILES` in all."""
    kept: list[Attachment] = []
    refused: list[Attachment] = []
    for file in files:
        findable = bool(file.file_id or file.link)
        if findable and already + len(kept) < MAX_FILES:
            kept.append(file)
        else:
            refused.append(file)
    return FilesKept(tuple(kept), tuple(refused))


def dump(files: Iterable[QuestionFile]) -> str | None:
    """The column's JSON (None: no files)."""
    rows = [{"platform": f.platform, **asdict(f.file)} for f in files]
    return json.dumps(rows, ensure_ascii=False) if rows else None


def load(column: str | None) -> tuple[QuestionFile, ...]:
    """The files a question kept; a row written by hand that does not parse keeps none."""
    try:
        rows = json.loads(column or "[]")
    except ValueError:
        return ()
    found = []
    for row in rows if isinstance(rows, list) else ():
        if not isinstance(row, dict):
            continue
        platform = str(row.pop("platform", ""))
        try:
            found.append(QuestionFile(platform, Attachment(**row)))
        except TypeError:
            continue
    return tuple(found)
