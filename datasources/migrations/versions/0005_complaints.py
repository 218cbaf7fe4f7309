"""complaints (投诉) about participants and the supervisors' actions on them (外部监管)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import datasources.columns

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "complaints",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tracking_code", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("subject_kind", sa.String(length=32), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
        sa.Column("contact_name", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True),
        sa.Column("contact_phone", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True),
        sa.Column("contact_email", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("complainant_account_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("outcome", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("outcome_note", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", datasources.columns.UTCDateTime(timezone=True), nullable=False),
        sa.Column("closed_at", datasources.columns.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["complainant_account_id"], ["accounts.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("tracking_code"),
    )
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.create_index("ix_complaints_subject", ["subject_kind", "subject_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_complaints_category"), ["category"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_complaints_complainant_account_id"), ["complainant_account_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_complaints_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_complaints_created_at"), ["created_at"], unique=False)

    op.create_table(
        "complaint_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("complaint_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("actor_account_id", sa.Integer(), nullable=True),
        sa.Column("created_at", datasources.columns.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["actor_account_id"], ["accounts.id"]),
        sa.ForeignKeyConstraint(["complaint_id"], ["complaints.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("complaint_actions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_complaint_actions_action"), ["action"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_complaint_actions_actor_account_id"), ["actor_account_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_complaint_actions_complaint_id"), ["complaint_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_complaint_actions_created_at"), ["created_at"], unique=False)


def downgrade() -> None:
    op.drop_table("complaint_actions")
    op.drop_table("complaints")
