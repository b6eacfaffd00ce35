"""What a "tentative" floor buys: answers short of the threshold shown as a best guess.

Between ``tentative`` and the threshold the bot shows its best article with "I'm not
certain" and the runners-up beside it, instead of only a list to pick from. For each
floor this counts, per language, the questions in that band, how many of their guesses
are right (the right family on top in the customer's language) and how many wrong (a
wrong family, or any guess to a question no article answers). The floor written is the
lowest whose guesses are right at least ``PRECISION`` of the time in every language.
A wrong guess shows the same three articles the "not sure" list would (the guess and
the two runners-up), but quotes the wrong one as likely; a right one saves the customer
a pick. 0.85 rather than 0.75 because blind sets put the right article on top a few
points less often than tuning sets answered as if unseen (docs/kb-search.md).
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.kb.calibration import Calibration
from bot.kb.lang import SUPPORTED
from bot.kb.questions import Outcome

FLOORS = [round(0.05 * i, 2) for i in range(8, 18)]
PRECISION = 0.85


def band(outcomes: Sequence[Outcome], cal: Calibration, threshold: float, floor: float) -> dict:
    """Per language: questions whose guess would be shown (``shown``, share of all),
    right and wrong guesses (shares of all), and their precision."""
    out: dict[str, dict[str, float]] = {}
    for lang in (*SUPPORTED, "all"):
        mine = [o for o in outcomes if o.judged and (lang == "all" or o.lang == lang)]
        if not mine:
            continue
        shown = [o for o in mine if _in_band(o, cal, threshold, floor)]
        right = sum(o.right_on_top for o in shown)
        wrong = sum(not o.right_family for o in shown)
        out[lang] = {
            "shown": round(len(shown) / len(mine), 3),
            "right": round(right / len(mine), 3),
            "wrong": round(wrong / len(mine), 3),
            "precision": round(right / len(shown), 3) if shown else 1.0,
        }
    return out


def _in_band(o: Outcome, cal: Calibration, threshold: float, floor: float) -> bool:
    if o.evidence is None:
        return False
    conf = cal.confidence(o.evidence)
    needed = max(threshold, cal.strong) if o.foreign_only else threshold
    return floor <= conf < needed


def best_floor(outcomes: Sequence[Outcome], cal: Calibration, threshold: float) -> float:
    """The lowest floor whose guesses are right >= PRECISION in every language (1.0,
    no guesses, when none is)."""
    for floor in FLOORS:
        rates = band(outcomes, cal, threshold, floor)
        if all(r["precision"] >= PRECISION for lang, r in rates.items() if lang != "all"):
            return floor
    return 1.0


def print_floors(outcomes: Sequence[Outcome], cal: Calibration, threshold: float) -> None:
    print(f"\ntentative: floor  per language shown / right / wrong (precision), below {threshold}")
    for floor in FLOORS:
        rates = band(outcomes, cal, threshold, floor)
        cells = "  ".join(
            f"{lang} {r['shown']:.3f}/{r['right']:.3f}/{r['wrong']:.3f} ({r['precision']:.2f})"
            for lang, r in rates.items()
        )
        print(f"  {floor:>15.2f}  {cells}")
