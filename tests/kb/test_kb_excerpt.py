"""Excerpts quote whole paragraphs and list items, and never stop at a lead-in."""

from __future__ import annotations

from bot.kb.answer import make_excerpt


def test_a_long_list_after_a_lead_in_is_cut_between_items_not_dropped() -> None:
    # Walkthrough: "teams wont sign in, error caa70004" quoted "What they usually mean:"
    # and then only "…", because the list was one block too long to fit.
    items = [
        f"- **caa2000{i}**: step {i}. " + "Check the date, time and saved credentials. " * 6
        for i in range(4)
    ]
    text = "Codes starting with caa come from Windows. What they usually mean:\n\n" + "\n".join(
        items
    )
    excerpt = make_excerpt(text)
    assert excerpt.startswith("Codes starting with caa")
    assert items[0] in excerpt  # the first item, whole
    assert excerpt.endswith("…") and items[-1] not in excerpt
    quoted = [line for line in excerpt.split("\n") if line.startswith("- ")]
    assert quoted == items[: len(quoted)]  # whole items only, none cut mid-way


def test_short_sections_and_paragraphs_are_kept_as_written() -> None:
    short = "1. Open Outlook.\n2. Select File."
    assert make_excerpt(short) == short
    paras = [("First paragraph. " * 10).strip(), ("Second one. " * 10).strip(), "Third. " * 90]
    excerpt = make_excerpt("\n\n".join(paras))
    assert excerpt == paras[0] + "\n\n" + paras[1] + "\n\n…"


def test_a_single_huge_paragraph_is_cut_at_a_sentence() -> None:
    text = "This sentence explains one step of the fix. " * 40
    excerpt = make_excerpt(text)
    assert excerpt.endswith("fix. …") and len(excerpt) <= 710
