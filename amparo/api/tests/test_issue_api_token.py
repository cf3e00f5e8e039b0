from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from amparo.api.actions import hash_token
from amparo.api.models import ApiToken


def issue(*args):  # type: ignore[no-untyped-def]
    out = StringIO()
    call_command("issue_api_token", *args, stdout=out, stderr=StringIO())
    return out.getvalue().strip()


def test_it_prints_a_working_token_once(client, north, dispatcher):
    raw = issue("--org", "north", "--user", "dispatcher@north.test", "--name", "county dashboard")
    token = ApiToken.objects.get(organization=north, user=dispatcher)
    assert token.name == "county dashboard" and token.token_hash == hash_token(raw)
    assert client.get("/api/v1/incidents", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200


@pytest.mark.parametrize("org,email", [("north", "responder@north.test"), ("north", "nobody@north.test"),
                                       ("nope", "dispatcher@north.test"), ("north", "dispatcher@south.test")])
def test_it_refuses_who_may_not_read_reports(north, responder, dispatcher, outsider, org, email):
    with pytest.raises(CommandError):
        issue("--org", org, "--user", email)
    assert not ApiToken.objects.exists()


def test_it_revokes_a_token(client, north, dispatcher):
    raw = issue("--org", "north", "--user", "dispatcher@north.test")
    token = ApiToken.objects.get()
    call_command("revoke_api_token", "--org", "north", str(token.pk), stdout=StringIO())
    assert client.get("/api/v1/incidents", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    with pytest.raises(CommandError):
        call_command("revoke_api_token", "--org", "south", str(token.pk), stdout=StringIO())
