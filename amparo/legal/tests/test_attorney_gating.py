"""Attorneys are not field volunteers: no training or certification gates their invitation or their role,
however the organization's certification kinds are set."""

from __future__ import annotations

from amparo.accounts.actions import accept_invitation, change_role
from amparo.accounts.models import Invitation
from amparo.legal.models import ProviderAttorney
from amparo.legal.providers import invite_attorney
from amparo.legal.tests.referral_helpers import make_provider
from amparo.orgs.models import Membership, Role
from amparo.volunteers.certifications import role_certification_refusal, save_kind
from amparo.volunteers.models import CertificationKind
from conftest import make_member


def _every_role_gated(org, admin_user):  # type: ignore[no-untyped-def]
    kind = save_kind(org, name="Observer", validity_months=12, field=True,
                     required_for_roles=[r.value for r in Role], actor=admin_user)
    # Even a kind written around the action (an old row, a data fix) that lists the attorney role.
    CertificationKind.objects.filter(pk=kind.pk).update(required_for_roles=[r.value for r in Role])
    return kind


def test_an_invited_attorney_joins_without_any_certification(north, admin_user):
    _every_role_gated(north, admin_user)
    provider = make_provider(north, "Esperanza Legal")
    invite_attorney(provider, email="abogada@esperanza.test", invited_by=admin_user)
    user = accept_invitation(Invitation.objects.get(organization=north), password="a long enough password 123")
    assert Membership.objects.get(user=user, organization=north).role == Role.ATTORNEY
    assert ProviderAttorney.objects.get(user=user).provider_id == provider.pk


def test_the_attorney_role_is_never_gated_by_certifications(north, admin_user):
    _every_role_gated(north, admin_user)
    member = make_member(north, "paralegal@esperanza.test", "responder")
    membership = Membership.objects.get(user=member, organization=north)
    assert role_certification_refusal(membership, Role.ATTORNEY) is None
    assert change_role(membership, role=Role.ATTORNEY, actor=admin_user).role == Role.ATTORNEY
    # The desk roles stay gated: the fix is for attorneys, not a hole in the gate.
    assert role_certification_refusal(membership, Role.DISPATCHER)


def test_a_kind_cannot_be_saved_as_needed_for_attorneys(north, admin_user):
    kind = save_kind(north, name="Observer", validity_months=12, field=True,
                     required_for_roles=[Role.DISPATCHER, Role.ATTORNEY], actor=admin_user)
    assert kind.required_for_roles == [Role.DISPATCHER]
