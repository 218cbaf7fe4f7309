"""refs for engagements, ratings and volunteer applications (the history an import brings)

The JSON Lines import matches every row by its `ref`; participants, offers and events had one
from the start. The history rows get theirs now, unique when present, like the others.

Revision ID: 0009_history_refs
Revises: 0008_profiles_erasure
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = "0009_history_refs"
down_revision = "0008_profiles_erasure"
branch_labels = None
depends_on = None

TABLES = ("engagements", "ratings", "volunteer_applications")


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("ref", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True))
        op.create_index(f"ix_{table}_ref", table, ["ref"], unique=True)


def downgrade() -> None:
    # Not in a batch: SQLite (3.35+) drops a column in place once its index is gone.
    for table in reversed(TABLES):
        op.drop_index(f"ix_{table}_ref", table_name=table)
        op.drop_column(table, "ref")
