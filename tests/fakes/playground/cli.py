"""The playground's command line: one line in, the bot's replies out, as each person sees them.

Lines (``help`` prints them): ``slack <who> <text>``, ``telegram <who> <text>``,
``press <n> [who]``, ``form field=value …``, ``thread [platform] [who] <text>``, ``who``,
``help``, ``quit``; Enter alone shows what arrived meanwhile. ``#`` starts a comment. A
line that is none of these says so and changes nothing, so a script with a typo goes on.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Sequence
from typing import TextIO

from bot.enums import Platform
from bot.settings.people import ChannelRef
from tests.fakes.playground.people import Person, find
from tests.fakes.playground.screen import Shown, form_fields, render
from tests.fakes.playground.world import World

HELP = """\
  slack <who> <text>       <who> says <text> in their Slack channel (/support …: the command)
  telegram <who> <text>    the same in Telegram (customers: their group, where "@bot …" addresses
                           the bot; staff: their private chat with the bot)
  press <n> [who]          press button n of the last bot message with buttons (that <who> sees)
  form field=value …       submit the last form: Slack's at once, Telegram's question by question
                           (form subject="VPN drops" severity=B description="since 9:00")
  thread [slack|telegram] [who] <text>
                           reply in the thread of the last bot message (Telegram: reply to it);
                           staff reply under the last message in a customer's chat
  who                      the people you can be;  help;  quit;  Enter: what arrived meanwhile"""


TELEGRAM_FORM = ("subject", "severity", "description")  # the order Telegram asks them in


def _step(shown: Shown) -> int:
    """Which of Telegram's ticket questions ``shown`` asks ("2/3 How bad is it?"), else 0."""
    found = re.search(r"^([123])/3 ", shown.text, re.MULTILINE)
    return int(found.group(1)) if found and shown.platform == Platform.TELEGRAM else 0


