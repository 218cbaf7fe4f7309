"""accounts: a version (expectedVersion) and a token version (sign-out everywhere)

Revision ID: 0007_invitations_accounts
Revises: 0006_sign_up
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_invitations_accounts"
down_revision = "0006_sign_up"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
        batch_op.add_column(sa.Column("token_version", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    # Not in a batch: SQLite would copy `accounts`, and the tables that refer to it forbid
    # dropping it; its own ALTER TABLE ... DROP COLUMN (3.35+) is enough for plain columns.
    op.drop_column("accounts", "token_version")
    op.drop_column("accounts", "version")
