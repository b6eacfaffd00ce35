"""Questions asked of the KB (answered or gaps) and the feedback on answers.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "kb_questions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False, index=True),
        sa.Column("customer_id", sa.String(64), nullable=True),
        sa.Column("user", sa.String(200), nullable=False),
        sa.Column("lang", sa.String(8), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("article_id", sa.Text(), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=False, server_default="0"),
        sa.Column("answered", sa.Boolean(), nullable=False, server_default=sa.false(), index=True),
    )
    op.create_table(
        "kb_feedback",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("question_id", sa.Integer(), sa.ForeignKey("kb_questions.id"), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("helped", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_kb_feedback_question_id", "kb_feedback", ["question_id"])


def downgrade() -> None:
    op.drop_table("kb_feedback")
    op.drop_table("kb_questions")
