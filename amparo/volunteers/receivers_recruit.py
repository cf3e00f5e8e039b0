"""Recruitment's receivers and registrations, imported by VolunteersConfig.ready()."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.dispatch import receiver

from amparo.accounts.signals import invitation_accepted
from amparo.retention.registry import org_purger
from amparo.volunteers.shifts import release_future_shifts
from amparo.volunteers.signals import volunteer_offboarded
from amparo.volunteers.vetting import link_accepted_member, purge_applicants


@receiver(invitation_accepted, dispatch_uid="amparo.volunteers.link_accepted_member")
def _link_roster_entry(sender: Any, invitation: Any, user: Any, **kwargs: Any) -> None:
    link_accepted_member(invitation.pk, user)


@org_purger("volunteers.applicants")
def _purge_applicants(org: Any, now: datetime) -> int:
    return purge_applicants(org, now=now)


@receiver(volunteer_offboarded, dispatch_uid="amparo.volunteers.release_future_shifts")
def _off_future_shifts(sender: Any, organization: Any, user: Any, at: datetime, **kwargs: Any) -> None:
    release_future_shifts(organization, user, now=at)