class Session:
    """The state between lines: the messages shown so far (for press, form and thread)."""

    def __init__(self, world: World, out: TextIO) -> None:
        self.world = world
        self.out = out
        self.shown: list[Shown] = []

    # -- printing ------------------------------------------------------------------------

    def where(self, shown: Shown) -> str:
        """The chat as its reader names it, and the thread when there is one."""
        owner = self.world.owner(shown)
        place = self._place(shown, owner)
        if shown.private_to and owner:
            place += f", to {owner.name}"
        if shown.thread:
            said = self.world.roots.get(shown.thread)
            root = next((s.text for s in self.shown if s.ref == shown.thread), said or "")
            first = root.splitlines()[0].replace("*", "")[:50] if root else shown.thread
            place += f' · thread "{first}"'
        return place

    def _place(self, shown: Shown, owner: Person | None) -> str:
        config = self.world.settings.config
        if shown.form is not None:
            return "a form"
        kind = "channel" if shown.platform == Platform.SLACK else "group"
        rooms: list[tuple[str, Sequence[ChannelRef]]] = [
            (f"engineers' {kind}", config.engineers_channels)
        ]
        rooms.append((f"managers' {kind}", config.managers_channels))
        rooms += [(f"{c.name}'s {kind}", c.channels) for c in config.customers]
        for label, chats in rooms:
            if any(c.platform == shown.platform and c.id == shown.chat for c in chats):
                return label
        seat = owner.seat(shown.platform) if owner else None
        if owner and seat and shown.chat in (seat.chat, seat.user):
            return f"{owner.name}'s private chat with the bot"
        return shown.chat

    def show(self, shown: list[Shown], *, quiet_hint: str = "") -> None:
        for item in shown:
            before = self._edited(item) if item.edit else None
            print(render(item, self.where(item), before), file=self.out)
            if before is not None:
                before.buttons = list(item.buttons)  # what press <n> finds now
            elif not item.edit:
                self.shown.append(item)
        if not shown:
            print(f"(no reply{quiet_hint})", file=self.out)
        self.out.flush()

    def _edited(self, edit: Shown) -> Shown | None:
        """The message an edit changes (Slack: by channel and ts; Telegram: by chat and id)."""
        return next(
            (
                s
                for s in reversed(self.shown)
                if (s.platform, s.chat, s.ref) == (edit.platform, edit.chat, edit.ref)
            ),
            None,
        )

    # -- the lines -----------------------------------------------------------------------

    def person(self, typed: str) -> Person:
        person = find(self.world.people, typed)
        if person is None:
            raise ValueError(f"nobody called {typed!r}; type `who` for the list")
        return person

    def run(self, line: str) -> bool:
        """Do one line; False for ``quit``."""
        line = line.strip()
        if not line:  # Enter: what arrived meanwhile (an SLA warning, a colleague's reply)
            arrived = self.world.settle()
            if arrived:
                self.show(arrived)
            return True
        if line.startswith("#"):
            return True
        word, _, rest = line.partition(" ")
        word = word.lower()
        try:
            if word in ("quit", "exit"):
                return False
            if word == "help":
                print(HELP, file=self.out)
            elif word == "who":
                self.who()
            elif word in (Platform.SLACK, Platform.TELEGRAM):
                self.say(word, rest)
            elif word == "press":
                self.press(rest)
            elif word == "form":
                self.form(rest)
            elif word == "thread":
                self.thread(rest)
            else:
                print(f"(unknown line: {line!r}; type `help`)", file=self.out)
        except (ValueError, LookupError) as exc:
            print(f"({exc})", file=self.out)
        self.out.flush()
        return True

    def who(self) -> None:
        for person in self.world.people:
            where = [p for p in (Platform.SLACK, Platform.TELEGRAM) if person.seat(p)]
            name = f"{person.name} at {person.org}" if person.org else person.name
            print(f"  {person.key:<18} {name} — {', '.join(where)}", file=self.out)

    def say(self, platform: str, rest: str) -> None:
        typed, _, text = rest.strip().partition(" ")
        if not text.strip():
            raise ValueError(f"usage: {platform} <who> <text>")
        person = self.person(typed)
        seat = person.seat(platform)
        reply_to = None
        if platform == Platform.TELEGRAM and seat is not None:
            # The Telegram app answers a "reply to this" question with a reply to it.
            asked = [s for s in self.shown if s.platform == platform and s.chat == seat.chat]
            if asked and asked[-1].prompt:
                reply_to = asked[-1]
        self.world.say(platform, person, text.strip(), reply_to=reply_to)
        hint = ""
        if platform == Platform.TELEGRAM and seat and not seat.answers_all and "@bot" not in text:
            hint = ": in this group the bot answers when addressed: @bot <text>, or `thread <text>`"
        self.show(self.world.settle(), quiet_hint=hint)

    def _split_who(self, rest: str) -> tuple[Person | None, str]:
        first, _, after = rest.strip().partition(" ")
        person = find(self.world.people, first) if first else None
        return (person, after.strip()) if person is not None else (None, rest.strip())

    def press(self, rest: str) -> None:
        number_text, _, who = rest.strip().partition(" ")
        if not number_text.isdigit():
            raise ValueError("usage: press <n> [who]")
        person = self.person(who) if who.strip() else None
        candidates = [
            s for s in self.shown if s.buttons and (person is None or self.world.owner(s) == person)
        ]
        if not candidates:
            raise LookupError("no bot message with buttons to press")
        shown = candidates[-1]
        number = int(number_text)
        if not 1 <= number <= len(shown.buttons):
            raise ValueError(f"that message has buttons 1 to {len(shown.buttons)}")
        presser = person or self.world.owner(shown)
        if presser is None:
            raise LookupError("nobody seeded reads that message; say who presses: press <n> <who>")
        print(f"({presser.name} presses “{shown.buttons[number - 1].label}”)", file=self.out)
        self.world.press(shown, number, presser)
        self.show(self.world.settle())

    def form(self, rest: str) -> None:
        """Submit the last form: a Slack modal at once; Telegram's questions one by one."""
        values: dict[str, str] = {}
        for pair in shlex.split(rest):
            name, equals, value = pair.partition("=")
            if not equals:
                raise ValueError("form fields are given as field=value")
            values[name] = value
        latest = [s for s in self.shown if s.form is not None or _step(s)]
        if not latest:
            raise LookupError("no form is open (“Talk to an engineer” opens one)")
        if latest[-1].form is None:
            self._telegram_form(latest[-1].chat, values)
            return
        fields = form_fields(latest[-1].form)
        unknown = set(values) - set(fields)
        if unknown:
            raise ValueError(f"form fields are {', '.join(fields)}; not {', '.join(unknown)}")
        self.world.submit(latest[-1], {**fields, **values})
        self.show(self.world.settle())

    def _telegram_form(self, chat: str, values: dict[str, str]) -> None:
        """Answer Telegram's "1/3 …", "2/3 …", "3/3 …" questions with ``values``: a value
        naming a button ("B") presses it, any other is replied to the question."""
        while True:
            asked = [s for s in self.shown if s.platform == Platform.TELEGRAM and s.chat == chat]
            step = _step(asked[-1]) if asked else 0
            if not step:
                return
            field = TELEGRAM_FORM[step - 1]
            if field not in values:
                print(f"(the form asks for {field}: form {field}=…)", file=self.out)
                return
            value = values.pop(field)
            person = self.world.owner(asked[-1])
            if person is None:
                raise LookupError("nobody seeded reads that question")
            print(f"({person.name} answers: {value})", file=self.out)
            buttons = [b.label.lower() for b in asked[-1].buttons]
            pick = next((n for n, b in enumerate(buttons, 1) if b.startswith(value.lower())), 0)
            if value and pick:
                self.world.press(asked[-1], pick, person)
            else:
                self.world.say(Platform.TELEGRAM, person, value, reply_to=asked[-1])
            self.show(self.world.settle())

    def thread(self, rest: str) -> None:
        """Reply under the last bot message: ``thread [slack|telegram] [who] <text>``. A
        customer replies in their own chat; staff where customers read (a ticket's thread),
        else in their own chats."""
        platform, _, after = rest.strip().partition(" ")
        if platform.lower() not in (Platform.SLACK, Platform.TELEGRAM):
            platform, after = "", rest
        person, text = self._split_who(after)
        messages = [
            s
            for s in self.shown
            if s.ref and s.form is None and platform.lower() in ("", s.platform)
        ]
        if person is not None:
            messages = [s for s in messages if person.seat(s.platform) is not None]
            owners = [(s, self.world.owner(s)) for s in messages]
            if person.role == "customer":
                messages = [s for s, owner in owners if owner == person]
            else:
                customers = [s for s, owner in owners if owner and owner.role == "customer"]
                messages = customers or [s for s, owner in owners if owner == person]
        if not messages or not text:
            raise LookupError("usage: thread [slack|telegram] [who] <text>, after a bot message")
        shown = messages[-1]
        speaker = person or self.world.owner(shown)
        if speaker is None:
            raise LookupError("say who replies: thread <who> <text>")
        self.world.say(shown.platform, speaker, text, reply_to=shown)
        self.show(self.world.settle())
