from __future__ import annotations

import pytest


@pytest.fixture
def login(client):  # type: ignore[no-untyped-def]
    def as_user(user):  # type: ignore[no-untyped-def]
        client.force_login(user)
        return client

    return as_user
