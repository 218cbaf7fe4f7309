"""appeals.ref: the key of an appeal in the JSON Lines import and export (docs/import.md)

Revision ID: 0012_h14a_appeal_refs
Revises: 0010_h13g_sessions_ended_at
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = "0012_h14a_appeal_refs"
down_revision = "0010_h13g_sessions_ended_at"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("appeals", sa.Column("ref", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True))
    op.create_index("ix_appeals_ref", "appeals", ["ref"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_appeals_ref", table_name="appeals")
    op.drop_column("appeals", "ref")
