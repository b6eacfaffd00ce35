"""Incidents promise their next update.

``next_update_at``: when the engineers said the next update comes (``/incident open|update
… --next 30m``, an hour by default for a major outage); customers read it in the banner
and in the answer to "when will it be fixed?". ``update_reminded``: the engineers were
reminded once that it passed without an update.

Revision ID: 0019
Revises: 0018
"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("service_incidents") as batch:
        batch.add_column(sa.Column("next_update_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(
            sa.Column("update_reminded", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("service_incidents") as batch:
        batch.drop_column("update_reminded")
        batch.drop_column("next_update_at")
