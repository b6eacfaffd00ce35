"""A KB question the bot was not sure about remembers the articles it suggested.

"These articles might be close: 1. … 2. …" — a customer who answers "2" gets the
second one. The list is kept as it was shown (JSON: [[article id, section anchor], …]),
not searched again: a reload or the embeddings finishing could reorder it.

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("kb_questions") as batch:
        batch.add_column(sa.Column("suggested", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("kb_questions") as batch:
        batch.drop_column("suggested")
