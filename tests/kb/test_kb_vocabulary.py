"""What a question's words stand for: synonym phrases, a KB's own synonyms file,
Chinese compounds jieba joins, and which section of the found article is quoted."""

from __future__ import annotations

from pathlib import Path

from bot.kb import KnowledgeBase
from bot.kb.analysis import analyze
from bot.kb.synonyms import Synonyms


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_a_synonym_phrase_matches_only_as_consecutive_words() -> None:
    syn = Synonyms([["wecom", "wechat work"], ["onedrive", "one drive"]])
    assert "wecom" in syn.expand(analyze("is wechat work supported"))
    assert "wecom" not in syn.expand(analyze("wechat keeps crashing at work"))
    assert "onedr" in syn.expand(analyze("my one drive is full"))
    assert "onedr" not in syn.expand(analyze("one shared drive is full"))


def test_the_kb_folders_own_synonyms_replace_the_bundled_list(tmp_path: Path) -> None:
    kb_dir = tmp_path / "kb"
    write(kb_dir, "vm.md", "# Virtual machines\n\nResize a virtual machine in the portal.\n")
    write(kb_dir, "refunds.md", "# Refunds\n\nA refund is paid within 30 days.\n")
    plain = KnowledgeBase.from_directory(kb_dir, semantic=False)
    assert plain.search("виртуалка") == []
    assert plain.search("reimbursement")  # the bundled list knows this one

    write(kb_dir, "synonyms.yml", "groups:\n  - [virtual machine, виртуалка]\n")
    kb = KnowledgeBase.from_directory(kb_dir, semantic=False)
    assert [h.article_id for h in kb.search("виртуалка")] == ["vm.md"]
    assert kb.search("reimbursement") == []  # replaced, not merged
    assert kb.synonyms.source == kb_dir / "synonyms.yml"

    other = tmp_path / "other.yml"
    other.write_text("groups:\n  - [refund, reimbursement]\n", encoding="utf-8")
    chosen = KnowledgeBase.from_directory(kb_dir, synonyms_path=other, semantic=False)
    assert chosen.search("виртуалка") == []  # an explicit file wins over the folder's
    assert [h.article_id for h in chosen.search("reimbursement")] == ["refunds.md"]


def test_an_unknown_word_is_known_through_a_synonym_in_its_own_script(tmp_path: Path) -> None:
    write(tmp_path, "renew.md", "---\ntitle: 续订和自动续订\n---\n\n订阅到期前会自动续订。\n")
    write(tmp_path, "pay.md", "---\ntitle: 付款方式\n---\n\n对公转账或刷卡付款。\n")
    write(tmp_path, "synonyms.yml", "groups:\n  - [renewal, 续订, 续费]\n")
    kb = KnowledgeBase.from_directory(tmp_path, semantic=False)
    answer, evidence = kb.answer_with_evidence("续费", lang="zh")
    assert answer.best is not None and answer.best.article_id == "renew.md"
    # the KB knows the word through 续订: not "never seen", and the article covers it
    assert evidence is not None and evidence.known == 1.0 and evidence.coverage == 1.0


def test_a_chinese_compound_jieba_joins_is_split_into_the_kbs_words(tmp_path: Path) -> None:
    write(
        tmp_path,
        "ticket.md",
        "---\ntitle: 如何报告问题\n---\n\n## 提交工单\n\n在聊天中提交工单，写上问题和截图。\n",
    )
    write(tmp_path, "pay.md", "---\ntitle: 付款方式\n---\n\n对公转账或刷卡付款。\n")
    kb = KnowledgeBase.from_directory(tmp_path, semantic=False)
    # jieba keeps "提工单" as one word; the KB only ever says "提交工单" (提交 + 工单)
    assert analyze("怎么提工单") == ["提工单"]
    answer, evidence = kb.answer_with_evidence("怎么提工单", lang="zh")
    assert answer.best is not None and answer.best.article_id == "ticket.md"
    assert evidence is not None and evidence.known == 1.0 and evidence.coverage == 1.0


def test_a_lone_character_does_not_stand_for_an_unknown_product(tmp_path: Path) -> None:
    write(tmp_path, "price.md", "---\ntitle: 价格\n---\n\n金额以人民币计。打不开发票请联系我们。\n")
    kb = KnowledgeBase.from_directory(tmp_path, semantic=False)
    # Kingdee, a product the KB never names
    answer, evidence = kb.answer_with_evidence("金蝶打不开了", lang="zh")
    assert evidence is not None and evidence.known < 0.5
    assert not answer.confident


