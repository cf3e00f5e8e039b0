from __future__ import annotations

import pytest

from amparo.api.actions import issue_api_token


@pytest.fixture
def bearer():  # type: ignore[no-untyped-def]
    """Issue a token to a member and return the Authorization header kwargs for the test client."""

    def make(user, org, name: str = "test"):  # type: ignore[no-untyped-def]
        _, raw = issue_api_token(org=org, user=user, name=name)
        return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    return make
