"""The demo data obeys the platform's bookkeeping rules; each query lists the rows that do not."""

from __future__ import annotations

import itertools
from collections import Counter

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from datasources.seed import NOW
from tests.seed.queries import fetch, table_rows

PARTICIPANT_TABLES = {
    "HOME": "homes",
    "ORGANIZATION": "organizations",
    "SOCIAL_WORKER": "social_workers",
    "VOLUNTEER": "volunteers",
}


async def test_resource_commitments_add_up(demo_db: AsyncEngine) -> None:
    bad = await fetch(demo_db, """
        SELECT r.id FROM resources r
        LEFT JOIN (SELECT resource_id, SUM(quantity) AS held FROM engagements
                   WHERE status IN ('ACCEPTED', 'COMPLETED') GROUP BY resource_id) e
               ON e.resource_id = r.id
        LEFT JOIN (SELECT resource_id, COUNT(*) AS places FROM volunteer_applications
                   WHERE status IN ('ACCEPTED', 'COMPLETED') GROUP BY resource_id) a
               ON a.resource_id = r.id
        WHERE r.quantity_committed <> COALESCE(e.held, 0) + COALESCE(a.places, 0)
           OR r.quantity_committed > r.quantity
    """)  # fmt: skip
    assert bad == []


async def test_resources_with_nothing_left_and_only_those_are_exhausted(demo_db: AsyncEngine) -> None:
    bad = await fetch(demo_db, """
        SELECT id, status FROM resources
        WHERE (quantity_committed = quantity AND status <> 'EXHAUSTED')
           OR (status = 'EXHAUSTED' AND quantity_committed <> quantity)
    """)  # fmt: skip
    assert bad == []


async def test_demand_quantities_add_up(demo_db: AsyncEngine) -> None:
    bad = await fetch(demo_db, """
        SELECT d.id FROM demands d
        LEFT JOIN (SELECT demand_id,
                          SUM(quantity) AS matched,
                          SUM(CASE WHEN status = 'COMPLETED' THEN quantity ELSE 0 END) AS fulfilled
                   FROM engagements WHERE status IN ('ACCEPTED', 'COMPLETED')
                   GROUP BY demand_id) e ON e.demand_id = d.id
        WHERE d.quantity_matched <> COALESCE(e.matched, 0)
           OR d.quantity_fulfilled <> COALESCE(e.fulfilled, 0)
           OR d.quantity_matched > d.quantity
    """)  # fmt: skip
    assert bad == []


async def test_demand_status_fits_its_quantities(demo_db: AsyncEngine) -> None:
    bad = await fetch(demo_db, """
        SELECT id, status, quantity, quantity_matched, quantity_fulfilled FROM demands
        WHERE (status = 'OPEN' AND quantity_matched >= quantity)
           OR (status = 'MATCHED' AND (quantity_matched <> quantity
                                       OR quantity_fulfilled >= quantity))
           OR (status = 'FULFILLED' AND quantity_fulfilled <> quantity)
           OR (status IN ('OPEN', 'MATCHED', 'FULFILLED') IS NOT TRUE
               AND quantity_fulfilled >= quantity)
    """)  # fmt: skip
    assert bad == []


async def test_engagement_statuses_fit_both_sides(demo_db: AsyncEngine) -> None:
    bad = await fetch(demo_db, """
        SELECT e.id, e.status, d.status, r.status
        FROM engagements e JOIN demands d ON d.id = e.demand_id
                           JOIN resources r ON r.id = e.resource_id
        WHERE d.status = 'DRAFT' OR r.status = 'DRAFT'
           OR (e.status = 'PROPOSED' AND (d.status <> 'OPEN' OR r.status <> 'PUBLISHED'))
           OR (e.status = 'ACCEPTED' AND (d.status NOT IN ('OPEN', 'MATCHED')
                                          OR r.status NOT IN ('PUBLISHED', 'EXHAUSTED')))
    """)  # fmt: skip
    assert bad == []


async def test_engagements_pair_the_same_category_and_two_parties(demo_db: AsyncEngine) -> None:
    bad = await fetch(demo_db, """
        SELECT e.id FROM engagements e
        JOIN demands d ON d.id = e.demand_id JOIN resources r ON r.id = e.resource_id
        WHERE d.category <> r.category
           OR (d.requester_kind = r.provider_kind AND d.requester_id = r.provider_id)
           OR e.quantity < 1
    """)  # fmt: skip
    assert bad == []


