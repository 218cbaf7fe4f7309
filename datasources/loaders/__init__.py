"""All DataLoaders of one request, built in one place (per request, inside the running loop).

A resolver asks `info.context.loaders.<name>` and never builds a loader itself. Loaders are
created on first use, so a request pays only for the relationships it traverses.
"""

from __future__ import annotations

from typing import Any

from aiodataloader import DataLoader
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
    matching,
    participants,
    ratings,
    resources,
)
from datasources.loaders.base import Visibility, everything
from datasources.loaders.waves import Dispatcher

LOADERS: dict[str, type[DataLoader]] = {
    "participant": participants.ParticipantByRefLoader,
    "home_by_id": participants.HomeByIdLoader,
    "organization_by_id": participants.OrganizationByIdLoader,
    "social_worker_by_id": participants.SocialWorkerByIdLoader,
    "volunteer_by_id": participants.VolunteerByIdLoader,
    "district_by_id": districts.DistrictByIdLoader,
    "homes_by_district": participants.HomesByDistrictLoader,
    "home_count_by_district": participants.HomeCountByDistrictLoader,
    "organizations_by_district": participants.OrganizationsByDistrictLoader,
    "organization_count_by_district": participants.OrganizationCountByDistrictLoader,
    "social_workers_by_agency": participants.SocialWorkersByAgencyLoader,
    "social_worker_count_by_agency": participants.SocialWorkerCountByAgencyLoader,
    "status_changes_by_organization": participants.StatusChangesByOrganizationLoader,
    "resource_by_id": resources.ResourceByIdLoader,
    "resources_by_provider": resources.ResourcesByProviderLoader,
    "resource_count_by_provider": resources.ResourceCountByProviderLoader,
    "resources_by_district": resources.ResourcesByDistrictLoader,
    "resource_count_by_district": resources.ResourceCountByDistrictLoader,
    "service_districts_by_resource": resources.ServiceDistrictsByResourceLoader,
    "demand_by_id": demands.DemandByIdLoader,
    "demands_by_requester": demands.DemandsByRequesterLoader,
    "demand_count_by_requester": demands.DemandCountByRequesterLoader,
    "demands_by_district": demands.DemandsByDistrictLoader,
    "demand_count_by_district": demands.DemandCountByDistrictLoader,
    "demands_by_appeal": demands.DemandsByAppealLoader,
    "engagement_by_id": engagements.EngagementByIdLoader,
    "engagements_by_demand": engagements.EngagementsByDemandLoader,
    "engagement_count_by_demand": engagements.EngagementCountByDemandLoader,
    "engagements_by_resource": engagements.EngagementsByResourceLoader,
    "engagement_count_by_resource": engagements.EngagementCountByResourceLoader,
    "engagements_by_participant": engagements.EngagementsByParticipantLoader,
    "engagement_count_by_participant": engagements.EngagementCountByParticipantLoader,
    "ratings_by_engagement": engagements.RatingsByEngagementLoader,
    "rating_by_id": ratings.RatingByIdLoader,
    "ratings_by_ratee": ratings.RatingsByRateeLoader,
    "rating_count_by_ratee": ratings.RatingCountByRateeLoader,
    "ratings_by_rater": ratings.RatingsByRaterLoader,
    "rating_count_by_rater": ratings.RatingCountByRaterLoader,
    "application_by_id": applications.VolunteerApplicationByIdLoader,
    "applications_by_volunteer": applications.ApplicationsByVolunteerLoader,
    "application_count_by_volunteer": applications.ApplicationCountByVolunteerLoader,
    "applications_by_resource": applications.ApplicationsByResourceLoader,
    "application_count_by_resource": applications.ApplicationCountByResourceLoader,
    "event_by_id": events.EventByIdLoader,
    "events_by_organizer": events.EventsByOrganizerLoader,
    "event_count_by_organizer": events.EventCountByOrganizerLoader,
    "registrations_by_event": events.RegistrationsByEventLoader,
    "registration_count_by_event": events.RegistrationCountByEventLoader,
    "registration_by_id": events.RegistrationByIdLoader,
    "registrations_by_participant": events.RegistrationsByParticipantLoader,
    "registration_count_by_participant": events.RegistrationCountByParticipantLoader,
    "events_by_district": events.EventsByDistrictLoader,
    "event_count_by_district": events.EventCountByDistrictLoader,
    "appeal_by_id": appeals.AppealByIdLoader,
    "replies_by_appeal": appeals.RepliesByAppealLoader,
    "suggested_resources_by_demand": matching.SuggestedResourcesByDemandLoader,
    "suggested_demands_by_resource": matching.SuggestedDemandsByResourceLoader,
    "suggested_opportunities_by_volunteer": matching.SuggestedOpportunitiesByVolunteerLoader,
    "appeals_by_home": appeals.AppealsByHomeLoader,
    "appeal_count_by_home": appeals.AppealCountByHomeLoader,
    "complaint_by_id": complaints.ComplaintByIdLoader,
    "actions_by_complaint": complaints.ActionsByComplaintLoader,
    "supervision_counts_by_participant": complaints.SupervisionCountsLoader,
    "account_by_id": accounts.AccountByIdLoader,
    "counterparties_by_participant": accounts.CounterpartiesByParticipantLoader,
}


class Loaders:
    """The loaders of one request, dispatched together in waves (see waves.py)."""

    def __init__(self, engine: AsyncEngine, visible: Visibility = everything) -> None:
        self._engine = engine
        self._visible = visible
        self._dispatcher = Dispatcher()

    def __getattr__(self, name: str) -> Any:
        try:
            loader_class = LOADERS[name]
        except KeyError:
            raise AttributeError(name) from None
        loader = loader_class(self._engine, self._visible, self._dispatcher)
        setattr(self, name, loader)  # later look-ups find the attribute directly
        return loader
