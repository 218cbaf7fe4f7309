"""All DataLoaders of one request, built in one place (per request, inside the running loop).

A resolver asks `info.context.loaders.<name>` and never builds a loader itself. `Loaders` has
one typed attribute per loader; each loader is created on first use (then kept for the rest
of the request), so a request pays only for the relationships it traverses.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar, overload

from sqlalchemy.ext.asyncio import AsyncEngine

from datasources.loaders import (
    accounts,
    appeals,
    applications,
    complaints,
    demands,
    districts,
    engagements,
    events,
    invitations,
    matching,
    participants,
    ratings,
    resources,
)
from datasources.loaders.base import Visibility, _EngineLoader, everything
from datasources.loaders.waves import Dispatcher

LoaderT = TypeVar("LoaderT", bound=_EngineLoader[Any, Any])


class _PerRequest(Generic[LoaderT]):
    """A loader attribute of `Loaders`: built on first use with the request's engine,
    visibility and dispatcher, then stored on the instance, which later look-ups find first
    (a non-data descriptor, like `functools.cached_property`)."""

    def __init__(self, loader_class: type[LoaderT]) -> None:
        self.loader_class = loader_class
        self.name = ""

    def __set_name__(self, owner: type[Loaders], name: str) -> None:
        self.name = name

    @overload
    def __get__(self, loaders: None, owner: type[Loaders]) -> _PerRequest[LoaderT]: ...
    @overload
    def __get__(self, loaders: Loaders, owner: type[Loaders]) -> LoaderT: ...
    def __get__(self, loaders: Loaders | None, owner: type[Loaders]) -> LoaderT | _PerRequest[LoaderT]:
        if loaders is None:
            return self
        loader = self.loader_class(loaders._engine, loaders._visible, loaders._dispatcher)
        loaders.__dict__[self.name] = loader
        return loader


class Loaders:
    """The loaders of one request, dispatched together in waves (see waves.py)."""

    def __init__(self, engine: AsyncEngine, visible: Visibility = everything) -> None:
        self._engine = engine
        self._visible = visible
        self._dispatcher = Dispatcher()

    participant = _PerRequest(participants.ParticipantByRefLoader)
    home_by_id = _PerRequest(participants.HomeByIdLoader)
    organization_by_id = _PerRequest(participants.OrganizationByIdLoader)
    social_worker_by_id = _PerRequest(participants.SocialWorkerByIdLoader)
    volunteer_by_id = _PerRequest(participants.VolunteerByIdLoader)
    district_by_id = _PerRequest(districts.DistrictByIdLoader)
    homes_by_district = _PerRequest(participants.HomesByDistrictLoader)
    home_count_by_district = _PerRequest(participants.HomeCountByDistrictLoader)
    organizations_by_district = _PerRequest(participants.OrganizationsByDistrictLoader)
    organization_count_by_district = _PerRequest(participants.OrganizationCountByDistrictLoader)
    social_workers_by_agency = _PerRequest(participants.SocialWorkersByAgencyLoader)
    social_worker_count_by_agency = _PerRequest(participants.SocialWorkerCountByAgencyLoader)
    status_changes_by_organization = _PerRequest(participants.StatusChangesByOrganizationLoader)
    resource_by_id = _PerRequest(resources.ResourceByIdLoader)
    resources_by_provider = _PerRequest(resources.ResourcesByProviderLoader)
    resource_count_by_provider = _PerRequest(resources.ResourceCountByProviderLoader)
    resources_by_district = _PerRequest(resources.ResourcesByDistrictLoader)
    resource_count_by_district = _PerRequest(resources.ResourceCountByDistrictLoader)
    service_districts_by_resource = _PerRequest(resources.ServiceDistrictsByResourceLoader)
    demand_by_id = _PerRequest(demands.DemandByIdLoader)
    demands_by_requester = _PerRequest(demands.DemandsByRequesterLoader)
    demand_count_by_requester = _PerRequest(demands.DemandCountByRequesterLoader)
    demands_by_district = _PerRequest(demands.DemandsByDistrictLoader)
    demand_count_by_district = _PerRequest(demands.DemandCountByDistrictLoader)
    demands_by_appeal = _PerRequest(demands.DemandsByAppealLoader)
    engagement_by_id = _PerRequest(engagements.EngagementByIdLoader)
    engagements_by_demand = _PerRequest(engagements.EngagementsByDemandLoader)
    engagement_count_by_demand = _PerRequest(engagements.EngagementCountByDemandLoader)
    engagements_by_resource = _PerRequest(engagements.EngagementsByResourceLoader)
    engagement_count_by_resource = _PerRequest(engagements.EngagementCountByResourceLoader)
    engagements_by_participant = _PerRequest(engagements.EngagementsByParticipantLoader)
    engagement_count_by_participant = _PerRequest(engagements.EngagementCountByParticipantLoader)
    ratings_by_engagement = _PerRequest(engagements.RatingsByEngagementLoader)
    rating_by_id = _PerRequest(ratings.RatingByIdLoader)
    ratings_by_ratee = _PerRequest(ratings.RatingsByRateeLoader)
    rating_count_by_ratee = _PerRequest(ratings.RatingCountByRateeLoader)
    ratings_by_rater = _PerRequest(ratings.RatingsByRaterLoader)
    rating_count_by_rater = _PerRequest(ratings.RatingCountByRaterLoader)
    application_by_id = _PerRequest(applications.VolunteerApplicationByIdLoader)
    applications_by_volunteer = _PerRequest(applications.ApplicationsByVolunteerLoader)
    application_count_by_volunteer = _PerRequest(applications.ApplicationCountByVolunteerLoader)
    applications_by_resource = _PerRequest(applications.ApplicationsByResourceLoader)
    application_count_by_resource = _PerRequest(applications.ApplicationCountByResourceLoader)
    event_by_id = _PerRequest(events.EventByIdLoader)
    events_by_organizer = _PerRequest(events.EventsByOrganizerLoader)
    event_count_by_organizer = _PerRequest(events.EventCountByOrganizerLoader)
    registrations_by_event = _PerRequest(events.RegistrationsByEventLoader)
    registration_count_by_event = _PerRequest(events.RegistrationCountByEventLoader)
    registration_by_id = _PerRequest(events.RegistrationByIdLoader)
    registrations_by_participant = _PerRequest(events.RegistrationsByParticipantLoader)
    registration_count_by_participant = _PerRequest(events.RegistrationCountByParticipantLoader)
    events_by_district = _PerRequest(events.EventsByDistrictLoader)
    event_count_by_district = _PerRequest(events.EventCountByDistrictLoader)
    appeal_by_id = _PerRequest(appeals.AppealByIdLoader)
    replies_by_appeal = _PerRequest(appeals.RepliesByAppealLoader)
    suggested_resources_by_demand = _PerRequest(matching.SuggestedResourcesByDemandLoader)
    suggested_demands_by_resource = _PerRequest(matching.SuggestedDemandsByResourceLoader)
    suggested_opportunities_by_volunteer = _PerRequest(matching.SuggestedOpportunitiesByVolunteerLoader)
    appeals_by_home = _PerRequest(appeals.AppealsByHomeLoader)
    appeal_count_by_home = _PerRequest(appeals.AppealCountByHomeLoader)
    complaint_by_id = _PerRequest(complaints.ComplaintByIdLoader)
    actions_by_complaint = _PerRequest(complaints.ActionsByComplaintLoader)
    supervision_counts_by_participant = _PerRequest(complaints.SupervisionCountsLoader)
    account_by_id = _PerRequest(accounts.AccountByIdLoader)
    invitation_by_id = _PerRequest(invitations.InvitationByIdLoader)
    counterparties_by_participant = _PerRequest(accounts.CounterpartiesByParticipantLoader)
