"""SQLModel tables, one module per domain. Importing this package registers them all."""

from sqlmodel import SQLModel

from datasources.tables.accounts import Account
from datasources.tables.appeals import Appeal, AppealReply
from datasources.tables.applications import VolunteerApplication
from datasources.tables.audit import AuditEntry
from datasources.tables.complaints import Complaint, ComplaintAction
from datasources.tables.demands import Demand
from datasources.tables.districts import District
from datasources.tables.engagements import Engagement
from datasources.tables.erasures import ErasedRef
from datasources.tables.events import Event, EventRegistration
from datasources.tables.homes import Home
from datasources.tables.idempotency import IdempotencyKey
from datasources.tables.invitations import Invitation
from datasources.tables.one_time_codes import OneTimeCode
from datasources.tables.organizations import Organization, OrganizationStatusChange
from datasources.tables.ratings import Rating
from datasources.tables.resources import Resource, ResourceServiceDistrict
from datasources.tables.social_workers import SocialWorker
from datasources.tables.volunteers import Volunteer

metadata = SQLModel.metadata

__all__ = [
    "Account",
    "Appeal",
    "AppealReply",
    "AuditEntry",
    "Complaint",
    "ComplaintAction",
    "Demand",
    "District",
    "Engagement",
    "ErasedRef",
    "Event",
    "EventRegistration",
    "Home",
    "IdempotencyKey",
    "Invitation",
    "OneTimeCode",
    "Organization",
    "OrganizationStatusChange",
    "Rating",
    "Resource",
    "ResourceServiceDistrict",
    "SocialWorker",
    "Volunteer",
    "VolunteerApplication",
    "metadata",
]
