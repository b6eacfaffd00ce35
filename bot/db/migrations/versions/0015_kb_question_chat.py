"""A KB question remembers the chat it was asked in and the section it was answered with.

"And on my phone?" is read with the question asked just before it in the same chat: the
same person's question in another chat of the customer's (another Slack channel, the
Telegram group) is another conversation. "No, I meant the desktop app" that would quote
the very same section again shows another one instead, so the section shown is kept.

Revision ID: 0015
Revises: 0014
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("kb_questions") as batch:
        batch.add_column(sa.Column("chat", sa.String(length=300), nullable=True))
        batch.add_column(sa.Column("anchor", sa.String(length=300), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("kb_questions") as batch:
        batch.drop_column("anchor")
        batch.drop_column("chat")
