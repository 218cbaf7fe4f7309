"""The checks of participant lines: an organization's credit code and exit, a social worker's
agency, a volunteer's skills (the words publishing accepts)."""

from __future__ import annotations

from datasources.importer.checker import NOT_ADMITTED, OUT, Checker
from datasources.importer.models import OrganizationLine, SocialWorkerLine, VolunteerLine
from datasources.importer.plan import Link, Planned
from domain.matching.vocabulary import SKILLS
from domain.workflows.categories import check_words


def organization(checker: Checker, planned: Planned) -> None:
    data = planned.item.data
    assert isinstance(data, OrganizationLine)
    holder = checker.existing.credit_codes.get(data.credit_code)
    if holder is not None and holder["ref"] != data.ref:
        checker.fail(
            planned.item, "creditCode", f"credit code {data.credit_code} belongs to {holder['name']}"
        )
    if planned.existing and planned.values.get("status") in (*NOT_ADMITTED, *OUT):
        _still_published(checker, planned)


def _still_published(checker: Checker, planned: Planned) -> None:
    """An organization leaving ACTIVE must not leave published resources behind."""
    assert planned.existing is not None
    published = checker.existing.published_by_organization.get(planned.existing["id"], [])
    left = [ref for ref in published if _stays_published(checker, ref)]
    if left:
        checker.fail(planned.item, "status", f"the organization still has {len(left)} published "
                                             "resource(s): withdraw them first")  # fmt: skip


def _stays_published(checker: Checker, ref: str | None) -> bool:
    """Whether a published resource is still published after this import."""
    sketch = checker.index.sketch(ref, "Resource")
    if sketch is None or "status" not in sketch.given:
        return True
    return sketch.get("status") == "PUBLISHED"


def social_worker(checker: Checker, planned: Planned) -> None:
    data = planned.item.data
    assert isinstance(data, SocialWorkerLine)
    ref = data.agency_ref
    if "agency_ref" not in data.model_fields_set and planned.existing:
        return
    if ref is not None and checker.resolve(planned.item, "agencyRef", ref, ("Organization",)):
        planned.values["agency_id"] = Link("Organization", ref)
    elif ref is None:
        planned.values["agency_id"] = None


def volunteer(checker: Checker, planned: Planned) -> None:
    data = planned.item.data
    assert isinstance(data, VolunteerLine)
    if "skills" in planned.values:
        checker.hold(planned.item, lambda checks: check_words(checks, "skills", data.skills, SKILLS))


def home(checker: Checker, planned: Planned) -> None:
    """A home has no checks beyond its model and its district."""
