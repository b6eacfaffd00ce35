"""How much the embeddings weigh in ranking, fitted per pair of models.

``bot/kb/data/ranker.yml`` holds, for each backend key (``e5+use``: e5 for article
texts, USE and e5 for titles and aliases; ``use``; ``e5``), the weight of the z-scored
similarity to the article's text (``article``), to the closest title or alias of the
article's family in any language by the main line model (``line``) and by the second
one (``line2``: e5 reading the lines as questions, when USE is the main one), relative
to the lexical score divided by the best one. It is written by
``bench/kb_fit_ranker.py``, which fits them as a conditional logit over the candidate
articles of judged questions. A backend without fitted weights gets the old hand-set
rule: the text at 0.07, no lines.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import yaml

log = logging.getLogger(__name__)
DEFAULT_PATH = Path(__file__).parent / "data" / "ranker.yml"


class RankerWeights(NamedTuple):
    article: float
    line: float
    line2: float = 0.0


FALLBACK = RankerWeights(0.07, 0.0)


@lru_cache(maxsize=8)
def _load(path: Path) -> dict[str, RankerWeights]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return {
            str(key): RankerWeights(
                float(value["article"]), float(value["line"]), float(value.get("line2", 0.0))
            )
            for key, value in dict(data).items()
        }
    except FileNotFoundError:
        return {}
    except (OSError, ValueError, TypeError, KeyError, yaml.YAMLError) as exc:
        log.warning("kb: cannot read ranker weights %s (%s); using the built-in rule", path, exc)
        return {}


def weights_for(backend_key: str, path: Path = DEFAULT_PATH) -> RankerWeights:
    """The fitted weights for ``backend_key``, else the built-in rule."""
    return _load(path).get(backend_key, FALLBACK)


def write_weights(weights: dict[str, RankerWeights], note: str, path: Path = DEFAULT_PATH) -> None:
    """Store weights (merged with those of other backends already in the file)."""
    merged = {**_load(path), **weights}
    data = {k: {name: round(v, 4) for name, v in w._asdict().items()} for k, w in merged.items()}
    head = "# Written by bench/kb_fit_ranker.py; see bot/kb/ranker_weights.py.\n"
    comment = "".join(f"# {line}\n" for line in note.splitlines())
    path.write_text(head + comment + yaml.safe_dump(data, sort_keys=True), encoding="utf-8")
    _load.cache_clear()
