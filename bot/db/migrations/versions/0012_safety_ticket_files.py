"""Files and photos on tickets: name, size, type, the platform's file id and link.

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ticket_files",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("ticket_id", sa.Integer(), sa.ForeignKey("tickets.id"), nullable=False),
        sa.Column("event_id", sa.Integer(), sa.ForeignKey("ticket_events.id"), nullable=True),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("added_by", sa.String(200), nullable=False),
        sa.Column("platform", sa.String(20), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=True),
        sa.Column("mime_type", sa.String(200), nullable=False, server_default=""),
        sa.Column("file_id", sa.String(300), nullable=False, server_default=""),
        sa.Column("link", sa.String(1000), nullable=False, server_default=""),
    )
    op.create_index("ix_ticket_files_ticket_id", "ticket_files", ["ticket_id"])


def downgrade() -> None:
    op.drop_index("ix_ticket_files_ticket_id", "ticket_files")
    op.drop_table("ticket_files")
