"""refs for appeals and complaints: their key in the JSON Lines import and export (docs/import.md)

Revision ID: 0012_appeal_complaint_refs
Revises: 0011_sessions_ended_at
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = "0012_appeal_complaint_refs"
down_revision = "0011_sessions_ended_at"
branch_labels = None
depends_on = None


TABLES = ("appeals", "complaints")


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("ref", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True))
        op.create_index(f"ix_{table}_ref", table, ["ref"], unique=True)


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_index(f"ix_{table}_ref", table_name=table)
        op.drop_column(table, "ref")
