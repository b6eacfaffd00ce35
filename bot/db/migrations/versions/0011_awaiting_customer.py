"""Tickets remember when an engineer's message went unanswered by the customer.

While it is set (or the ticket waits on the customer), the customer's next messages
in a chat without threads (a Telegram private chat or plain group, the console) are
comments on that ticket.

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tickets") as batch:
        batch.add_column(sa.Column("awaiting_customer_at", sa.DateTime(timezone=True)))


def downgrade() -> None:
    with op.batch_alter_table("tickets") as batch:
        batch.drop_column("awaiting_customer_at")
