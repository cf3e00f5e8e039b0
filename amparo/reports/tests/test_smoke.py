def test_env_is_for_tests(settings):
    from huey.contrib.djhuey import HUEY

    assert HUEY.immediate is True
    assert "amparo-test-" in str(settings.DATA_DIR)


def test_org_keys_encrypt(north):
    from amparo.orgs.models import Organization

    org = Organization.objects.get(pk=north.pk)
    assert org.twilio_auth_token == "north-auth-token-for-tests-000000"
