"""Issue 13's "Done when", acted end to end in a real browser, as the people involved would.

1. Two neighbours subscribe by SMS to the alerts sender (ALERTS 90033 + YES, ALERTAS 90033 + SI); two people
   report to the hotline; a responder accepts, arrives and reports "ICE" by SMS: the incident is confirmed.
2. A dispatcher (on a phone) sees the alert's audience per language and the time to deliver, and asks for
   approval (the threshold is 1); she is offered no approve button. A second dispatcher (on a laptop)
   approves; the fan-out (Huey in immediate mode, the console transport) texts each subscriber once, in
   their language, from the alerts sender.
3. The dispatcher overrides the verdict to a false alarm and sends the correction: each reporter hears it
   once from the hotline, quoting their own R-n, in their language; the alerted subscriber who did not
   report hears it from the alerts sender; the subscriber who also reported hears it once, from the hotline.
4. The public page, JavaScript off, shows the false-alarm notice only once the publish delay has passed.

axe-core runs on the alert panel and the correction panel at 390x844 and 1366x768; screenshots go to
/tmp/walk13/.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import timezone

from amparo.testing.browser import log_in, page_fits_width, send_signed_sms
from conftest import NORTH_NUMBER, NORTH_TOKEN
from tests.browser.test_accessibility import SIZES, axe_source, describe, violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/walk13")
MG = "MG" + "5a" * 16
ALERTS_NUMBER = "+12135550999"  # a number of the alerts Messaging Service (no HotlineNumber)
ANA = "+13235550142"  # subscriber, English
BETO = "+13235550177"  # subscriber, Spanish, and a reporter
CARLA = "+13235550188"  # reporter, English
ROSA = "+12135550301"  # responder
_sids = itertools.count(1)


@pytest.fixture(autouse=True)
def _fresh(settings, live_server):  # type: ignore[no-untyped-def]
    settings.AMPARO_PUBLIC_URL = live_server.url
    settings.AMPARO_SMS_TRANSPORT = "console"
    cache.clear()


class Outbox:
    """What left through the console transport: (to, from, body), whichever sender."""

    def __init__(self, monkeypatch: Any) -> None:
        from amparo.messaging.transports.console import ConsoleTransport

        self.texts: list[tuple[str, str, str]] = []
        real = ConsoleTransport.send

        def send(transport: Any, message: Any) -> Any:
            self.texts.append((message.to_number, message.from_number, message.body))
            return real(transport, message)

        monkeypatch.setattr(ConsoleTransport, "send", send)

    def since(self, mark: int) -> dict[str, list[tuple[str, str]]]:
        found: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for to, frm, body in self.texts[mark:]:
            found[to].append((frm, body))
        return found


def sms(live_server: Any, body: str, sender: str, *, alerts: bool = False) -> str:
    return send_signed_sms(live_server, sid=f"SMwalk{next(_sids):06d}", body=body, sender=sender,
                           to=ALERTS_NUMBER if alerts else NORTH_NUMBER, token=NORTH_TOKEN,
                           service=MG if alerts else "")


def context(browser: Any, size: str, *, javascript: bool = True) -> Any:
    # axe is injected, which the site's CSP refuses: these contexts bypass it, as the axe walk's do.
    return browser.new_context(viewport=SIZES[size], is_mobile=size == "phone", device_scale_factor=1,
                               locale="en-US", bypass_csp=javascript, java_script_enabled=javascript)


def check(page: Any, where: str, size: str, source: str, found: list[str], panel: str) -> None:
    """axe on the page as it is, screenshots to look at (the page, and the panel alone), and nothing
    scrolling sideways."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{where}-{size}.png"), full_page=True)
    page.locator(panel).screenshot(path=str(SHOTS / f"{where}-{size}-panel.png"))
    found += describe(f"{where} ({size})", violations(page, source))
    if not page_fits_width(page):
        found.append(f"{where} ({size}): the page scrolls sideways")


