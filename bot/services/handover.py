"""A customer asking for a person: which question an engineer is handed, and the
conversation around it.

"Can I talk to a real person?" right after a question the bot answered (or could not) is
about that question: the "talk to an engineer" button offered opens a ticket from it, with
its words as the subject. Without a recent question of theirs that no ticket took yet, the
request itself is recorded as a question the knowledge base did not answer (the digest
counts it with the questions the bot could not settle, which it was), so the button has a
question to open a ticket from, and the customer says what is wrong in the form (Slack) or
in answer to the first question (Telegram).

The button sits under the bot's *last* answer, often to "still the same answer. the desktop
outlook on my windows 11 pc" or a screenshot's caption, not to the question the customer
began with. :meth:`Handovers.conversation` reads back what led to it — each message that
answers the answer before it ("no, I meant …", "didn't help, …", "and on my phone?", "这是报错
截图") within :data:`LINKED` of it — so the ticket's subject is the first question and its
description holds the rest, in order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection, Engine

from bot.clock import Clock, from_db, to_db
from bot.db.models import KbFeedback, KbQuestion, core_table
from bot.errors import NotFound
from bot.messages import Actor, Attachment
from bot.services.action_request import asks_for_action
from bot.services.answer_reaction import reacts_to_answer, says_not_helped
from bot.services.kb_status import same_asker
from bot.services.person_request import asks_for_person, demands_person, words_beside_person
from bot.services.question_files import FilesKept, QuestionFile, dump, load, sort_out
from bot.services.ticket_talk import changes_topic, is_question, same_topic
from bot.text import MAX_MESSAGE_CHARS, clip

QUESTIONS = core_table(KbQuestion)
FEEDBACK = core_table(KbFeedback)
# How recent the customer's question must be to be the one they want a person for (as long
# as a bare number still picks from its list of articles).
RECENT = timedelta(minutes=30)
# A request for a person holding this many words of its own ("… по поводу счёта") is about
# them, not about the question before it.
OWN_PROBLEM_WORDS = 2
# A message answering the bot's answer comes at most this long after the question before
# it; a conversation is read back at most MAX_ASKED questions.
LINKED = timedelta(minutes=10)
MAX_ASKED = 8


@dataclass(frozen=True)
class Handover:
    """The question the "talk to an engineer" button opens a ticket from, and its words
    when it is an earlier question (None: the request itself, which is no subject)."""

    question_id: int
    question: str | None


@dataclass(frozen=True)
class Conversation:
    """What the customer asked, from the question they began with to the one a ticket is
    being opened from: each message in its own words, in order."""

    messages: tuple[str, ...]
    files: tuple[QuestionFile, ...] = ()  # sent with its messages, in order

    @property
    def first(self) -> str:
        """The question the conversation began with: the ticket's subject."""
        return self.messages[0]

    @property
    def text(self) -> str:
        """Every message, one paragraph each: the ticket's description."""
        return "\n\n".join(self.messages)