INVOICE = """---
title: How to read your monthly invoice
aliases:
  - "where can I see last month's invoice"
---

# How to read your monthly invoice

Every month we e-mail one invoice.

## Why the total changed

1. Licences were added: see proration.
2. Usage went up: see the usage report.

## Earlier invoices

Invoices of the last twelve months are in the billing portal; ask us for older ones.
"""


def test_the_quoted_section_is_the_one_holding_the_words_not_the_alias(tmp_path: Path) -> None:
    # The alias lifts every section alike; "see" is all "Why the total changed" shares.
    write(tmp_path, "invoice.md", INVOICE)
    write(tmp_path, "pay.md", "# How to pay\n\nPay by bank transfer.\n")
    kb = KnowledgeBase.from_directory(tmp_path, semantic=False)
    answer = kb.answer("where can i see last months invoice", lang="en")
    assert answer.best is not None and answer.best.section == "Earlier invoices"
    answer = kb.answer("why did the total change", lang="en")
    assert answer.best is not None and answer.best.section == "Why the total changed"


def test_a_translation_is_quoted_at_the_section_the_question_matched(tmp_path: Path) -> None:
    write(tmp_path, "invoice.md", INVOICE)
    write(
        tmp_path,
        "ru/invoice.md",
        "---\ntitle: Как читать ежемесячный счёт\ntranslation_key: invoice\n---\n\n"
        "Каждый месяц мы присылаем один счёт.\n\n"
        "## Почему изменилась сумма\n\nДобавили лицензии или выросло потребление.\n\n"
        "## Прошлые счета\n\nСчета за последние двенадцать месяцев лежат в портале.\n",
    )
    kb = KnowledgeBase.from_directory(tmp_path, semantic=False)
    answer = kb.answer("почему изменилась сумма в счете", lang="ru")
    assert answer.best is not None and answer.best.article_id == "ru/invoice.md"
    assert answer.best.section == "Почему изменилась сумма"
    answer = kb.answer("why did the total change", lang="ru")  # English words, Russian reply
    assert answer.best is not None and answer.best.section == "Почему изменилась сумма"


def test_a_chinese_question_finds_its_section_too(tmp_path: Path) -> None:
    write(
        tmp_path,
        "bill.md",
        "---\ntitle: 如何看懂月度账单\naliases:\n  - 在哪里看上个月的账单\n---\n\n"
        "每月一号我们发送账单。\n\n## 总额为什么变了\n\n增加了许可证，或者用量上升。\n\n"
        "## 以前的账单\n\n最近十二个月的账单都在账单门户里，更早的请联系我们。\n",
    )
    write(tmp_path, "pay.md", "---\ntitle: 付款方式\n---\n\n对公转账或刷卡付款。\n")
    kb = KnowledgeBase.from_directory(tmp_path, semantic=False)
    answer = kb.answer("上个月的账单在哪里", lang="zh")
    assert answer.best is not None and answer.best.section == "以前的账单"


def test_a_chinese_question_counts_each_word_once(tmp_path: Path) -> None:
    # Indexing keeps the sub-words ("状况" inside "运行状况"), a question does not:
    # "运行状况" is one word of the question, not four.
    assert analyze("在哪看服务运行状况") == ["看", "服务", "运行状况"]
    write(tmp_path, "status.md", "---\ntitle: 服务状况\n---\n\n在管理中心查看服务状况。\n")
    write(tmp_path, "pay.md", "---\ntitle: 付款方式\n---\n\n对公转账或刷卡付款。\n")
    kb = KnowledgeBase.from_directory(tmp_path, semantic=False)
    hits = kb.search("运行状况")  # the KB never says 运行状况; its part 状况 still counts
    assert hits and hits[0].article_id == "status.md"


def test_the_shipped_kb_knows_colloquial_verbs_by_the_words_its_articles_use() -> None:
    """ "Расшарить", "залогиниться", "ребутнуть" and 登陆 (how very many people write 登录)
    are what customers type; the articles say поделиться, войти, перезагрузить, 登录."""
    shipped = Synonyms.load(Path(__file__).parents[2] / "knowledge_base" / "synonyms.yml")

    def expands_to(question: str, article_word: str) -> bool:
        wanted = analyze(article_word)
        return all(term in shipped.expand(analyze(question)) for term in wanted)

    assert expands_to("как расшарить папку подрядчику", "поделиться")
    assert expands_to("не могу залогиниться в тимс", "войти")
    assert expands_to("ребутнуть виртуалку", "перезагрузить")
    assert expands_to("outlook登陆不了", "登录")
    assert not expands_to("как поделиться папкой", "войти")
