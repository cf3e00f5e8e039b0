from amparo.audit.models import AuditEntry
from amparo.texts.models import TextOverride
from amparo.texts.registry import TEXTS, default_text
from amparo.texts.render import render_text


def test_it_lists_defaults_and_overrides(admin_client, north, south, django_assert_max_num_queries):
    TextOverride.objects.create(organization=north, key="help", language="es", text="Ayuda de North")
    TextOverride.objects.create(organization=south, key="help", language="en", text="South help")
    admin_client.get("/manage/texts/")  # warm the session: its first save is not the page's cost
    with django_assert_max_num_queries(7):
        r = admin_client.get("/manage/texts/")
    body = r.content.decode()
    assert "Ayuda de North" in body and "South help" not in body
    for key in TEXTS:
        assert key in body
    assert "/manage/texts/ack.report/es/" in body


def test_it_saves_an_override_keeping_placeholders(admin_client, north):
    r = admin_client.post("/manage/texts/ack.report/es/", {"text": "Recibimos su reporte (ref {ref})."})
    assert r.status_code == 302
    assert render_text(north.pk, "ack.report", "es", ref="N-1") == "Recibimos su reporte (ref N-1)."
    assert AuditEntry.objects.filter(organization=north, object_type="text", object_id="ack.report:es").exists()


def test_it_refuses_lost_extra_or_broken_placeholders(admin_client, north):
    for text in ("Recibimos su reporte.", "Ref {ref} {name}", "Ref {ref", "Ref {0}", "Ref {ref} }",
                 "Ref {ref:>900}", "Ref {ref!r}", "Ref {ref.__class__}"):
        r = admin_client.post("/manage/texts/ack.report/es/", {"text": text})
        assert r.status_code == 200, text
    r = admin_client.post("/manage/texts/help/en/", {"text": "Text us {ref}"})
    assert r.status_code == 200
    assert not TextOverride.objects.exists()


def test_it_enforces_the_max_length(admin_client, north):
    r = admin_client.post("/manage/texts/help/en/", {"text": "x" * (TEXTS["help"].max_len + 1)})
    assert r.status_code == 200
    assert not TextOverride.objects.exists()


def test_it_clears_an_override(admin_client, north):
    TextOverride.objects.create(organization=north, key="help", language="en", text="Ours")
    assert "Ours" in admin_client.get("/manage/texts/help/en/").content.decode()
    assert admin_client.post("/manage/texts/help/en/clear/").status_code == 302
    assert render_text(north.pk, "help", "en") == default_text("help", "en")


def test_it_404s_unknown_keys_and_languages(admin_client, north):
    assert admin_client.get("/manage/texts/nope/en/").status_code == 404
    assert admin_client.get("/manage/texts/help/ko/").status_code == 404  # not one of north's languages


def test_it_does_not_touch_another_orgs_override(south_client, north):
    TextOverride.objects.create(organization=north, key="help", language="es", text="North's")
    assert south_client.post("/manage/texts/help/es/clear/").status_code == 302
    assert TextOverride.objects.filter(organization=north).count() == 1


def test_an_alert_template_must_keep_its_placeholders_and_its_fixed_line(admin_client, north):
    r = admin_client.post("/manage/texts/alerts.sms.confirmed/en/", {"text": "ICE ({agency}) at {time}."})
    assert r.status_code == 200 and not TextOverride.objects.exists()  # {area} is missing
    ours = "Alert {time}: {agency} near {area}. Stay silent."
    assert admin_client.post("/manage/texts/alerts.sms.confirmed/en/", {"text": ours}).status_code == 302
    text = render_text(north.pk, "alerts.sms.confirmed", "en", time="9:00", agency="ICE", area="90033")
    assert text == "Alert 9:00: ICE near 90033. Stay silent. Do not go to the area."
def test_the_edit_page_counts_the_saved_text_without_javascript(admin_client, north):
    body = admin_client.get("/manage/texts/help/en/").content.decode()
    default = default_text("help", "en")
    assert f"Characters: {len(default)} · Encoding: GSM-7 · SMS segments: 1" in body
    assert 'data-segments-for="id_text"' in body and "manage/segments.js" in body
    TextOverride.objects.create(organization=north, key="help", language="es", text="Información: " + "ó" * 60)
    body = admin_client.get("/manage/texts/help/es/").content.decode()
    assert "Characters: 73 · Encoding: Unicode · SMS segments: 2" in body  # the admin's language, the text's count


def test_the_count_includes_the_sentence_always_added(admin_client, north):
    from amparo.texts.registry import fixed_text
    from amparo.texts.segments import segments

    body = admin_client.get("/manage/texts/offer.sms/en/").content.decode()
    sent = f"{default_text('offer.sms', 'en')} {fixed_text('offer.sms', 'en')}"
    assert f"Characters: {len(sent)} · Encoding: GSM-7 · SMS segments: {segments(sent).count}" in body
