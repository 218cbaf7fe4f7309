"""SupervisionRecord: a participant's public record of complaints and supervisory measures (监管记录)."""

from __future__ import annotations

import strawberry

from datasources.loaders.complaints import SupervisionCounts


@strawberry.type(
    description="A participant's supervision record (监管记录): public counts of the complaints (投诉) "
    "about it and of the measures supervisors took. Contents of complaints stay with the supervisors."
)
class SupervisionRecord:
    complaint_count: int = strawberry.field(description="Complaints filed about it, in any status.")
    open_complaint_count: int = strawberry.field(description="Of those, not yet closed (OPEN or IN_REVIEW).")
    upheld_complaint_count: int = strawberry.field(description="Of those, closed as UPHELD (属实).")
    warning_count: int = strawberry.field(description="Warnings (警告) supervisors gave it on complaints.")
    suspension_count: int = strawberry.field(
        description="Times it was suspended (暂停), for any reason (from its admission history); "
        "always 0 for anything but an organization."
    )


def supervision_record(counts: SupervisionCounts) -> SupervisionRecord:
    return SupervisionRecord(
        complaint_count=counts.complaints,
        open_complaint_count=counts.open_complaints,
        upheld_complaint_count=counts.upheld_complaints,
        warning_count=counts.warnings,
        suspension_count=counts.suspensions,
    )
