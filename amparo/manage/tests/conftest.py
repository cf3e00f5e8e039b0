import pytest

from conftest import make_member


@pytest.fixture
def south_admin(south):  # type: ignore[no-untyped-def]
    """The outsider of /manage/: an admin, but of organization south."""
    return make_member(south, "admin@south.test", "admin")


@pytest.fixture
def admin_client(client, admin_user):  # type: ignore[no-untyped-def]
    client.force_login(admin_user)
    return client


@pytest.fixture
def south_client(client, south_admin):  # type: ignore[no-untyped-def]
    client.force_login(south_admin)
    return client
