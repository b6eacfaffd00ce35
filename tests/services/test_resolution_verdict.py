"""Words after "did this solve it?" (walkthrough 10, finding 1): thanks and "works now" are a
yes, in the many ways people say them; only a clear "still broken" is a no; the rest is
unclear and is asked again."""

from __future__ import annotations

import pytest

from bot.services.resolution_verdict import Verdict, read_verdict

SOLVED = [
    # the walkthrough's own
    "спасибо, письма пошли!",
    "perfect, I can see sales@ now. thanks a lot Alice!",
    "отлично, теперь всё синхронизируется, спасибо",
    "calls stay up now, thanks!",
    "that fixed it, cheers",
    "да всё работает, письма приходят. закрывайте",
    "всё, уже час работает стабильно, спасибо",
    "回退以后 excel 正常了，谢谢",
    "好了，现在能收到外部邮件了，谢谢！",
    "yes, works now, thanks!",
    "great, it syncs again now 👍",
    # and more of the same
    "thanks!",
    "yes",
    "Thank you so much, the shared calendar shows up again",
    "brilliant, mail is flowing again. cheers Alice",
    "great, no more password prompts. thank you!",
    "it doesn't drop anymore, thanks",
    "all sorted on our side, you can close it",
    "excellent, that did it",
    "Спасибо большое, всё пришло",
    "звонки больше не обрываются, спасибо",
    "ошибок больше нет, благодарю",
    "всё снова работает, спасибо!",
    "супер, Outlook больше не просит пароль",
    "можно закрывать",
    "太好了，日历同步了，多谢",
    "现在不掉线了，谢谢",
    "没问题了，辛苦了",
    "收到了，感谢",
    "可以关闭了，谢谢",
]
NOT_SOLVED = [
    "still broken",
    "no",
    "nope, same error",
    "thanks, but it still drops every 10 minutes",
    "it worked for an hour and then stopped again",
    "doesn't work on the iPhone",
    "it no longer works",
    "still getting 0x800CCC0E",
    "не работает",
    "нет, всё ещё рвётся",
    "спасибо, но почта не приходит",
    "всё равно выкидывает",
    "опять отвалилось",
    "письма так и не приходят",
    "все равно спасибо",  # "thanks anyway": it did not help
    "还是不行",
    "谢谢，但是还是不行",
    "又开始闪退了…",
    "又出问题了",
    "还是收不到邮件",
    "不好意思，还是连不上",
]
UNCLEAR = [
    "ok",
    "hi",
    "好的",
    "хорошо",
    "",
    "I restarted the PC as you said",
    "thanks, I'll try it tomorrow morning",
    "thanks! can you also add Bob to sales@?",
    "works now but only on wifi",
    "thanks, and what was the cause?",
    "спасибо, попробую вечером",
    "а можно ещё Ивану такой же доступ?",
    "спасибо, проверю завтра",
    "谢谢，我明天试试",
    "谢谢，另外能帮我开一个账号吗",
    "thanks " * 60,  # long: says more than yes
]


@pytest.mark.parametrize("text", SOLVED)
def test_thanks_and_works_now_say_it_is_solved(text: str) -> None:
    assert read_verdict(text) is Verdict.SOLVED


@pytest.mark.parametrize("text", NOT_SOLVED)
def test_a_clear_still_broken_says_it_is_not(text: str) -> None:
    assert read_verdict(text) is Verdict.NOT_SOLVED


@pytest.mark.parametrize("text", UNCLEAR)
def test_anything_else_is_asked_again(text: str) -> None:
    assert read_verdict(text) is Verdict.UNCLEAR
