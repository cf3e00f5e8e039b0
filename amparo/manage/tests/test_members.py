from django.core import mail

from amparo.accounts.models import Invitation
from amparo.audit.models import AuditEntry
from amparo.orgs.models import Membership
from conftest import make_member


def test_it_lists_members_in_few_queries(admin_client, north, dispatcher, responder, legal,
                                         django_assert_max_num_queries):
    for i in range(10):
        make_member(north, f"m{i}@north.test", "responder")
    admin_client.get("/manage/members/")  # warm the session: its first save is not the page's cost
    with django_assert_max_num_queries(8):
        r = admin_client.get("/manage/members/")
    body = r.content.decode()
    assert r.status_code == 200
    assert "m9@north.test" in body and "legal@north.test" in body


def test_it_invites(admin_client, north):
    r = admin_client.post("/manage/members/", {"email": "new@example.org", "role": "legal"})
    assert r.status_code == 200
    assert Invitation.objects.get(organization=north).role == "legal"
    assert len(mail.outbox) == 1
    assert "new@example.org" in admin_client.get("/manage/members/").content.decode()  # pending list


def test_it_refuses_a_bad_invitation(admin_client, north):
    r = admin_client.post("/manage/members/", {"email": "not an email", "role": "legal"})
    assert r.status_code == 200 and not Invitation.objects.exists()
    r = admin_client.post("/manage/members/", {"email": "x@example.org", "role": "emperor"})
    assert r.status_code == 200 and not Invitation.objects.exists()


def test_it_revokes_an_invitation(admin_client, north, admin_user):
    from amparo.accounts.actions import find_invitation, invite_member

    inv, token = invite_member(north, email="x@example.org", role="legal", invited_by=admin_user)
    assert admin_client.post(f"/manage/invitations/{inv.pk}/revoke/").status_code == 302
    assert find_invitation(token) is None


def test_it_changes_a_role(admin_client, north, dispatcher, admin_user):
    m = Membership.objects.get(user=dispatcher, organization=north)
    r = admin_client.post(f"/manage/members/{m.pk}/role/", {"role": "legal"})
    assert r.status_code == 302
    m.refresh_from_db()
    assert m.role == "legal"
    entry = AuditEntry.objects.get(organization=north, object_type="membership")
    assert (entry.action, entry.object_id, entry.actor_id) == ("change", str(dispatcher.pk), admin_user.pk)


def test_it_keeps_the_last_admin(admin_client, north, admin_user):
    m = Membership.objects.get(user=admin_user, organization=north)
    admin_client.post(f"/manage/members/{m.pk}/role/", {"role": "dispatcher"})
    m.refresh_from_db()
    assert m.role == "admin"
    admin_client.post(f"/manage/members/{m.pk}/deactivate/")
    m.refresh_from_db()
    assert m.is_active
    assert "at least one active admin" in admin_client.get("/manage/members/").content.decode()


def test_it_deactivates_and_reactivates(admin_client, north, dispatcher):
    m = Membership.objects.get(user=dispatcher, organization=north)
    salt = dispatcher.session_salt
    assert admin_client.post(f"/manage/members/{m.pk}/deactivate/").status_code == 302
    m.refresh_from_db()
    dispatcher.refresh_from_db()
    assert not m.is_active and dispatcher.session_salt != salt
    assert admin_client.post(f"/manage/members/{m.pk}/reactivate/").status_code == 302
    m.refresh_from_db()
    assert m.is_active


def test_it_refuses_get_on_state_changes(admin_client, north, dispatcher):
    m = Membership.objects.get(user=dispatcher, organization=north)
    assert admin_client.get(f"/manage/members/{m.pk}/deactivate/").status_code == 405


def test_the_invite_form_offers_the_least_privilege_first(admin_client):
    import re

    page = admin_client.get("/manage/members/").content.decode()
    invite = page.rsplit('<form method="post" novalidate>', 1)[1]
    options = re.findall(r'<option value="(\w+)"( selected)?', invite.split('name="role"', 1)[1].split("</select>", 1)[0])
    assert [value for value, _sel in options] == ["responder", "legal", "dispatcher", "admin"]
    assert ("responder", " selected") in options
