"""Amparo's lawful-scope line: every text that sends a responder out ends with
it, in every shipped language, and no organization's override can remove it."""

from __future__ import annotations

import pytest
from django.utils import translation

from amparo.texts.models import TextOverride
from amparo.texts.registry import LAWFUL_LINE, TEXTS, default_text, fixed_text
from amparo.texts.render import render_text

SENDS_A_RESPONDER_OUT = ("offer.sms", "offer.assigned", "onscene.arrived", "shifts.field_reminder")
LANGUAGES = ("en", "es", "ko", "zh-hans", "tl", "vi", "hy")


def test_every_text_that_sends_a_responder_out_carries_the_fixed_line():
    assert {k for k, t in TEXTS.items() if t.fixed is LAWFUL_LINE} == set(SENDS_A_RESPONDER_OUT)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_line_is_translated_and_says_what_not_to_record(language):
    line = fixed_text("offer.sms", language)
    english = fixed_text("offer.sms", "en")
    assert "badge numbers" in english and "personal vehicles or homes" in english and "never intervene" in english
    if language != "en":
        assert line != english, f"{language} falls back to English"
        for key in SENDS_A_RESPONDER_OUT:
            assert default_text(key, language) != default_text(key, "en"), f"{key} in {language}"


@pytest.mark.parametrize("key", SENDS_A_RESPONDER_OUT)
def test_an_override_cannot_drop_the_line(north, key):
    TextOverride.objects.create(organization=north, key=key, language="es",
                                text="Amparo: vaya a {area} y haga lo que quiera ({ref}) {link}")
    text = render_text(north.pk, key, "es", area="Boyle Heights", ref=7, link="https://x.test/o")
    assert text.startswith("Amparo: vaya a Boyle Heights")
    with translation.override("es"):
        assert text.endswith(str(LAWFUL_LINE))


def test_the_texts_page_shows_the_fixed_part_and_counts_it(client, admin_user):
    client.force_login(admin_user)
    page = client.get("/manage/texts/offer.sms/en/").content.decode()
    assert "cannot be changed or removed" in page and "badge numbers" in page
    limit = TEXTS["offer.sms"].max_len - len(fixed_text("offer.sms", "en")) - 1
    assert f'maxlength="{limit}"' in page


def test_the_responders_pages_show_the_same_line_in_their_language(client):
    from django.template import Context, Template

    with translation.override("es"):
        html = Template("{% load amparo_texts %}{% lawful_line %}").render(Context())
        assert html == str(LAWFUL_LINE) and "nunca intervenga" in html
