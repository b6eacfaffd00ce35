"""Claims that make each scheduled run happen once across workers."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel


class JobClaim(SQLModel, table=True):
    """One run of a scheduled job for one period (a date, an interval slot)."""

    __tablename__ = "job_claims"
    __table_args__ = (UniqueConstraint("job", "period", name="uq_job_claims_job_period"),)

    id: int | None = Field(default=None, primary_key=True)
    job: str = Field(max_length=120)
    period: str = Field(max_length=60)
    claimed_by: str = Field(max_length=120)
    claimed_at: datetime
