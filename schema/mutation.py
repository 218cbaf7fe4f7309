"""The root Mutation: the list of every mutation, each declared in its workflow's module with
`schema.mutation_fields.mutation` (docs/workflows.md). The order here is the schema's order."""

from __future__ import annotations

import strawberry

from schema import (
    account_mutations,
    allocation_mutations,
    appeal_mutations,
    application_mutations,
    complaint_mutations,
    demand_mutations,
    engagement_mutations,
    event_mutations,
    home_mutations,
    invitation_mutations,
    joining_mutations,
    login_mutation,
    organization_mutations,
    password_mutations,
    personal_data_mutations,
    profile_mutations,
    rating_mutations,
    resource_mutations,
)


@strawberry.type(description="Everything that changes the graph.")
class Mutation:
    login = login_mutation.login
    send_sign_up_code = joining_mutations.send_sign_up_code
    register_volunteer = joining_mutations.register_volunteer
    register_social_worker = joining_mutations.register_social_worker
    verify_social_worker = joining_mutations.verify_social_worker
    rate_engagement = rating_mutations.rate_engagement
    hide_rating = rating_mutations.hide_rating

    publish_event = event_mutations.publish_event
    register_for_event = event_mutations.register_for_event
    cancel_registration = event_mutations.cancel_registration
    submit_appeal = appeal_mutations.submit_appeal
    reply_to_appeal = appeal_mutations.reply_to_appeal
    convert_appeal_to_demand = appeal_mutations.convert_appeal_to_demand
    close_appeal = appeal_mutations.close_appeal
    file_complaint = complaint_mutations.file_complaint
    act_on_complaint = complaint_mutations.act_on_complaint
    close_complaint = complaint_mutations.close_complaint

    propose_engagement = engagement_mutations.propose_engagement
    respond_to_engagement = engagement_mutations.respond_to_engagement
    complete_engagement = engagement_mutations.complete_engagement
    cancel_engagement = engagement_mutations.cancel_engagement
    publish_resource = resource_mutations.publish_resource
    update_resource = resource_mutations.update_resource
    withdraw_resource = resource_mutations.withdraw_resource
    publish_demand = demand_mutations.publish_demand
    update_demand = demand_mutations.update_demand
    cancel_demand = demand_mutations.cancel_demand
    apply_to_opportunity = application_mutations.apply_to_opportunity
    respond_to_application = application_mutations.respond_to_application
    complete_application = application_mutations.complete_application
    withdraw_application = application_mutations.withdraw_application
    apply_allocation_plan = allocation_mutations.apply_allocation_plan

    apply_organization = organization_mutations.apply_organization
    review_organization = organization_mutations.review_organization
    suspend_organization = organization_mutations.suspend_organization
    reinstate_organization = organization_mutations.reinstate_organization
    exit_organization = organization_mutations.exit_organization

    sign_out_everywhere = account_mutations.sign_out_everywhere
    disable_account = account_mutations.disable_account
    enable_account = account_mutations.enable_account
    set_account_roles = account_mutations.set_account_roles
    change_password = password_mutations.change_password
    issue_password_reset = password_mutations.issue_password_reset
    reset_password = password_mutations.reset_password
    create_home = home_mutations.create_home
    create_invitation = invitation_mutations.create_invitation
    accept_invitation = invitation_mutations.accept_invitation
    revoke_invitation = invitation_mutations.revoke_invitation
    update_volunteer_profile = profile_mutations.update_volunteer_profile
    update_social_worker_profile = profile_mutations.update_social_worker_profile
    update_home_profile = profile_mutations.update_home_profile
    update_organization_profile = profile_mutations.update_organization_profile
    delete_my_account = personal_data_mutations.delete_my_account
    withdraw_consent = personal_data_mutations.withdraw_consent


__all__ = ["Mutation"]
