"""Notes in several languages: each reader gets theirs, or the note as written with a
line saying which language it is in."""

from __future__ import annotations

from bot.languages import join_texts, localized_note, split_texts, text_for

NOTE = "en: Mail is slow | ru: Почта работает медленно | zh: 邮件缓慢"


def test_each_reader_gets_their_part() -> None:
    assert split_texts(NOTE) == {
        "en": "Mail is slow",
        "ru": "Почта работает медленно",
        "zh": "邮件缓慢",
    }
    assert [localized_note(NOTE, lang) for lang in ("en", "ru", "zh")] == [
        "Mail is slow",
        "Почта работает медленно",
        "邮件缓慢",
    ]


def test_a_missing_language_falls_back_and_says_so() -> None:
    note = "ru: Почта работает медленно | en: Mail is slow"
    assert text_for(note, "zh").written_in == "en"  # the fallback language first
    assert localized_note(note, "zh") == "（以下内容由支持团队用英文撰写。）\nMail is slow"
    assert text_for("ru: Только по-русски", "en").text == "Только по-русски"


def test_a_plain_note_is_given_as_written() -> None:
    assert localized_note("Fix is rolling out", "en") == "Fix is rolling out"
    assert localized_note("Fix is rolling out", "ru") == (
        "(Служба поддержки написала это по-английски.)\nFix is rolling out"
    )
    assert localized_note("Почта не работает", "ru") == "Почта не работает"


def test_a_bar_inside_a_note_is_words_not_a_language() -> None:
    note = "en: Use A | B fallback | ru: Используйте A | B"
    assert split_texts(note) == {"en": "Use A | B fallback", "ru": "Используйте A | B"}
    assert split_texts("Ports 80 | 443 are open") == {}
    assert split_texts("Entry: en: no") == {}  # not led by a language code


def test_the_config_mapping_round_trips() -> None:
    assert split_texts(join_texts({"zh": "邮件缓慢", "en": "Mail is slow"})) == {
        "en": "Mail is slow",
        "zh": "邮件缓慢",
    }
