"""Ticket drafts carry the files sent before the description step (JSON list).

A photo sent while the conversation asks for the subject or severity is kept on the
draft and recorded on the ticket when it opens.

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("ticket_drafts") as batch:
        batch.add_column(sa.Column("files", sa.Text(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("ticket_drafts") as batch:
        batch.drop_column("files")
