"""each side's acceptance of an engagement (two-party acceptance of federation proposals)

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import datasources.columns

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

COLUMNS = ("requester_accepted_at", "provider_accepted_at")


def upgrade() -> None:
    with op.batch_alter_table("engagements", schema=None) as batch_op:
        for name in COLUMNS:
            column = sa.Column(name, datasources.columns.UTCDateTime(timezone=True), nullable=True)
            batch_op.add_column(column)
    # What the rows already say: the proposer agreed when it proposed; the other side when it
    # accepted (an engagement accepted at some point has a response and is not DECLINED).
    for side, other in (("REQUESTER", "provider"), ("PROVIDER", "requester")):
        mine = f"{side.lower()}_accepted_at"
        op.execute(f"UPDATE engagements SET {mine} = proposed_at WHERE initiated_by = '{side}'")
        op.execute(
            f"UPDATE engagements SET {other}_accepted_at = responded_at WHERE initiated_by = '{side}' "
            "AND responded_at IS NOT NULL AND status <> 'DECLINED'"
        )


def downgrade() -> None:
    # Not in a batch: SQLite (3.35+) drops a column in place, where a batch would copy the table,
    # which its foreign keys (ratings -> engagements) refuse.
    for name in reversed(COLUMNS):
        op.drop_column("engagements", name)
