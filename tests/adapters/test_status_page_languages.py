"""The public status page reads an incident note written in several languages in the
page's language, never as the raw ``en: … | ru: …`` an engineer typed."""

from __future__ import annotations

from starlette.testclient import TestClient

from bot.dispatcher import Dispatcher
from bot.server import build_app
from tests.conftest import Say


def test_each_page_language_shows_its_part_of_the_note(say: Say, dispatcher: Dispatcher) -> None:
    note = "en: Mail queues are slow | ru: Почта задерживается | zh: 邮件队列缓慢"
    say(f"/incident open mail degraded {note}", user="U_ALICE")
    client = TestClient(build_app(dispatcher, front_ends=[]))
    pages = {lang: client.get(f"/status?lang={lang}").text for lang in ("en", "ru", "zh")}
    assert "Mail queues are slow" in pages["en"] and "ru: " not in pages["en"]
    assert "Почта задерживается" in pages["ru"] and "Mail queues" not in pages["ru"]
    assert "邮件队列缓慢" in pages["zh"] and "Mail queues" not in pages["zh"]
    # A note in one language only comes as written, saying which language it is in.
    assert "Служба поддержки написала это по-английски." in pages["ru"]  # the VPN's config note