async def test_engagement_timelines_are_in_order(demo_db: AsyncEngine) -> None:
    bad = await fetch(demo_db, """
        SELECT id, status FROM engagements
        WHERE responded_at < proposed_at OR completed_at < responded_at
           OR cancelled_at < proposed_at OR cancelled_at < responded_at
           OR (status = 'PROPOSED' AND (responded_at IS NOT NULL OR completed_at IS NOT NULL
                                        OR cancelled_at IS NOT NULL))
           OR (status IN ('ACCEPTED', 'DECLINED') AND (responded_at IS NULL
                                                       OR completed_at IS NOT NULL))
           OR (status = 'COMPLETED' AND (responded_at IS NULL OR completed_at IS NULL))
           OR (status = 'CANCELLED' AND cancelled_at IS NULL)
    """)  # fmt: skip
    assert bad == []
    for engagement in await table_rows(demo_db, "engagements"):
        times = [engagement[t] for t in ("proposed_at", "responded_at", "completed_at")]
        assert all(t is None or t <= NOW for t in times)


async def test_ratings_rate_the_other_party_of_a_completed_engagement(demo_db: AsyncEngine) -> None:
    bad = await fetch(demo_db, """
        SELECT g.id FROM ratings g
        JOIN engagements e ON e.id = g.engagement_id
        JOIN demands d ON d.id = e.demand_id JOIN resources r ON r.id = e.resource_id
        WHERE e.status <> 'COMPLETED'
           OR g.score NOT BETWEEN 1 AND 5
           OR g.timeliness NOT BETWEEN 1 AND 5 OR g.quality NOT BETWEEN 1 AND 5
           OR g.communication NOT BETWEEN 1 AND 5
           OR g.created_at < e.completed_at
           OR NOT (
                (g.rater_kind = d.requester_kind AND g.rater_id = d.requester_id
                 AND g.ratee_kind = r.provider_kind AND g.ratee_id = r.provider_id)
             OR (g.rater_kind = r.provider_kind AND g.rater_id = r.provider_id
                 AND g.ratee_kind = d.requester_kind AND g.ratee_id = d.requester_id))
    """)  # fmt: skip
    assert bad == []
    twice = await fetch(demo_db, """
        SELECT engagement_id, rater_kind, rater_id FROM ratings
        GROUP BY engagement_id, rater_kind, rater_id HAVING COUNT(*) > 1
    """)  # fmt: skip
    assert twice == []


@pytest.mark.parametrize(("kind", "table"), PARTICIPANT_TABLES.items())
async def test_participant_reputation_counts_the_ratings_received(
    demo_db: AsyncEngine, kind: str, table: str
) -> None:
    bad = await fetch(demo_db, f"""
        SELECT p.id FROM {table} p
        LEFT JOIN (SELECT ratee_id, COUNT(*) AS n, SUM(score) AS total FROM ratings
                   WHERE ratee_kind = :kind GROUP BY ratee_id) g ON g.ratee_id = p.id
        WHERE p.rating_count <> COALESCE(g.n, 0) OR p.rating_sum <> COALESCE(g.total, 0)
    """, kind=kind)  # fmt: skip
    assert bad == []


@pytest.mark.parametrize(("kind", "table"), PARTICIPANT_TABLES.items())
async def test_participant_engagement_counters_match(demo_db: AsyncEngine, kind: str, table: str) -> None:
    sides = await fetch(demo_db, """
        SELECT d.requester_kind, d.requester_id, e.status
        FROM engagements e JOIN demands d ON d.id = e.demand_id
        UNION ALL
        SELECT r.provider_kind, r.provider_id, e.status
        FROM engagements e JOIN resources r ON r.id = e.resource_id
    """)  # fmt: skip
    tally = Counter((pid, status) for k, pid, status in sides if k == kind)
    rows = await fetch(demo_db, f"SELECT id, engagements_completed, engagements_cancelled FROM {table}")
    assert rows
    for pid, completed, cancelled in rows:
        assert (completed, cancelled) == (tally[(pid, "COMPLETED")], tally[(pid, "CANCELLED")])


async def test_event_registrations_are_counted_within_capacity(demo_db: AsyncEngine) -> None:
    bad = await fetch(demo_db, """
        SELECT v.id FROM events v
        LEFT JOIN (SELECT event_id, COUNT(*) AS n FROM event_registrations GROUP BY event_id) g
               ON g.event_id = v.id
        WHERE v.registered_count <> COALESCE(g.n, 0) OR v.registered_count > v.capacity
           OR (v.status = 'DRAFT' AND v.registered_count > 0)
           OR v.ends_at < v.starts_at OR v.registration_deadline > v.starts_at
    """)  # fmt: skip
    assert bad == []


