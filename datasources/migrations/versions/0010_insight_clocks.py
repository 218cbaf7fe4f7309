"""clocks for insights: when demands and resources were published, first matched, fulfilled;
when an appeal was first replied

Time to match and the 24-hour reply rate need moments the rows did not keep. Older rows get
them from what is known: the last publish in the audit log (or the creation), the first
accepted engagement's answer, the last completed engagement, the first reply.

Revision ID: 0010_insight_clocks
Revises: 0009_history_refs
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import datasources.columns

revision = "0010_insight_clocks"
down_revision = "0009_history_refs"
branch_labels = None
depends_on = None

COLUMNS = (
    ("demands", "published_at"),
    ("demands", "first_matched_at"),
    ("demands", "fulfilled_at"),
    ("resources", "published_at"),
    ("appeals", "first_replied_at"),
)


def _published(table: str, entity: str) -> str:
    return f"""
        UPDATE {table} SET published_at = COALESCE(
            (SELECT MAX(a.created_at) FROM audit_log a
              WHERE a.entity_type = '{entity}' AND a.entity_id = {table}.id AND a.action = 'publish{entity}'),
            created_at)
        WHERE status <> 'DRAFT'
    """


def upgrade() -> None:
    for table, column in COLUMNS:
        op.add_column(table, sa.Column(column, datasources.columns.UTCDateTime(timezone=True), nullable=True))
    op.execute(_published("demands", "Demand"))
    op.execute(_published("resources", "Resource"))
    op.execute("""
        UPDATE demands SET first_matched_at = (
            SELECT MIN(COALESCE(e.responded_at, e.proposed_at)) FROM engagements e
             WHERE e.demand_id = demands.id AND e.status IN ('ACCEPTED', 'COMPLETED'))
    """)
    op.execute("""
        UPDATE demands SET fulfilled_at = COALESCE(
            (SELECT MAX(e.completed_at) FROM engagements e
              WHERE e.demand_id = demands.id AND e.status = 'COMPLETED'),
            updated_at)
        WHERE status = 'FULFILLED'
    """)
    op.execute("""
        UPDATE appeals SET first_replied_at = (
            SELECT MIN(r.created_at) FROM appeal_replies r WHERE r.appeal_id = appeals.id)
    """)


def downgrade() -> None:
    for table, column in reversed(COLUMNS):
        op.drop_column(table, column)
