"""The persistent inbox (replaces the delivery log) and idempotent ticket opening.

Every Slack event and Telegram update is stored before it is acknowledged; its
(platform, delivery_id) pair is unique, so a redelivery is stored once and acted
on once. ``tickets.origin`` names the delivery that opened a ticket, so handling
that delivery again after a crash finds the ticket instead of opening another.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "inbox",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("platform", sa.String(20), nullable=False),
        sa.Column("delivery_id", sa.String(200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("available_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claim_token", sa.String(40), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.UniqueConstraint("platform", "delivery_id", name="uq_inbox_platform_delivery"),
    )
    op.create_index("ix_inbox_pending", "inbox", ["platform", "done_at", "available_at"])
    op.create_index("ix_inbox_claim_token", "inbox", ["claim_token"])
    with op.batch_alter_table("tickets") as batch:
        batch.add_column(sa.Column("origin", sa.String(220), nullable=True))
        batch.create_unique_constraint("uq_tickets_origin", ["origin"])
    # Every message in a thread asks whether an open ticket lives there.
    op.create_index("ix_tickets_channel_thread", "tickets", ["channel", "thread"])
    op.drop_table("deliveries")


def downgrade() -> None:
    op.create_table(
        "deliveries",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("platform", sa.String(20), nullable=False),
        sa.Column("delivery_id", sa.String(200), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("platform", "delivery_id", name="uq_deliveries_platform_delivery"),
    )
    op.drop_index("ix_tickets_channel_thread", "tickets")
    with op.batch_alter_table("tickets") as batch:
        batch.drop_constraint("uq_tickets_origin", type_="unique")
        batch.drop_column("origin")
    op.drop_index("ix_inbox_claim_token", "inbox")
    op.drop_index("ix_inbox_pending", "inbox")
    op.drop_table("inbox")