async def test_organizations_not_admitted_or_exited_offer_nothing(demo_db: AsyncEngine) -> None:
    bad = await fetch(demo_db, """
        SELECT o.id, o.status, r.status FROM organizations o
        JOIN resources r ON r.provider_kind = 'ORGANIZATION' AND r.provider_id = o.id
        WHERE o.status IN ('PENDING', 'REJECTED')
           OR (o.status = 'EXITED' AND r.status NOT IN ('WITHDRAWN', 'EXPIRED'))
    """)  # fmt: skip
    assert bad == []
    open_on_exited = await fetch(demo_db, """
        SELECT e.id FROM engagements e
        JOIN resources r ON r.id = e.resource_id
        JOIN organizations o ON r.provider_kind = 'ORGANIZATION' AND r.provider_id = o.id
        WHERE o.status = 'EXITED' AND e.status IN ('PROPOSED', 'ACCEPTED')
    """)  # fmt: skip
    assert open_on_exited == []
    demanding = await fetch(demo_db, """
        SELECT o.id FROM organizations o
        JOIN demands d ON d.requester_kind = 'ORGANIZATION' AND d.requester_id = o.id
        WHERE o.status IN ('PENDING', 'REJECTED')
    """)  # fmt: skip
    assert demanding == []


async def test_admission_history_leads_to_the_current_status(demo_db: AsyncEngine) -> None:
    status = dict(await fetch(demo_db, "SELECT id, status FROM organizations"))
    history: dict[int, list[dict]] = {}
    for change in await table_rows(demo_db, "organization_status_changes"):
        history.setdefault(change["organization_id"], []).append(change)
    assert set(history) == set(status)
    for organization_id, changes in history.items():
        assert changes[0]["from_status"] is None and changes[0]["to_status"] == "PENDING"
        for before, after in itertools.pairwise(changes):
            assert after["from_status"] == before["to_status"]
            assert after["created_at"] >= before["created_at"]
            assert after["reason"]
        assert changes[-1]["to_status"] == status[organization_id]


async def test_volunteer_hours_add_up_from_completed_applications(demo_db: AsyncEngine) -> None:
    bad = await fetch(demo_db, """
        SELECT v.id FROM volunteers v
        LEFT JOIN (SELECT volunteer_id, SUM(service_minutes) AS minutes
                   FROM volunteer_applications WHERE status = 'COMPLETED'
                   GROUP BY volunteer_id) a ON a.volunteer_id = v.id
        WHERE v.service_minutes <> COALESCE(a.minutes, 0)
    """)  # fmt: skip
    assert bad == []
    misplaced = await fetch(demo_db, """
        SELECT a.id FROM volunteer_applications a JOIN resources r ON r.id = a.resource_id
        WHERE r.category <> 'VOLUNTEER_POSITION' OR r.status = 'DRAFT'
           OR (a.status <> 'COMPLETED' AND a.service_minutes <> 0)
           OR a.decided_at < a.applied_at OR a.completed_at < a.decided_at
           OR (a.status = 'COMPLETED' AND a.completed_at IS NULL)
    """)  # fmt: skip
    assert misplaced == []


async def test_converted_appeals_link_to_exactly_one_demand(demo_db: AsyncEngine) -> None:
    bad = await fetch(demo_db, """
        SELECT a.id, a.status, COUNT(d.id) FROM appeals a
        LEFT JOIN demands d ON d.appeal_id = a.id
        GROUP BY a.id, a.status
        HAVING (a.status = 'CONVERTED') <> (COUNT(d.id) = 1)
    """)  # fmt: skip
    assert bad == []
    wrong_home = await fetch(demo_db, """
        SELECT d.id FROM demands d JOIN appeals a ON a.id = d.appeal_id
        WHERE d.requester_kind <> 'HOME' OR d.requester_id <> a.home_id
           OR d.created_at < a.created_at
    """)  # fmt: skip
    assert wrong_home == []


