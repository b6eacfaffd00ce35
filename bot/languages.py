"""Texts written in several languages at once: incident notes and config notes.

An engineer can give a note in each language on one line, each part led by its
language code, the parts separated by ``|``::

    /incident update 12 en: Mail is slow in Europe | ru: Почта медленно работает | zh: 邮件缓慢

(the config takes the same as a mapping, ``note: {en: …, ru: …}``, stored in this
form). A reader gets the part in their language. A note without their part — or a
note written once, in one language — is given as written, after a line in the
reader's language saying which language it is in, so nobody is left wondering why
the bot switched languages.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

SUPPORTED = ("en", "ru", "zh")  # as bot.kb.lang; not imported: the settings load this module
_TAG = r"(?:en|ru|zh)\s*[:：]"
_PART = re.compile(rf"\s*\|\s*(?={_TAG})", re.IGNORECASE)
_LEAD = re.compile(rf"^\s*({_TAG})\s*", re.IGNORECASE)


def join_texts(texts: Mapping[str, str]) -> str:
    """``{en: …, ru: …}`` as one note: ``en: … | ru: …`` (languages in a fixed order)."""
    order = [lang for lang in SUPPORTED if lang in texts]
    return " | ".join(f"{lang}: {texts[lang].strip()}" for lang in order)


def split_texts(text: str) -> dict[str, str]:
    """The parts of a note written in several languages, by language; ``{}`` when the
    note is plain text (it does not start with a language code and a colon)."""
    if not _LEAD.match(text or ""):
        return {}
    texts: dict[str, str] = {}
    for part in _PART.split(text.strip()):
        lead = _LEAD.match(part)
        if lead is None:  # cannot happen: every split point is followed by a tag
            continue
        lang = lead.group(1)[:2].lower()
        body = part[lead.end() :].strip()
        if body and lang not in texts:
            texts[lang] = body
    return texts


@dataclass(frozen=True)
class NoteText:
    """A note as one reader gets it: the words, and the language they are written in
    when that is not the reader's (None when it is)."""

    text: str
    written_in: str | None = None


def text_for(text: str, lang: str, fallback: str = "en") -> NoteText:
    """The part of ``text`` in ``lang``; else the ``fallback`` language's part, else the
    first; a plain note as written. ``written_in`` says when it is not in ``lang``."""
    if not text:
        return NoteText("")
    texts = split_texts(text)
    if not texts:
        from bot.kb.lang import detect_language  # the KB package is heavy: only when asked

        written = detect_language(text)
        return NoteText(text, None if written == lang else written)
    if lang in texts:
        return NoteText(texts[lang])
    chosen = fallback if fallback in texts else next(iter(texts))
    return NoteText(texts[chosen], chosen)


def wording(lang: str) -> Callable[[str], str]:
    """The locale's words for ``lang`` (English where it has none), by key."""
    from bot.rendering import FALLBACK_LANGUAGE, load_locale, templates_dir

    folder = str(templates_dir())
    primary, english = load_locale(folder, lang), load_locale(folder, FALLBACK_LANGUAGE)
    return lambda key: primary.get(key) or english.get(key) or key


def name_for(names: object, lang: str, fallback: str = "en") -> str:
    """A name given per language (``{en: 21Vianet, zh: 世纪互联}``: the provider's) for a
    reader of ``lang``; a plain name (a notice queued before names had languages) as is."""
    if isinstance(names, Mapping):
        return str(names.get(lang) or names.get(fallback) or next(iter(names.values()), ""))
    return "" if names is None else str(names)


def localized_note(text: str, lang: str, fallback: str = "en") -> str:
    """``text`` for a reader of ``lang`` as one string: their part, or the note as
    written after the line ``note_written_in_<language>`` in the reader's wording.

    Services hand this to templates as data (the templates show a note as it comes).
    """
    note = text_for(text, lang, fallback)
    if note.written_in is None:
        return note.text
    return f"{wording(lang)('note_written_in_' + note.written_in)}\n{note.text}"


def stranger_language(text: str, app_language: str, default: str) -> str:
    """The language to answer someone in whom no customer's chat explains (a private
    chat nobody has linked yet): the one their words are clearly in, else the one their
    app is set to when it is ours ("ru-RU", "zh-hans"), else the reseller's ``default``.
    Their first answer should not be in a language they may not read."""
    from bot.kb.lang import clear_language, normalize_lang  # heavy: only when asked

    return clear_language(text) or normalize_lang(app_language) or default


def written_in(text: str) -> str | None:
    """The language an engineer's message is clearly written in (None: too short or mixed
    to tell), kept with the notice so a customer who reads another language is told which
    one it is, as with incident notes."""
    from bot.kb.lang import clear_language  # the KB package is heavy: only when asked

    return clear_language(text) if text else None
