"""invitations; accounts: a version (expectedVersion) and a token version (sign-out everywhere)

Revision ID: 0007_invitations_accounts
Revises: 0006_sign_up
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import datasources.columns

revision = "0007_invitations_accounts"
down_revision = "0006_sign_up"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
        batch_op.add_column(sa.Column("token_version", sa.Integer(), nullable=False, server_default="0"))
    op.create_table(
        "invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("participant_kind", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("participant_id", sa.Integer(), nullable=True),
        sa.Column("display_name", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("sent_to", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True),
        sa.Column("inviter_account_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("expires_at", datasources.columns.UTCDateTime(timezone=True), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("accepted_at", datasources.columns.UTCDateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", datasources.columns.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"]),
        sa.ForeignKeyConstraint(["inviter_account_id"], ["accounts.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("invitations", schema=None) as batch_op:
        batch_op.create_index(
            "ix_invitations_participant", ["participant_kind", "participant_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_invitations_inviter_account_id"), ["inviter_account_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_invitations_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_invitations_created_at"), ["created_at"], unique=False)


def downgrade() -> None:
    op.drop_table("invitations")
    # Not in a batch: SQLite would copy `accounts`, and the tables that refer to it forbid
    # dropping it; its own ALTER TABLE ... DROP COLUMN (3.35+) is enough for plain columns.
    op.drop_column("accounts", "token_version")
    op.drop_column("accounts", "version")
