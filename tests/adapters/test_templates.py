"""Where each front end finds a reply kind's template, and that they say the same thing.

A front end uses its own ``templates/<front end>/<kind>.<ext>.j2`` when its layout
differs, else ``templates/shared/<kind>.j2``. Every kind must resolve on every front
end, and a front end's own template must not drop wording the shared one (or another
front end's own one) says.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.adapters.slack.render import build_renderer
from bot.adapters.telegram.render import TelegramRenderer
from bot.rendering import Renderer, templates_dir
from tests.adapters.test_escaping import KINDS

RENDERERS = {
    "console": Renderer("console"),
    "slack": build_renderer(),
    "telegram": TelegramRenderer(),
}
# Console wording that only makes sense in a terminal (chats have buttons instead).
CONSOLE_ONLY_KEYS = {
    "console_actions",
    "console_action_engineer",
    "console_action_ask",
    "console_action_confirm",
    "console_action_add",
}
# Chat wording the console says its own way (``console_action_ask``: type /ask; "press
# “Talk to an engineer” below" is ``console_action_engineer``: type /engineer), or never
# needs: a console customer has no colleagues whose ticket to add a message to, and no
# "Add to the ticket" button to press under an answer.
CHAT_ONLY_KEYS = {
    "ticket_comment_not_about",
    "kb_nearby_ticket",
    "kb_own_ticket",
    "kb_opened_ticket",
    "kb_for_team_button",
    "action_kb_talk_to_engineer",
}


def _keys(path: Path) -> set[str]:
    # t("key"), and label("key") / heading("key"): the key followed by the language's colon
    pattern = r"""(?:t|label|heading)\(\s*["']([a-z0-9_]+)["']"""
    return set(re.findall(pattern, path.read_text(encoding="utf-8")))


@pytest.mark.parametrize("front_end", sorted(RENDERERS))
def test_every_reply_kind_has_a_template_on_every_front_end(front_end: str) -> None:
    renderer = RENDERERS[front_end]
    missing = [k for k in KINDS if not (templates_dir() / renderer.template_name(k)).exists()]
    assert not missing, f"no {front_end} or shared template for: {missing}"


def test_own_templates_come_first_then_shared() -> None:
    assert RENDERERS["slack"].template_name("digest") == "slack/digest.mrkdwn.j2"
    assert RENDERERS["slack"].template_name("ticket_opened") == "shared/ticket_opened.j2"
    assert RENDERERS["console"].template_name("ticket_list") == "console/ticket_list.txt.j2"


def test_most_kinds_share_one_template() -> None:
    shared = list((templates_dir() / "shared").glob("*.j2"))
    assert len(shared) >= len(KINDS) * 2 // 3


def test_front_ends_say_the_same_things() -> None:
    """Catches drift: wording added to one front end's template must reach the others."""
    drift = {}
    for kind in KINDS:
        paths = {templates_dir() / r.template_name(kind) for r in RENDERERS.values()}
        keys = {path: _keys(path) for path in paths}
        every = set().union(*keys.values()) - CONSOLE_ONLY_KEYS
        for path, said in keys.items():
            missing = every - said - (CHAT_ONLY_KEYS if path.parent.name == "console" else set())
            if missing:
                drift[str(path.relative_to(templates_dir()))] = sorted(missing)
    assert not drift, f"wording keys missing: {drift}"


def test_a_label_s_colon_comes_from_the_language() -> None:
    """``{{ t("kb_source") }}:`` writes an ASCII colon in Chinese too ("来源: "); templates
    write ``label("kb_source")`` (and ``heading(...)`` at the end of a line) instead, whose
    punctuation is the locale's ("Source: ", "来源：")."""
    literal = re.compile(r"""\bt\(\s*["'][a-z0-9_]+["'][^}]*\}\}\s*:|\bt\([^)]*\)\s*~\s*["']:""")
    offenders = [
        f"{path.relative_to(templates_dir())}:{n}"
        for path in sorted(templates_dir().rglob("*.j2"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if literal.search(line)
    ]
    assert offenders == []
    zh = Renderer("console").translator("zh")
    assert zh("label", label="来源") == "来源：" and zh("heading", label="另请参阅") == "另请参阅："
    en = Renderer("console").translator("en")
    assert (
        en("label", label="Source") == "Source: " and en("heading", label="See also") == "See also:"
    )
