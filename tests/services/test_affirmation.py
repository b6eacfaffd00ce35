"""A word after "did this solve it?": a clear thanks or "works now" says yes (walkthrough 7);
anything with a problem word in it, or a question, is a follow-up."""

from __future__ import annotations

import pytest

from bot.services.affirmation import says_solved

SOLVED = [
    "yep works now, thanks a lot!",
    "thanks",
    "Thank you very much!!",
    "ok thanks!",
    "yes",
    "Yes, it works",
    "works now",
    "it's working again, thank you so much for the quick help Alice!",
    "fixed, cheers",
    "all good now",
    "no problem anymore, thanks",
    "спасибо",
    "Спасибо большое!",
    "да, всё работает",
    "заработало, спасибо!",
    "Помогло, спасибо",
    "谢谢！",
    "好了，谢谢",
    "现在可以了",
    "解决了，非常感谢",
    "没问题了，谢谢",
    "是的",
    # walk-through (sixteenth session): "found it" is a yes in every language
    "great, found it, thank you!",
    "отлично, нашла, спасибо!",
    "好了，找到了，谢谢！",
]
FOLLOW_UPS = [
    "i found it but it is empty",
    "не нашла",
    # "forgot to say: …" adds a detail ("Ask as a new question" on it got "You're welcome!")
    "forgot to say: internal mail works",
    "забыла сказать: внутренняя почта работает",
    "忘了说，内部邮件是好的",
    "still can't share with Jane",
    "hmm it broke again today",
    "thanks, but it still drops every 10 minutes",
    "works on my laptop but not on the iPhone",
    "thanks, I'll check tomorrow",
    "does it work for everyone now?",
    "ok",
    "hi",
    "no",
    "now",
    "again",
    "已经",
    "not really",
    "it works sometimes",
    "works now, but Outlook shows an error",
    "нет, всё ещё рвётся",
    "спасибо, но почта не приходит",
    "работает, но медленно",
    "не работает",
    "опять отвалилось",
    "谢谢，但是还是不行",
    "还是连不上",
    "好了吗？",
    "又出问题了",
    "不行",
    "thanks " * 20,  # long: says something more
]


@pytest.mark.parametrize("text", SOLVED)
def test_a_clear_thanks_or_works_now_says_it_is_solved(text: str) -> None:
    assert says_solved(text)


@pytest.mark.parametrize("text", FOLLOW_UPS)
def test_anything_with_a_problem_word_stays_a_follow_up(text: str) -> None:
    assert not says_solved(text)


@pytest.mark.parametrize(
    "question",
    [
        "во сколько работает ваша поддержка",
        "когда работает поддержка",
        "when does your support work",
        "where is the thing that works with outlook",
        "你们客服几点上班 好了",
    ],
)
def test_a_question_without_a_question_mark_is_not_a_yes(question: str) -> None:
    """Found in a walk-through: the hours question got "Пожалуйста!" and no answer."""
    assert not says_solved(question)
