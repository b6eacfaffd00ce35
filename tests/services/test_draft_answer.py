"""What answers the Telegram ticket form: its prompts, severity letters, words kept."""

from __future__ import annotations

import pytest

from bot.enums import Severity
from bot.rendering import Renderer
from bot.services.draft_answer import is_prompt, is_said, severity_in


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_every_languages_prompts_are_known_as_the_forms_questions(lang: str) -> None:
    """A reply to any of the three questions answers the form: each begins "N/3 "."""
    t = Renderer("telegram").translator(lang)
    for key in ("draft_subject_prompt", "draft_severity_prompt", "draft_description_prompt"):
        assert is_prompt(f"{t('draft_intro')}\n{t(key)}"), key
    assert not is_prompt(t("kb_feedback_yes")) and not is_prompt("Step 1/3 of the wizard")


@pytest.mark.parametrize(
    ("typed", "severity"),
    [("a", Severity.A), ("B.", Severity.B), ("(c)", Severity.C), ("В", Severity.B),
     ("с", Severity.C), ("Ａ", Severity.A), (" b ", Severity.B)],
)  # fmt: skip
def test_severity_letters_however_typed(typed: str, severity: Severity) -> None:
    assert severity_in(typed) is severity


@pytest.mark.parametrize("typed", ["high", "D", "срочно", "很急", "A B", "abc", ""])
def test_not_a_severity(typed: str) -> None:
    assert severity_in(typed) is None


def test_words_that_say_something_are_kept_a_mistyped_choice_is_not() -> None:
    assert is_said("the whole office cannot send mail")
    assert is_said("整个办公室都发不了邮件")
    assert not is_said("very high") and not is_said("срочно") and not is_said("很急")
