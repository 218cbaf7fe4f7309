"""accounts.sessions_ended_at: when the account last signed out everywhere

Our tokens carry the account's token version; the external identity provider's cannot, so a
sign-out everywhere reaches them by their issue time instead (auth/identity.py).

Revision ID: 0011_sessions_ended_at
Revises: 0010_insight_clocks
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import datasources.columns

revision = "0011_sessions_ended_at"
down_revision = "0010_insight_clocks"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ALTER TABLE (as in 0008): a batch copy of `accounts` would break the foreign keys
    # that point at it.
    op.add_column(
        "accounts",
        sa.Column("sessions_ended_at", datasources.columns.UTCDateTime(timezone=True), nullable=True),
    )


def downgrade() -> None:
    op.drop_column("accounts", "sessions_ended_at")
