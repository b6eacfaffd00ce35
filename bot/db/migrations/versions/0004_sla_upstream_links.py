"""SLA clocks and flags, the upstream case on tickets, chat links to customers.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("tickets") as batch:
        batch.add_column(sa.Column("sla_policy", sa.String(64), nullable=True))
        batch.add_column(sa.Column("first_response_due", TS, nullable=True))
        batch.add_column(sa.Column("first_response_warn_at", TS, nullable=True))
        batch.add_column(sa.Column("resolution_due", TS, nullable=True))
        batch.add_column(sa.Column("resolution_warn_at", TS, nullable=True))
        batch.add_column(sa.Column("paused_at", TS, nullable=True))
        batch.add_column(
            sa.Column("paused_seconds", sa.Integer(), nullable=False, server_default="0")
        )
        for flag in ("fr_warned", "fr_breached", "res_warned", "res_breached"):
            batch.add_column(
                sa.Column(flag, sa.Boolean(), nullable=False, server_default=sa.false())
            )
        batch.add_column(sa.Column("impact", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("tried", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("attachments", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("upstream_provider", sa.String(64), nullable=True))
        batch.add_column(sa.Column("upstream_case", sa.String(100), nullable=True))
        batch.add_column(sa.Column("upstream_status", sa.String(200), nullable=True))
        batch.add_column(sa.Column("upstream_link", sa.Text(), nullable=True))
        batch.add_column(sa.Column("escalated_at", TS, nullable=True))
        batch.add_column(sa.Column("upstream_updated_at", TS, nullable=True))
    op.create_index("ix_tickets_fr_due", "tickets", ["status", "first_response_due"])
    op.create_index("ix_tickets_res_due", "tickets", ["status", "resolution_due"])
    op.create_index("ix_tickets_customer_status", "tickets", ["customer_id", "status"])
    op.create_index("ix_tickets_upstream_case", "tickets", ["upstream_provider", "upstream_case"])
    op.create_table(
        "channel_links",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("platform", sa.String(20), nullable=False),
        sa.Column("channel", sa.String(200), nullable=False),
        sa.Column("customer_id", sa.String(64), nullable=False),
        sa.Column("linked_by", sa.String(200), nullable=False),
        sa.Column("linked_at", TS, nullable=False),
        sa.UniqueConstraint("platform", "channel", name="uq_channel_links_platform_channel"),
    )
    op.create_table(
        "link_codes",
        sa.Column("code", sa.String(32), primary_key=True),
        sa.Column("customer_id", sa.String(64), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("expires_at", TS, nullable=False),
        sa.Column("used_at", TS, nullable=True),
    )


def downgrade() -> None:
    op.drop_table("link_codes")
    op.drop_table("channel_links")
    op.drop_index("ix_tickets_upstream_case", "tickets")
    op.drop_index("ix_tickets_customer_status", "tickets")
    op.drop_index("ix_tickets_res_due", "tickets")
    op.drop_index("ix_tickets_fr_due", "tickets")
    with op.batch_alter_table("tickets") as batch:
        for column in (
            "upstream_updated_at",
            "escalated_at",
            "upstream_link",
            "upstream_status",
            "upstream_case",
            "upstream_provider",
            "attachments",
            "tried",
            "impact",
            "res_breached",
            "res_warned",
            "fr_breached",
            "fr_warned",
            "paused_at",
            "paused_seconds",
            "resolution_warn_at",
            "resolution_due",
            "first_response_warn_at",
            "first_response_due",
            "sla_policy",
        ):
            batch.drop_column(column)
