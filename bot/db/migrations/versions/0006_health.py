"""Service health: current states, state history, incidents and their updates, run-time
subscriptions, and the incident a ticket was opened under.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "service_health",
        sa.Column("service_id", sa.String(64), primary_key=True),
        sa.Column("state", sa.String(30), nullable=False),
        sa.Column("since", TS, nullable=False),
        sa.Column("check_state", sa.String(30), nullable=False),
        sa.Column("pending_state", sa.String(30), nullable=True),
        sa.Column("pending_count", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("detail", sa.Text(), nullable=False, server_default=""),
        sa.Column("checked_at", TS, nullable=True),
        sa.Column("announced_state", sa.String(30), nullable=False),
        sa.Column("announced_at", TS, nullable=True),
        sa.Column("seed", sa.Text(), nullable=False, server_default=""),
    )
    op.create_table(
        "service_state_changes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("service_id", sa.String(64), nullable=False, index=True),
        sa.Column("at", TS, nullable=False, index=True),
        sa.Column("old", sa.String(30), nullable=True),
        sa.Column("new", sa.String(30), nullable=False),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False, server_default=""),
        sa.Column("incident_id", sa.Integer(), nullable=True),
    )
    op.create_table(
        "service_incidents",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("service_id", sa.String(64), nullable=False, index=True),
        sa.Column("state", sa.String(30), nullable=False),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("title", sa.Text(), nullable=False, server_default=""),
        sa.Column("opened_by", sa.String(200), nullable=False),
        sa.Column("opened_at", TS, nullable=False, index=True),
        sa.Column("updated_at", TS, nullable=False),
        sa.Column("resolved_at", TS, nullable=True, index=True),
    )
    op.create_table(
        "incident_updates",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "incident_id",
            sa.Integer(),
            sa.ForeignKey("service_incidents.id"),
            nullable=False,
            index=True,
        ),
        sa.Column("at", TS, nullable=False),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("state", sa.String(30), nullable=False),
        sa.Column("text", sa.Text(), nullable=False, server_default=""),
    )
    op.create_table(
        "service_subscriptions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("customer_id", sa.String(64), nullable=False),
        sa.Column("service_id", sa.String(64), nullable=False),
        sa.Column("subscribed", sa.Boolean(), nullable=False),
        sa.Column("changed_by", sa.String(200), nullable=False),
        sa.Column("changed_at", TS, nullable=False),
        sa.UniqueConstraint("customer_id", "service_id", name="uq_service_subscriptions"),
    )
    with op.batch_alter_table("tickets") as batch:
        batch.add_column(sa.Column("incident_id", sa.Integer(), nullable=True))
        batch.create_index("ix_tickets_incident_id", ["incident_id"])


def downgrade() -> None:
    with op.batch_alter_table("tickets") as batch:
        batch.drop_index("ix_tickets_incident_id")
        batch.drop_column("incident_id")
    op.drop_table("service_subscriptions")
    op.drop_table("incident_updates")
    op.drop_table("service_incidents")
    op.drop_table("service_state_changes")
    op.drop_table("service_health")
