from django.core.cache import cache

from amparo.accounts.models import User
from amparo.orgs.models import Membership
from conftest import PASSWORD, enroll_totp, totp_now


def test_it_keeps_org_admins_out(client, admin_user):
    client.force_login(admin_user)
    assert client.get("/platform-admin/").status_code == 302
    assert client.get("/platform-admin/login/").status_code == 403


def test_it_sends_admin_login_through_allauth(client, db):
    staff = User.objects.create_user(email="ops@platform.test", password=PASSWORD, is_staff=True)
    enroll_totp(staff)
    r = client.post("/platform-admin/login/", {"username": staff.email, "password": PASSWORD})
    assert r.status_code == 302 and r["Location"].startswith("/accounts/login/")
    assert client.get("/platform-admin/").status_code == 302  # a password alone did not log in

    cache.clear()
    client.post("/accounts/login/", {"login": staff.email, "password": PASSWORD})
    client.post("/accounts/2fa/authenticate/", {"code": totp_now()})
    assert client.get("/platform-admin/").status_code == 200


def test_it_shows_memberships_read_only(client, dispatcher, north):
    staff = User.objects.create_superuser(email="root@platform.test", password=PASSWORD)
    enroll_totp(staff)
    client.force_login(staff)
    m = Membership.objects.get(user=dispatcher)
    assert client.get("/platform-admin/orgs/membership/").status_code == 200
    assert client.get("/platform-admin/orgs/organization/").status_code == 200
    assert client.get("/platform-admin/orgs/hotlinenumber/").status_code == 200
    assert client.get("/platform-admin/orgs/organization/add/").status_code == 403
    r = client.post(f"/platform-admin/orgs/membership/{m.pk}/change/", {"role": "admin", "is_active": "on"})
    assert r.status_code in (200, 403)
    m.refresh_from_db()
    assert m.role == "dispatcher"
