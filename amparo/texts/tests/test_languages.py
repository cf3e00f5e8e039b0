"""Korean, Chinese, Tagalog, Vietnamese and Armenian: caller-facing texts
translated with their placeholders, marked for review, used by the SMS
acknowledgement and the phone; the know-your-rights texts an admin edits
reach all three places that show them.

Separate from test_catalogs.py (Spanish must be complete; these need only
cover the caller-facing texts, the rest falls back to English)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.core import signing

from amparo.reports.models import Report, reference
from amparo.texts.models import TextOverride
from amparo.texts.registry import TEXTS, default_text, fixed_text
from amparo.texts.tests.test_catalogs import parse_po, placeholders

LOCALES = {"ko": "ko", "zh_Hans": "zh-hans", "tl": "tl", "vi": "vi", "hy": "hy"}
CALLER_FACING = ("ack.", "kyr.", "help", "stop", "start", "error.", "ivr.", "canned.", "alerts.", "family.")
KEYS = sorted(k for k in TEXTS if k.startswith(CALLER_FACING))
REVIEW = "# needs native-speaker review"
LOCALE_DIR = Path(settings.BASE_DIR) / "amparo" / "locale"
DOC = Path(settings.BASE_DIR) / "docs" / "languages.md"
SMS_FIXTURE = Path(settings.BASE_DIR) / "amparo" / "integrations" / "twilio" / "tests" / "fixtures" / "sms_inbound.json"


def _po(locale: str) -> str:
    return (LOCALE_DIR / locale / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")


def _msgid(key: str) -> str:
    return default_text(key, "en")


def test_the_caller_facing_keys_are_the_ones_we_think():
    assert {"ack.report", "kyr.short", "kyr.long", "help", "stop", "ivr.menu", "canned.kyr"} <= set(KEYS)


@pytest.mark.parametrize("locale", sorted(LOCALES))
def test_it_translates_every_caller_facing_text(locale):
    entries = {e.msgid: e for e in parse_po(_po(locale))}
    missing = [k for k in KEYS if not (entries.get(_msgid(k)) and entries[_msgid(k)].msgstr.get(0))]
    assert not missing, f"untranslated caller-facing texts in {locale}/django.po: {missing}"
    fuzzy = [k for k in KEYS if "fuzzy" in entries[_msgid(k)].flags]
    assert not fuzzy, f"fuzzy entries are not compiled; review and drop the flag in {locale}: {fuzzy}"


@pytest.mark.parametrize("locale", sorted(LOCALES))
def test_it_keeps_every_placeholder(locale):
    wrong = []
    for e in parse_po(_po(locale)):
        for msgstr in e.msgstr.values():
            python_format = "python-format" in e.flags
            if msgstr and placeholders(msgstr, python_format) != placeholders(e.msgid, python_format):
                wrong.append(e.label())
    assert not wrong, f"placeholders changed in {locale}/django.po: {wrong}"


@pytest.mark.parametrize("locale", sorted(LOCALES))
def test_the_compiled_catalog_is_used(locale):
    mo = LOCALE_DIR / locale / "LC_MESSAGES" / "django.mo"
    assert mo.exists(), f"{mo} missing: run `make messages`"
    code = LOCALES[locale]
    untranslated = [k for k in KEYS if default_text(k, code) == default_text(k, "en")]
    untranslated += [f"{k} (fixed line)" for k in KEYS
                     if TEXTS[k].fixed is not None and fixed_text(k, code) == fixed_text(k, "en")]
    assert not untranslated, f"{code}: English served for {untranslated} (is django.mo stale?)"
    too_long = [k for k in KEYS if len(default_text(k, code)) > TEXTS[k].max_len]
    assert not too_long, too_long


def test_the_review_status_is_marked_in_the_catalogs_and_documented():
    doc = DOC.read_text(encoding="utf-8")
    for locale, code in LOCALES.items():
        text = _po(locale)
        pending = sum(1 for block in text.split("\n\n") if block.startswith(REVIEW) or f"\n{REVIEW}\n" in block)
        row = next((line for line in doc.splitlines() if line.startswith(f"| `{code}`")), "")
        assert row, f"docs/languages.md has no row for {code}"
        status = "needs native-speaker review" if pending else "reviewed"
        assert status in row, f"docs/languages.md says {row!r} but {locale} has {pending} entries pending review"
    # Fuzzy is not the review marker: fuzzy entries would silently fall back to English.
    assert re.search(r"^#,.*fuzzy", _po("ko"), re.M) is None


def test_the_settings_offer_all_seven_languages():
    assert [code for code, _ in settings.LANGUAGES] == ["en", "es", "ko", "zh-hans", "tl", "vi", "hy"]


# --- through the webhook ------------------------------------------------------------


def _sms(twilio_post, body: str, sid: str):  # type: ignore[no-untyped-def]
    data = json.loads(SMS_FIXTURE.read_text())
    data.update(Body=body, MessageSid=sid, SmsSid=sid, SmsMessageSid=sid)
    response = twilio_post("/hooks/twilio/sms", data)
    assert response.status_code == 200
    return [m.text or "" for m in ElementTree.fromstring(response.content).iter("Message")]


@pytest.mark.parametrize("code, body", [
    ("ko", "지금 5가와 브로드웨이에 이민 단속 요원들이 사람들을 데려가고 있어요"),
    ("vi", "Có nhân viên di trú ở đường số 5 và Broadway, họ đang bắt người"),
    ("tl", "May mga ahente ng imigrasyon dito sa Broadway, hinuhuli nila ang mga tao ngayon"),
])
def test_an_sms_is_acknowledged_in_its_language_and_a_later_ok_keeps_it(north, twilio_post, code, body):
    north.languages = ["en", "es", code]
    north.save(update_fields=["languages"])
    [ack] = _sms(twilio_post, body, "SM" + "1" * 32)
    report = Report.objects.get()
    assert report.language == code
    expected = default_text("ack.report", code).format(ref=reference(report.number))  # the report's own "R-1"
    assert ack.startswith(expected) and default_text("kyr.short", code) in ack
    replies = _sms(twilio_post, "ok", "SM" + "2" * 32)
    later = Report.objects.exclude(pk=report.pk).get()
    assert later.language == code  # "ok" tells no language: the reporter's earlier one sticks
    for reply in replies:
        assert reply == default_text("ack.followup", code).format(ref=reference(report.number))


def test_a_language_the_org_does_not_offer_is_not_used(north, twilio_post):
    north.languages = ["en", "es"]
    north.save(update_fields=["languages"])
    [ack] = _sms(twilio_post, "지금 5가와 브로드웨이에 이민 단속 요원들이 사람들을 데려가고 있어요", "SM" + "3" * 32)
    assert Report.objects.get().language in ("en", "es")
    assert default_text("ack.report", "ko").split("{")[0] not in ack


def test_an_admins_know_your_rights_text_reaches_sms_phone_and_web(north, twilio_post, client, settings):
    short = "Sus derechos (versión de la red): guarde silencio y no abra la puerta."
    long = "Derechos, versión de la red Norte: puede guardar silencio y pedir un abogado."
    TextOverride.objects.create(organization=north, key="kyr.short", language="es", text=short)
    TextOverride.objects.create(organization=north, key="kyr.long", language="es", text=long)
    north.languages, north.default_language = ["es", "en"], "es"
    north.save(update_fields=["languages", "default_language"])

    # 1. The SMS acknowledgement (signed webhook).
    [ack] = _sms(twilio_post, "Hay migra en la 5 y Broadway ahorita, se estan llevando gente", "SM" + "4" * 32)
    assert ack.endswith(short)

    # 2. Option 3 on the phone, in Spanish.
    from amparo.voice.tests.conftest import Caller, says

    caller = Caller(twilio_post, settings)
    caller.dial_in()
    caller.press("1")  # Spanish, offered first
    kyr = caller.press("3")
    assert ("es-US", "Polly.Lupe", long) in says(kyr)

    # 3. The public report page's confirmation.
    report = Report.objects.get(channel="sms")
    ref = signing.Signer(salt=f"amparo.public.thanks:{north.pk}").sign(str(report.pk))
    page = client.get(f"/report/north/thanks/{ref}/?lang=es")
    assert page.status_code == 200 and long in page.content.decode()
    # Another organization's override is never shown.
    assert long not in client.get(f"/report/north/thanks/{ref}/?lang=en").content.decode()