def submit(page: Any, selector: str) -> None:
    with page.expect_navigation():
        page.locator(selector).click()


def test_the_alerts_walk(browser, live_server, north, dispatcher, monkeypatch):  # type: ignore[no-untyped-def]
    from amparo.alerts.fanout import send_alert_batch
    from amparo.alerts.models import (
        Alert,
        AlertBatch,
        AlertKind,
        AlertSettings,
        AlertStatus,
        BatchStatus,
        Subscriber,
        SubscriberStatus,
    )
    from amparo.console.tests.factories import school
    from amparo.incidents.models import Incident, Kind, Status
    from amparo.orgs.models import Zone
    from amparo.reports.models import Report
    from amparo.texts.render import render_text
    from amparo.verification.tests.conftest import configure, make_responder
    from conftest import make_member

    north.languages = ["en", "es"]
    north.save(update_fields=["languages"])
    AlertSettings.objects.create(organization=north, messaging_service_sid=MG, approval_threshold=1,
                                 updates_delay_minutes=30)
    Zone.objects.create(organization=north, name="Boyle Heights", zips=["90033", "90023"])
    school(north, "Roosevelt High School", "Roosevelt High", lat=34.0412, lon=-118.2115, zip="90033")
    configure(north, seats=1)
    make_responder(north, ROSA, name="Rosa Observer")
    second = make_member(north, "second@north.test", "dispatcher")
    outbox = Outbox(monkeypatch)
    source = axe_source()
    found: list[str] = []

    # Two neighbours subscribe by SMS to the alerts sender, each in their language.
    sms(live_server, "ALERTS 90033", ANA, alerts=True)
    sms(live_server, "ALERTAS 90033", BETO, alerts=True)
    asked = outbox.since(0)
    assert [frm for frm, _body in asked[ANA]] == [MG] and "YES" in asked[ANA][0][1]
    assert [frm for frm, _body in asked[BETO]] == [MG] and "SI" in asked[BETO][0][1]
    sms(live_server, "YES", ANA, alerts=True)
    sms(live_server, "SI", BETO, alerts=True)
    subscribers = {s.phone: s for s in Subscriber.objects.filter(organization=north)}
    assert {p: (s.language, s.status) for p, s in subscribers.items()} == {
        ANA: ("en", SubscriberStatus.ACTIVE), BETO: ("es", SubscriberStatus.ACTIVE)}

    # Two reports to the hotline, through the webhook and the worker (Huey's immediate mode).
    sms(live_server, "ICE agents at Roosevelt High right now, two vans", CARLA)
    sms(live_server, "Hay agentes de inmigracion en Roosevelt High ahorita", BETO)
    incident = Incident.objects.get(organization=north, kind=Kind.EVENT)
    reports = {r.caller_number: r for r in Report.objects.filter(incident=incident)}
    assert set(reports) == {CARLA, BETO} and incident.zip == "90033"
    assert reports[BETO].language == "es" and reports[CARLA].language == "en"
    page_url = f"{live_server.url}/console/incidents/{incident.pk}/"

    phone_ctx, laptop_ctx = context(browser, "phone"), context(browser, "laptop")
    try:
        # 1. The dispatcher, on her phone, sends Rosa; Rosa answers by SMS: yes, arrived, ICE.
        phone = phone_ctx.new_page()
        log_in(phone, live_server, dispatcher, next_url=f"/console/incidents/{incident.pk}/")
        phone.locator("#dispatch label.choice", has_text="Rosa Observer").locator("input").check()
        phone.locator("#dispatch button[type=submit]", has_text="Send offers").click()
        phone.locator("#dispatch .offer", has_text="Rosa Observer").wait_for(timeout=5000)
        sms(live_server, f"YES {incident.number}", ROSA)
        sms(live_server, "ARRIVED", ROSA)
        sms(live_server, f"ICE {incident.number}", ROSA)
        incident.refresh_from_db()
        assert incident.status == Status.CONFIRMED

        # 2. The alert panel: the audience per language, the time to deliver, the two-person rule.
        phone.goto(page_url)
        assert phone.locator("#current-status").inner_text() == "Confirmed"
        panel = phone.locator("#alerts-panel")
        assert "2 subscribers in this area." in panel.inner_text()
        assert "About 1 minute to deliver." in panel.inner_text()
        assert "A second dispatcher must approve it." in panel.inner_text()
        for lang, name in (("en", "English"), ("es", "Spanish")):
            assert phone.locator(f"#alert-text-{lang} .muted").inner_text().startswith(f"{name} · 1 subscriber ·")
        check(phone, "alert-panel-preview", "phone", source, found, "#alerts-panel")
        submit(phone, "#alert-compose")
        alert = Alert.objects.get(incident=incident)
        assert alert.status == AlertStatus.AWAITING_APPROVAL and alert.audience == 2
        assert phone.locator(f"#alert-approve-{alert.pk}").count() == 0
        assert "Waiting for a second dispatcher to approve it." in panel.inner_text()
        assert phone.locator("#alert-compose, #alert-text-en").count() == 0  # no second alert to write
        # Nor does a hand-made POST let the author approve her own alert.
        token = phone.locator("#alerts-panel input[name=csrfmiddlewaretoken]").first.input_value()
        refused = phone.request.post(f"{live_server.url}/console/incidents/{incident.pk}/alert/approve",
                                     form={"csrfmiddlewaretoken": token, "alert": str(alert.pk)},
                                     headers={"Referer": page_url}, max_redirects=0)
        assert refused.status == 302  # back to the page, where the refusal is said
        phone.goto(page_url)
        assert "Another dispatcher must approve this alert: its author cannot." in phone.locator(".messages").inner_text()
        assert Alert.objects.get(pk=alert.pk).status == AlertStatus.AWAITING_APPROVAL
        check(phone, "alert-panel-awaiting", "phone", source, found, "#alerts-panel")

        # The second dispatcher, on a laptop, approves; the fan-out runs in the queue.
        mark = len(outbox.texts)
        laptop = laptop_ctx.new_page()
        log_in(laptop, live_server, second, next_url=f"/console/incidents/{incident.pk}/")
        check(laptop, "alert-panel-awaiting", "laptop", source, found, "#alerts-panel")
        waiting = laptop.locator(f"#alert-{alert.pk}").inner_text()  # what the approver approves
        assert alert.texts["en"] in waiting and alert.texts["es"] in waiting
        submit(laptop, f"#alert-approve-{alert.pk}")
        for batch in AlertBatch.objects.filter(alert=alert, status=BatchStatus.PLANNED):
            send_alert_batch.call_local(batch.pk)  # a batch whose time had not come when it was planned
        alert.refresh_from_db()
        assert alert.status == AlertStatus.SENT and alert.approved_by_id == second.pk
        got = outbox.since(mark)
        assert got == {ANA: [(MG, alert.texts["en"])], BETO: [(MG, alert.texts["es"])]}, got
        for lang in ("en", "es"):
            assert in_words_of(north, "alerts.sms.confirmed", lang, alert.texts[lang])
        laptop.goto(page_url)
        assert laptop.locator(f"#alert-{alert.pk}-sent").inner_text() == "2"
        check(laptop, "alert-panel-sent", "laptop", source, found, "#alerts-panel")

        # 3. It was not enforcement: the dispatcher overrides the verdict and corrects it.
        phone.goto(page_url)
        phone.locator("#override-status").select_option(Status.FALSE_ALARM.value)
        box = phone.locator("#override-reason").bounding_box()
        assert box is not None and box["width"] > SIZES["phone"]["width"] * 0.8  # a box a thumb can type in
        phone.locator("#override-reason").fill("A county utility crew, checked by the observer's second look")
        submit(phone, ".override-form button[type=submit]")
        incident.refresh_from_db()
        assert incident.status == Status.FALSE_ALARM
        assert phone.locator("#correction").is_visible()
        check(phone, "correction-panel-offer", "phone", source, found, "#correction")
        submit(phone, "#correction-offer-form button")
        counts = phone.locator("#correction-counts").inner_text()
        assert "2 reporters, from the hotline" in counts, counts
        assert "1 recipient of earlier alerts, from the alerts sender" in counts, counts
        check(phone, "correction-panel-offered", "phone", source, found, "#correction")
        laptop.goto(page_url)
        check(laptop, "correction-panel-offered", "laptop", source, found, "#correction")

        mark = len(outbox.texts)
        submit(phone, "#correction-send-form button")
        assert phone.locator("#correction-sent").is_visible()
        check(phone, "correction-panel-sent", "phone", source, found, "#correction")
        laptop.goto(page_url)
        check(laptop, "correction-panel-sent", "laptop", source, found, "#correction")
    finally:
        phone_ctx.close()
        laptop_ctx.close()

    got = outbox.since(mark)
    assert sorted(got) == sorted([CARLA, BETO, ANA]), got
    assert all(len(texts) == 1 for texts in got.values()), got
    (carla_from, carla_text), = got[CARLA]
    (beto_from, beto_text), = got[BETO]
    (ana_from, ana_text), = got[ANA]
    # The reporters, from the hotline, each quoted their own reference, in the language they wrote in.
    assert carla_from == NORTH_NUMBER and beto_from == NORTH_NUMBER
    assert carla_text == render_text(north.pk, "alerts.correction.reporter", "en").replace("{ref}", reports[CARLA].ref)
    assert beto_text == render_text(north.pk, "alerts.correction.reporter", "es").replace("{ref}", reports[BETO].ref)
    assert reports[CARLA].ref != reports[BETO].ref
    # Ana, alerted but no reporter, from the alerts sender; Beto, both, once and from the hotline (above).
    assert ana_from == MG and in_words_of(north, "alerts.correction.recipient", "en", ana_text)
    assert ana_text == Alert.objects.get(incident=incident, kind=AlertKind.FALSE_ALARM).texts["en"]

    # 4. The public page, JavaScript off: nothing before the delay, the false alarm after it.
    public_ctx = context(browser, "phone", javascript=False)
    try:
        public = public_ctx.new_page()
        public.goto(f"{live_server.url}/updates/north/?lang=es")
        assert public.locator("li.update").count() == 0
        real_now = timezone.now
        monkeypatch.setattr(timezone, "now", lambda: real_now() + timedelta(minutes=31))
        public.goto(f"{live_server.url}/updates/north/?lang=es")
        monkeypatch.setattr(timezone, "now", real_now)
        notices = public.locator("li.update-false-alarm")
        assert notices.count() == 1 and public.locator("li.update-confirmed").count() == 0
        assert notices.locator(".update-text").inner_text() == render_text(north.pk, "alerts.false_alarm", "es")
        assert "90033" in notices.locator(".update-where").inner_text()
        assert notices.get_attribute("id") == f"update-{incident.number}"  # the network's number, never the id
        assert page_fits_width(public)
        SHOTS.mkdir(parents=True, exist_ok=True)
        public.screenshot(path=str(SHOTS / "updates-false-alarm-es-phone.png"), full_page=True)
    finally:
        public_ctx.close()

    assert not found, "\n".join(found)


def in_words_of(org: Any, key: str, language: str, text: str) -> bool:
    """``text`` is the text ``key`` in ``language``, whatever its placeholders were filled with."""
    from amparo.texts.render import render_text

    template = render_text(org.pk, key, language)
    pattern = re.sub(r"\\\{\w+\\\}", ".+?", re.escape(template))
    return re.fullmatch(pattern, text, re.DOTALL) is not None
