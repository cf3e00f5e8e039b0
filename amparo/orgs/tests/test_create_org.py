from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from amparo.accounts.models import Invitation
from amparo.audit.models import AuditEntry
from amparo.orgs.models import HotlineNumber, Organization


def run(*args: str) -> str:
    out = StringIO()
    call_command("create_org", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_it_creates_an_org_with_keys_number_and_an_invited_admin(tmp_path):
    token = tmp_path / "token"
    token.write_text("real-token-from-twilio\n")
    out = run("--slug", "east", "--name", "East Side Network", "--number", "(323) 555-0123", "--languages", "es,en",
              "--twilio-auth-token-file", str(token), "--admin-email", "Lead@East.test")
    org = Organization.objects.get(slug="east")
    assert (org.default_language, org.languages, org.twilio_auth_token) == ("es", ["es", "en"], "real-token-from-twilio")
    number = HotlineNumber.objects.get(organization=org)
    assert number.e164 == "+13235550123"
    # Added through the same action as the admin page, so it is audited the same way.
    assert AuditEntry.objects.filter(organization=org, object_type="hotline_number", object_id=str(number.pk),
                                     actor_label="create_org").exists()
    assert org.keys.count() == 2
    invitation = Invitation.objects.get(organization=org)
    assert invitation.role == "admin" and invitation.email == "lead@east.test"
    assert "/accounts/invite/" in out


@pytest.mark.django_db
@pytest.mark.parametrize("args", [
    ["--slug", "north", "--name", "Again", "--number", "+13235550124"],
    ["--slug", "new", "--name", "New", "--number", "+12135550100"],
    ["--slug", "new", "--name", "New", "--number", "not a number"],
    ["--slug", "new", "--name", "New", "--number", "+13235550125", "--languages", "xx"],
    ["--slug", "new", "--name", "New", "--number", "+13235550125", "--time-zone", "Mars/Olympus"],
])
def test_it_refuses_bad_input_and_creates_nothing(north, args):
    with pytest.raises(CommandError):
        run(*args)
    assert not Organization.objects.filter(slug="new").exists()
    assert Organization.objects.count() == 1
