"""Ticket drafts know when they were set aside, and keep words that answered no step.

``set_aside``: the person ran another command or pressed another button while the form
waited, so only a reply to the form's question still answers it. ``notes``: words typed
at a step they did not answer ("the whole office is down" for "how bad is it?"), kept for
the ticket's description.

Revision ID: 0018
Revises: 0017
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("ticket_drafts") as batch:
        batch.add_column(
            sa.Column("set_aside", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("notes", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("ticket_drafts") as batch:
        batch.drop_column("notes")
        batch.drop_column("set_aside")
