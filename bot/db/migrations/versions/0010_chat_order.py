"""A chat key on inbox and outbox rows, so one chat's rows are handled in order by one worker.

With several workers, two of them could claim one chat's stored deliveries (or its
outgoing messages) and handle them at the same time, so answers overtook each other.
Claims now skip a row while an earlier row of the same chat is held by a worker or
waits for its retry. Outbox rows also remember how many of a message's parts went out
(a long text or a digest is several calls) and when a message was given up.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("inbox") as batch:
        batch.add_column(sa.Column("chat_key", sa.String(250), nullable=True))
    op.create_index("ix_inbox_chat", "inbox", ["platform", "chat_key", "done_at"])
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("chat_key", sa.String(250), nullable=True))
        batch.add_column(sa.Column("parts_sent", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("given_up_at", sa.DateTime(timezone=True), nullable=True))
    op.create_index("ix_outbox_chat", "outbox", ["platform", "chat_key", "sent_at"])


def downgrade() -> None:
    op.drop_index("ix_outbox_chat", "outbox")
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("given_up_at")
        batch.drop_column("parts_sent")
        batch.drop_column("chat_key")
    op.drop_index("ix_inbox_chat", "inbox")
    with op.batch_alter_table("inbox") as batch:
        batch.drop_column("chat_key")
