"""Between the calibration's ``tentative`` floor and the threshold, the best article is
the answer as a guess, and the runners-up (other families only) are the list."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from bot.kb import KnowledgeBase
from bot.kb.calibration import FALLBACK_WEIGHTS, Calibration

QUESTION = "outlook mailbox full archive"


def _kb(root: Path, **bars: float) -> KnowledgeBase:
    articles = {
        "mail/quota.md": "# Mailbox quota is full\n\nOutlook says the mailbox is full.\n",
        "mail/archive.md": "# Archive old mail in Outlook\n\nOutlook archives mail by age.\n",
        "mail/forward.md": "# Forward mail\n\nOutlook forwards mail with a rule.\n",
        "vpn/tunnel.md": "# VPN tunnel drops\n\nThe VPN tunnel drops every hour.\n",
    }
    for rel, text in articles.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    rule = replace(Calibration(dict(FALLBACK_WEIGHTS)), **bars)
    return KnowledgeBase.from_directory(root, semantic=False, calibration=rule)


def test_a_guess_between_the_floor_and_the_threshold(tmp_path: Path) -> None:
    conf = _kb(tmp_path).answer(QUESTION, lang="en").confidence
    assert 0.02 < conf < 0.98
    kb = _kb(tmp_path, threshold=conf + 0.01, tentative=conf - 0.01)
    guess = kb.answer(QUESTION, lang="en")
    assert guess.tentative and not guess.confident and guess.best is not None
    families = [h.family for h in guess.closest]
    assert 1 <= len(families) <= 2 and guess.best.family not in families
    assert guess.excerpt  # quoted like an answer
    assert guess.see_also == ()


def test_no_guess_below_the_floor_or_above_the_threshold(tmp_path: Path) -> None:
    conf = _kb(tmp_path).answer(QUESTION, lang="en").confidence
    below = _kb(tmp_path, threshold=conf + 0.02, tentative=conf + 0.01).answer(QUESTION, lang="en")
    assert not below.tentative and not below.confident
    assert below.best is not None and below.closest[0].family == below.best.family  # the list
    sure = _kb(tmp_path, threshold=conf - 0.01, tentative=0.0).answer(QUESTION, lang="en")
    assert sure.confident and not sure.tentative and sure.closest == ()


def test_no_guess_where_nothing_is_close(tmp_path: Path) -> None:
    conf = _kb(tmp_path).answer(QUESTION, lang="en").confidence
    kb = _kb(tmp_path, threshold=conf + 0.02, tentative=0.0, nothing_close=conf + 0.01)
    answer = kb.answer(QUESTION, lang="en")
    assert not answer.tentative and answer.closest == ()
