"""profiles and erasure: a version on every participant (profile updates take expectedVersion),
when an account was erased, and the import refs of erased participants

Revision ID: 0008_profiles_erasure
Revises: 0007_invitations_accounts
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import datasources.columns

revision = "0008_profiles_erasure"
down_revision = "0007_invitations_accounts"
branch_labels = None
depends_on = None

PARTICIPANT_TABLES = ("homes", "organizations", "social_workers", "volunteers")


def upgrade() -> None:
    # Plain ALTER TABLE (SQLite adds and drops columns natively): a batch copy of `accounts`
    # would break the foreign keys that point at it.
    for table in PARTICIPANT_TABLES:
        op.add_column(table, sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
    op.add_column(
        "accounts", sa.Column("erased_at", datasources.columns.UTCDateTime(timezone=True), nullable=True)
    )
    op.create_table(
        "erased_refs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ref", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("participant_kind", sa.String(length=32), nullable=False),
        sa.Column("erased_at", datasources.columns.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("ref"),
    )
    with op.batch_alter_table("erased_refs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_erased_refs_erased_at"), ["erased_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("erased_refs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_erased_refs_erased_at"))
    op.drop_table("erased_refs")
    op.drop_column("accounts", "erased_at")
    for table in PARTICIPANT_TABLES:
        op.drop_column(table, "version")
