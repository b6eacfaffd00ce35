"""A KB question keeps the files sent with it (JSON list), for the ticket it may become.

A screenshot sent with "outlook keeps asking for my password" is answered from the KB;
when the customer then talks to an engineer, the screenshot goes onto the ticket.

Revision ID: 0016
Revises: 0015
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("kb_questions") as batch:
        batch.add_column(sa.Column("files", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("kb_questions") as batch:
        batch.drop_column("files")
