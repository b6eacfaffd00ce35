"""The nicknames the shipped KB's synonyms know name the services customers use
(walkthrough 11, finding 2: "tims是不是挂了" during a Teams outage found no service)."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest

from bot.kb.synonyms import Synonyms
from bot.services.health.mentions import named_in
from bot.services.kb_aliases import says_any
from bot.settings import ServiceConfig

ROOT = Path(__file__).resolve().parents[2]
SERVICES = [  # as config/demo.yml words them, without the nicknames under test
    ServiceConfig(id="mail", name="Exchange Online (Outlook)", keywords=["outlook", "mail"]),
    ServiceConfig(id="teams", name="Microsoft Teams", keywords=["teams", "meeting"]),
    ServiceConfig(id="vms", name="Azure virtual machines", keywords=["vm", "虚拟机"]),
]


@pytest.mark.parametrize(
    ("text", "service"),
    [
        ("开会进不去，tims是不是挂了", "teams"),
        ("тимс не работает", "teams"),
        ("аутлук не отправляет", "mail"),
        ("虚机连不上了", "vms"),
    ],
)
def test_a_nickname_the_kb_knows_names_the_service(text: str, service: str) -> None:
    synonyms = Synonyms.for_kb(ROOT / "knowledge_base")
    assert named_in(SERVICES, text) == []  # the services' own words miss it
    assert named_in(SERVICES, text, says=partial(says_any, synonyms)) == [service]


def test_words_that_name_no_service_stay_unnamed() -> None:
    synonyms = Synonyms.for_kb(ROOT / "knowledge_base")
    says = partial(says_any, synonyms)
    assert named_in(SERVICES, "как выставить счёт за декабрь", says=says) == []
