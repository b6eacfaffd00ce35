"""Nothing cut, nothing dropped, tenants apart — through the real Telegram front end and the
fake Bot API, on SQLite and PostgreSQL: a 10,000-character message reaches the ticket and
the engineers whole (in several messages of at most 4096 characters), a photo with a
caption is a comment with its photo on the ticket, and a staff member's /tickets in a
customer's group goes to their private chat, the group hearing only where it went."""

from __future__ import annotations

from bot.adapters.telegram._html import to_plain_text
from bot.enums import Role
from bot.messages import Actor
from tests.adapters.telegram.conftest import ACME_GROUPS, ENGINEERS_CHAT, Bot
from tests.adapters.telegram.test_threads import (  # noqa: F401  (fixtures)
    bot,
    chat_for,
    conversation_bot,
    open_ticket,
)
from tests.adapters.telegram.updates import ENGINEER_USER, message

STAFF = Actor(role=Role.ENGINEER, user_id="alice")
PHOTO = [
    {"file_id": "AgAD-thumb", "file_unique_id": "t1", "width": 90, "height": 60,
     "file_size": 1_200},
    {"file_id": "AgAD-full", "file_unique_id": "f1", "width": 1280, "height": 853,
     "file_size": 250_880},
]  # fmt: skip


def _ndr() -> str:
    lines = [
        f"Received: from mx{i}.example.net by relay.example.net; hop {i:03d}" for i in range(180)
    ]
    return "\n".join([*lines, "550 5.7.1 Final-Recipient: rfc822; boss@acme.example END-OF-NDR"])


def test_a_long_message_reaches_the_ticket_and_the_engineers_whole(bot: Bot) -> None:  # noqa: F811
    chat = chat_for(bot, "ru")
    number = open_ticket(chat, "Письма возвращаются")
    ndr = _ndr()
    assert len(ndr) > 10_000
    chat.say(ndr, reply_to_bot=True, replied_text=f"Заявка {number} создана")
    added = to_plain_text(chat.next()["text"])
    assert added.startswith(f"Добавлено в {number}")
    _, events = bot.dispatcher.services.tickets.get(STAFF, number)
    assert [e.new for e in events if e.kind == "comment"] == [ndr]
    pieces = bot.api.wait_for(
        "sendMessage",
        3,
        where=lambda c: (
            c.payload["chat_id"] == ENGINEERS_CHAT and "relay.example.net" in c.payload["text"]
        ),
    )
    assert all(len(p.payload["text"]) <= 4096 for p in pieces)
    seen = "\n".join(to_plain_text(p.payload["text"]) for p in pieces)
    assert all(f"hop {i:03d}" in seen for i in range(180)) and "END-OF-NDR" in seen


def test_a_photo_with_a_caption_is_kept_on_the_ticket(bot: Bot) -> None:  # noqa: F811
    chat = chat_for(bot, "zh")
    number = open_ticket(chat, "VPN 连接失败")
    chat.say(
        None,  # type: ignore[arg-type]  (a photo has a caption, not a text)
        photo=PHOTO,
        caption="这是错误截图",
        reply_to_bot=True,
        replied_text=f"工单 {number}",
    )
    added = to_plain_text(chat.next()["text"])
    assert added.startswith(f"已添加到 {number}") and "photo.jpg (245 KB)" in added
    _, events = bot.dispatcher.services.tickets.get(STAFF, number)
    comment = next(e for e in events if e.kind == "comment")
    assert comment.new == "这是错误截图"
    assert [(f.name, f.size, f.mime_type, f.file_id) for f in comment.files] == [
        ("photo.jpg", 250_880, "image/jpeg", "AgAD-full")
    ]
    told = bot.api.wait_for(
        "sendMessage",
        where=lambda c: (
            c.payload["chat_id"] == ENGINEERS_CHAT and "这是错误截图" in c.payload["text"]
        ),
    )[0].payload["text"]
    assert "📎 1. photo.jpg (245 KB)" in to_plain_text(told)


def test_staff_tickets_in_a_customer_group_goes_to_their_private_chat(bot: Bot) -> None:  # noqa: F811
    chat = chat_for(bot, "ru")  # globex's ticket: must never show in acme's group
    number = open_ticket(chat, "Секретный сервер недоступен")
    group = ACME_GROUPS[-1]
    bot.send(message("/tickets", chat_id=group, user_id=ENGINEER_USER))
    private = bot.sent_to(ENGINEER_USER)[0]["text"]
    assert number in to_plain_text(private)
    note = to_plain_text(bot.sent_to(group)[0]["text"])
    assert "private chat" in note and number not in note
    bot.send(message("/link globex", chat_id=group, user_id=ENGINEER_USER))
    code = to_plain_text(bot.sent_to(ENGINEER_USER, 2)[-1]["text"])
    assert "Globex" in code
    in_group = [to_plain_text(m["text"]) for m in bot.sent_to(group, 2)]
    assert len(bot.api.texts(group)) == 2
    assert not [t for t in in_group if number in t or "Globex" in t]


def test_the_note_in_a_customers_group_is_in_the_groups_language(bot: Bot) -> None:  # noqa: F811
    group = -300  # huaxia's group: Chinese, whatever language alice reads
    bot.send(message("/tickets", chat_id=group, user_id=ENGINEER_USER))
    assert bot.sent_to(ENGINEER_USER)[0]["text"]
    note = to_plain_text(bot.sent_to(group)[0]["text"])
    assert "私聊" in note and "private" not in note
