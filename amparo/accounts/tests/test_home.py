from conftest import make_member


def test_it_lists_organizations_and_roles(client, admin_user, south):
    make_member_south = south.memberships.create(user=admin_user, role="responder")
    assert make_member_south.pk
    client.force_login(admin_user)
    r = client.get("/home/")
    assert r.status_code == 200
    body = r.content.decode()
    assert "North Network" in body and "South Network" in body
    assert "Admin" in body and "Responder" in body
    assert body.count('action="/manage/org/"') == 1  # manage only where they are admin


def test_it_shows_no_manage_link_to_a_dispatcher(client, dispatcher):
    client.force_login(dispatcher)
    r = client.get("/home/")
    assert r.status_code == 200
    assert b"/manage/" not in r.content


def test_it_links_the_console_only_when_it_exists(client, dispatcher, settings):
    from django.urls import NoReverseMatch, reverse

    client.force_login(dispatcher)
    body = client.get("/home/").content.decode()
    try:
        url = reverse("console:queue")
    except NoReverseMatch:
        assert "/console/" not in body
    else:
        assert url in body


def test_it_sends_anonymous_visitors_to_login(client, db):
    r = client.get("/home/")
    assert r.status_code == 302 and r["Location"].startswith("/accounts/login/")


def test_it_hides_deactivated_memberships(client, north):
    user = make_member(north, "gone@north.test", "dispatcher")
    user.memberships.update(is_active=False)
    client.force_login(user)
    r = client.get("/home/")
    assert r.status_code == 200
    assert b"North Network" not in r.content
