"""The checks of an appeal line: the home it is addressed to, what submitting it checks
(submitAppeal), its replies as replying checks them (replyToAppeal), in order after it, and
its status as the replies left it; its tracking code (tracking.py)."""

from __future__ import annotations

from datasources.importer.checker import Checker
from datasources.importer.models import AppealLine
from datasources.importer.plan import Link, Planned
from datasources.importer.tracking import in_sequence, tracking_code
from domain.enums import AppealStatus
from domain.workflows.appeals import AppealInput, check_appeal, check_reply


def appeal(checker: Checker, planned: Planned) -> None:
    item, data = planned.item, planned.item.data
    assert isinstance(data, AppealLine)
    values = planned.values
    if checker.resolve(item, "homeRef", data.home_ref, ("Home",)) is not None:
        values["home_id"] = Link("Home", data.home_ref)
        values["district_id"] = checker.district_of(data.home_ref)
    row = {**(planned.existing or {}), **values}
    submitted = AppealInput(
        home_id=checker.key("Home", data.home_ref),  # pyright: ignore[reportArgumentType]  # an id or a Link
        district_id=None,
        topic=row["topic"],
        content=row["content"],
        contact_name=row.get("contact_name"),
        contact_phone=row.get("contact_phone"),
    )
    checker.hold(item, lambda _: check_appeal(submitted), {"homeId": "homeRef"})
    tracking_code(checker, planned, data.tracking_code)
    if "replies" in data.model_fields_set or planned.existing is None:
        _replies(checker, planned, data)
    replied = (
        bool(planned.replies)
        if planned.replies is not None
        else bool(checker.existing.replies.get((planned.existing or {}).get("id", 0)))
    )
    status = row["status"]
    if status == AppealStatus.SUBMITTED and replied:
        checker.fail(item, "replies", "a SUBMITTED appeal has no replies (a reply makes it REPLIED)")
    if status == AppealStatus.REPLIED and not replied:
        checker.fail(item, "replies", "a REPLIED appeal needs its replies")


def _replies(checker: Checker, planned: Planned, data: AppealLine) -> None:
    """The replies as replying records them, after the appeal and each other; the first one
    starts the clock of the 24-hour promise (`first_replied_at`)."""
    in_sequence(checker, planned, "replies", [reply.created_at for reply in data.replies])
    for number, reply in enumerate(data.replies):
        rename = {"body": f"replies.{number}.body"}
        checker.hold(planned.item, lambda _, body=reply.body: check_reply(body), rename)
    planned.replies = [{"body": reply.body, "created_at": reply.created_at} for reply in data.replies]
    planned.values["first_replied_at"] = data.replies[0].created_at if data.replies else None
