"""joining: single-use codes, anonymous idempotency keys, consent, social workers' verification

Revision ID: 0006_sign_up
Revises: 0005
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import datasources.columns

revision = "0006_sign_up"
down_revision = "0005"
branch_labels = None
depends_on = None

ANONYMOUS_KEYS = sa.text("account_id IS NULL")


def upgrade() -> None:
    op.create_table(
        "one_time_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("purpose", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("subject", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("code_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("attempts_left", sa.Integer(), nullable=False),
        sa.Column("expires_at", datasources.columns.UTCDateTime(timezone=True), nullable=False),
        sa.Column("consumed_at", datasources.columns.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", datasources.columns.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("purpose", "subject"),
    )
    op.create_index("ix_one_time_codes_created_at", "one_time_codes", ["created_at"])

    with op.batch_alter_table("idempotency_keys") as batch_op:
        batch_op.alter_column("account_id", existing_type=sa.Integer(), nullable=True)
    op.create_index(
        "ux_idempotency_keys_anonymous",
        "idempotency_keys",
        ["mutation", "key"],
        unique=True,
        sqlite_where=ANONYMOUS_KEYS,
        postgresql_where=ANONYMOUS_KEYS,
    )

    # Columns are added and dropped in place, not in a batch: a batch copies the table, which
    # SQLite's foreign keys (engagements -> volunteers, ...) refuse.
    op.add_column(
        "accounts", sa.Column("consent_version", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True)
    )
    op.add_column(
        "accounts", sa.Column("consented_at", datasources.columns.UTCDateTime(timezone=True), nullable=True)
    )
    # Every social worker so far was imported or seeded: VERIFIED.
    op.add_column(
        "social_workers",
        sa.Column("verification_status", sa.String(length=32), nullable=False, server_default="VERIFIED"),
    )
    op.add_column(
        "social_workers",
        sa.Column("certificate_number", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    )
    op.add_column(
        "social_workers",
        sa.Column("verification_note", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True),
    )
    op.create_index("ix_social_workers_verification_status", "social_workers", ["verification_status"])
    op.add_column(
        "volunteers", sa.Column("real_name", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True)
    )


def downgrade() -> None:
    op.drop_column("volunteers", "real_name")
    op.drop_index("ix_social_workers_verification_status", table_name="social_workers")
    for name in ("verification_note", "certificate_number", "verification_status"):
        op.drop_column("social_workers", name)
    op.drop_column("accounts", "consented_at")
    op.drop_column("accounts", "consent_version")
    op.drop_index("ux_idempotency_keys_anonymous", table_name="idempotency_keys")
    op.execute("DELETE FROM idempotency_keys WHERE account_id IS NULL")
    with op.batch_alter_table("idempotency_keys") as batch_op:
        batch_op.alter_column("account_id", existing_type=sa.Integer(), nullable=False)
    op.drop_index("ix_one_time_codes_created_at", table_name="one_time_codes")
    op.drop_table("one_time_codes")