class Handovers:
    """Finds (or records) the question a request for a person hands over."""

    def __init__(self, engine: Engine, clock: Clock) -> None:
        self._engine = engine
        self._clock = clock

    def offer(self, actor: Actor, request: str) -> Handover:
        """The actor's latest question if it is recent and no ticket yet, unless the request
        names a problem of its own ("can I talk to someone about the invoice?" after a Teams
        question); else ``request`` recorded as an unanswered question (see the module)."""
        latest = same_asker(select(QUESTIONS), actor).order_by(QUESTIONS.c.id.desc()).limit(1)
        now = self._clock()
        with self._engine.begin() as conn:
            row = conn.execute(latest).first()
            if (
                row is not None
                and row.ticket_id is None
                and now - from_db(row.at) <= RECENT
                and not _names_own_problem(request)
            ):
                return Handover(int(row.id), _subject(str(row.question)))
            record = {
                "at": to_db(now),
                "customer_id": actor.customer_id,
                "user": actor.user_id,
                "lang": actor.language,
                "question": clip(request, MAX_MESSAGE_CHARS),
                "answered": False,
                "chat": actor.chat,
            }
            question_id = conn.execute(
                insert(QUESTIONS).values(record).returning(QUESTIONS.c.id)
            ).scalar_one()
        # a request with a problem in it ("mail down 2 hours, get me a person") is the subject
        return Handover(int(question_id), _subject(request))

    def conversation(self, actor: Actor, question_id: int) -> Conversation:
        """The question ``question_id`` with the questions before it that it answers the
        answer of (see the module), as their asker said them.

        Raises:
            NotFound: no such question, or another customer's.
        """
        with self._engine.connect() as conn:
            asked = conn.execute(select(QUESTIONS).where(QUESTIONS.c.id == question_id)).first()
            if asked is None or (not actor.is_staff and asked.customer_id != actor.customer_id):
                raise NotFound(what="question", name=str(question_id))
            before = conn.execute(
                select(QUESTIONS)
                .where(
                    QUESTIONS.c.user == asked.user,
                    QUESTIONS.c.customer_id == asked.customer_id,
                    QUESTIONS.c.chat.is_(None)
                    if asked.chat is None
                    else QUESTIONS.c.chat == asked.chat,
                    QUESTIONS.c.id < question_id,
                )
                .order_by(QUESTIONS.c.id.desc())
                .limit(MAX_ASKED - 1)
            ).all()
            settled = _helped(conn, [int(row.id) for row in before])
        messages = [str(asked.question)]
        files = list(load(asked.files))
        if asks_for_action(messages[0]):  # "please add 3 licences": the request is the matter
            before = []
        later = asked
        for earlier in before:
            if (
                earlier.ticket_id is not None
                or earlier.id in settled
                or from_db(later.at) - from_db(earlier.at) > LINKED
            ):
                break
            own = _own_words(str(earlier.question), messages[0])
            if own is None and _adds_detail(messages[0], str(earlier.question)):
                own = messages[0]
            if own is None:
                break
            messages[0:1] = [str(earlier.question), own]
            files[0:0] = load(earlier.files)
            later = earlier
        if len(messages) == 1 and before and _person_about(messages[0]):
            # "actually yes please get me an engineer, onedrive red x on every file" after
            # the OneDrive conversation: more of it, not a subject of its own
            earlier = before[0]
            if (
                earlier.ticket_id is None
                and earlier.id not in settled
                and from_db(asked.at) - from_db(earlier.at) <= LINKED
            ):
                chain = self.conversation(actor, int(earlier.id))
                if same_topic(messages[0], chain.text):
                    messages = [*chain.messages, messages[0]]
                    files = [*chain.files, *files]
        return Conversation(tuple(messages), tuple(files))

    def keep_files(
        self, actor: Actor, question_id: int, files: tuple[Attachment, ...], platform: str
    ) -> FilesKept:
        """Keep ``files`` with the actor's question ``question_id`` (see
        ``bot/services/question_files.py``): a ticket opened from it gets them."""
        with self._engine.begin() as conn:
            row = conn.execute(select(QUESTIONS).where(QUESTIONS.c.id == question_id)).first()
            if row is None or row.user != actor.user_id:
                return FilesKept((), files)
            earlier = load(row.files)
            sorted_out = sort_out(files, already=len(earlier))
            if sorted_out.kept:
                column = dump([*earlier, *(QuestionFile(platform, f) for f in sorted_out.kept)])
                conn.execute(
                    update(QUESTIONS).where(QUESTIONS.c.id == question_id).values(files=column)
                )
        return sorted_out


def _own_words(earlier: str, later: str) -> str | None:
    """What ``later`` added to ``earlier`` when it answers its answer, else None. A
    follow-up or a correction was searched together with the question before it and
    recorded so ("how do I …? the outlook desktop app on windows"): its own words follow."""
    if later.startswith(earlier) and later != earlier:
        return later[len(earlier) :].strip()
    return later if reacts_to_answer(later) else None


def _adds_detail(later: str, earlier: str) -> bool:
    """Does ``later`` tell more about ``earlier`` rather than ask anew ("我们在上海办公室，用的是
    China East 2 的存储" after "Azure 门户上传文件到存储账户特别慢")? A statement, not a question
    or "by the way", on the same topic (walkthrough 12: it became the subject alone)."""
    return not is_question(later) and not changes_topic(later) and same_topic(later, earlier)


def _subject(words: str) -> str | None:
    """``words`` as a ticket's subject, or None when they only ask for a person or say
    the answer did not help (no subject: the customer is asked what is wrong)."""
    return None if asks_for_person(words) or says_not_helped(words) else words


def _person_about(words: str) -> bool:
    """A request for a person that names a problem too ("get me an engineer, onedrive red
    x on every file")."""
    return demands_person(words) and _names_own_problem(words)


def _names_own_problem(request: str) -> bool:
    """A demand for a person with a problem of its own in it ("… about the invoice"); a
    verdict ("didn't help", "still the same after restart") is about the question before."""
    return _subject(request) is not None and words_beside_person(request) >= OWN_PROBLEM_WORDS


def _helped(conn: Connection, question_ids: list[int]) -> set[int]:
    """Which of ``question_ids`` the asker said the answer helped: a conversation ends
    there, so the next question begins a new one (and a ticket of its own)."""
    if not question_ids:
        return set()
    rows = conn.execute(
        select(FEEDBACK.c.question_id).where(
            FEEDBACK.c.question_id.in_(question_ids), FEEDBACK.c.helped.is_(True)
        )
    )
    return {int(row.question_id) for row in rows}
