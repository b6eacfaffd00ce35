"""Claims that make a scheduled job run once per period across workers; KB questions
remember the ticket they turned into (for the digest's deflection figure).

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "job_claims",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("job", sa.String(120), nullable=False),
        sa.Column("period", sa.String(60), nullable=False),
        sa.Column("claimed_by", sa.String(120), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("job", "period", name="uq_job_claims_job_period"),
    )
    with op.batch_alter_table("kb_questions") as batch:
        batch.add_column(sa.Column("ticket_id", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("kb_questions") as batch:
        batch.drop_column("ticket_id")
    op.drop_table("job_claims")
