"""A ticket event keeps the name its actor went by when it happened.

The audit trail's ``actor`` is an id (``slack:U0BOB0001``, ``telegram:5550001``);
``/ticket T-1001`` shows the person who wrote ("Olga Smirnova (Acme): customer wrote"),
as the platform named them with the message, rather than only their customer.

Revision ID: 0017
Revises: 0016
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("ticket_events") as batch:
        batch.add_column(sa.Column("actor_name", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("ticket_events") as batch:
        batch.drop_column("actor_name")