async def test_appeal_replies_come_from_the_home_manager(demo_db: AsyncEngine) -> None:
    bad = await fetch(demo_db, """
        SELECT a.id FROM appeals a
        LEFT JOIN (SELECT appeal_id, COUNT(*) AS n FROM appeal_replies GROUP BY appeal_id) r
               ON r.appeal_id = a.id
        WHERE (a.status = 'SUBMITTED') <> (COALESCE(r.n, 0) = 0)
    """)  # fmt: skip
    assert bad == []
    strangers = await fetch(demo_db, """
        SELECT r.id FROM appeal_replies r
        JOIN appeals a ON a.id = r.appeal_id JOIN homes h ON h.id = a.home_id
        WHERE r.author_account_id <> h.manager_account_id OR r.created_at < a.created_at
    """)  # fmt: skip
    assert strangers == []


async def test_complaints_follow_their_workflow(demo_db: AsyncEngine) -> None:
    # OPEN: no action, no outcome; IN_REVIEW: acted on, no outcome; CLOSED: an outcome and a time;
    # the version counts every step; actions come after the filing.
    bad = await fetch(demo_db, """
        SELECT c.id FROM complaints c
        LEFT JOIN (SELECT complaint_id, COUNT(*) AS n, MIN(created_at) AS first
                   FROM complaint_actions GROUP BY complaint_id) a ON a.complaint_id = c.id
        WHERE (c.status = 'OPEN' AND COALESCE(a.n, 0) <> 0)
           OR (c.status = 'IN_REVIEW' AND COALESCE(a.n, 0) = 0)
           OR ((c.status = 'CLOSED') <> (c.outcome IS NOT NULL AND c.closed_at IS NOT NULL))
           OR c.version <> 1 + COALESCE(a.n, 0) + (CASE WHEN c.status = 'CLOSED' THEN 1 ELSE 0 END)
           OR a.first < c.created_at OR c.closed_at < c.created_at
    """)  # fmt: skip
    assert bad == []
    # Every suspension through a complaint is a step of the organization's admission history.
    unmatched = await fetch(demo_db, """
        SELECT a.id FROM complaint_actions a JOIN complaints c ON c.id = a.complaint_id
        LEFT JOIN organization_status_changes s
               ON s.organization_id = c.subject_id AND s.to_status = 'SUSPENDED'
              AND s.created_at = a.created_at AND s.reason = a.reason
        WHERE a.action = 'SUSPEND' AND (c.subject_kind <> 'ORGANIZATION' OR s.id IS NULL)
    """)  # fmt: skip
    assert unmatched == []


async def test_every_home_and_organization_has_its_account(demo_db: AsyncEngine) -> None:
    homes = await fetch(demo_db, """
        SELECT h.id, a.username, a.participant_kind, a.participant_id, a.password_hash
        FROM homes h JOIN accounts a ON a.id = h.manager_account_id
    """)  # fmt: skip
    assert len(homes) == 40
    for home_id, username, kind, participant_id, password_hash in homes:
        assert (username, kind, participant_id) == (f"home_{home_id}", "HOME", home_id)
        assert password_hash is None
    roles = {
        (row["participant_kind"], row["participant_id"]): row["roles"]
        for row in await table_rows(demo_db, "accounts")
    }
    assert all(roles[("HOME", home_id)] == ["HOME_MANAGER"] for home_id, *_ in homes)
    for (organization_id,) in await fetch(demo_db, "SELECT id FROM organizations"):
        assert roles[("ORGANIZATION", organization_id)] == ["ORG_MEMBER"]


async def test_service_districts_are_other_districts(demo_db: AsyncEngine) -> None:
    bad = await fetch(demo_db, """
        SELECT s.resource_id FROM resource_service_districts s
        JOIN resources r ON r.id = s.resource_id WHERE r.district_id = s.district_id
    """)  # fmt: skip
    assert bad == []


async def test_nothing_happened_after_the_fixed_now(demo_db: AsyncEngine) -> None:
    past = {
        "accounts": ("created_at",),
        "organizations": ("created_at",),
        "organization_status_changes": ("created_at",),
        "resources": ("created_at", "updated_at"),
        "demands": ("created_at", "updated_at"),
        "ratings": ("created_at",),
        "appeals": ("created_at", "updated_at"),
        "complaints": ("created_at", "closed_at"),
        "complaint_actions": ("created_at",),
        "event_registrations": ("created_at",),
        "volunteer_applications": ("applied_at", "decided_at", "completed_at"),
    }
    for table, columns in past.items():
        rows = await table_rows(demo_db, table)
        assert rows, table  # the demo seed has some of each
        for row in rows:
            for column in columns:
                value = row[column]
                assert value is None or (value.utcoffset() is not None and value <= NOW), (
                    table,
                    column,
                )
