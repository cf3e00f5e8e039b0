"""Every page, in every role, in English and Spanish, speaks in phrases (issue 15, item 4).

A network with a full verification behind one incident (offers, an acceptance, a
decline, arrival, an observation, the outcome, check-out), a text to a reporter, a
note, a merge and a split, and one event of every other kind recorded anywhere in
amparo/, is opened by a dispatcher, a responder, an admin, a legal coordinator and
someone without an account, on every page Django's URL map knows. The text a person
sees on each page (not the markup: ids, classes and form values may hold codes) must
hold no timeline code (``offer_accepted``), no timedelta (``0:01:35.928968``), no
"responder 7", and, in Spanish, none of the English reasons verification stores.

A new page fails this test until it says which objects it shows (``ARGS``); a new
event kind fails it until ``amparo/console/timeline.py`` has its phrase.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from amparo.console.timeline import PHRASES
from amparo.verification.onscene import PROPOSALS

AMPARO = Path(settings.BASE_DIR) / "amparo"
RECORDED = re.compile(r"""record_event\(\s*[^,()]+(?:\([^()]*\))?\s*,\s*["']([a-z_]+)["']""")
TIMEDELTA = re.compile(r"\b\d+:\d\d:\d\d\.\d+\b|\b\d+ days?, \d+:\d\d:\d\d\b")
RESPONDER_LABEL = re.compile(r"\bresponder \d+\b")
# Where the text a person reads cannot hold a page: machine endpoints and Django's own admin.
SKIPPED_PREFIXES = ("hooks/", "api/", "platform-admin/", "accounts/", "i18n/", "healthz")
# Pages that no persona here can open, and why.
NEVER_OPEN = {
    "console:media": "a report's photo or recording: a file, not a page",
    "verification:evidence": "evidence is a file, not a page",
    "legal:case_dossier": "a dossier is a ZIP file, not a page (amparo/legal/tests/test_dossier_views.py)",
    "accounts:home": "sends each member on to their work page (amparo/accounts/tests/test_home.py)",
    "home": "the same page, as the bare /home/",
    "accounts:legal": "the old address of the legal coordinator's home: sends on to legal:cases",
    "public:pick": "with one organization it goes straight to that organization's form",
    "legal:attorney_home": "the attorney's page: no attorney persona here (amparo/legal/tests/test_referrals.py, "
                           "tests/browser/test_legal_referrals.py)",
    "console:find": "the search box redirects to an incident or the queue (amparo/intake/tests/test_report_refs.py)",
}
# Pages that show English on purpose, whatever the reader's language: the default texts of every language.
SHOW_EVERY_LANGUAGE = {"manage:texts", "manage:text_edit"}
ROLES = ("dispatcher", "responder", "admin_user", "legal", None)  # None: no account


def recorded_kinds() -> set[str]:
    """Every IncidentEvent kind written anywhere in amparo/ (tests aside)."""
    kinds: set[str] = set()
    for path in AMPARO.rglob("*.py"):
        if "tests" not in path.parts:
            kinds.update(RECORDED.findall(path.read_text(encoding="utf-8")))
    return kinds


def test_it_finds_the_kinds_and_every_one_has_a_phrase():
    kinds = recorded_kinds()
    assert {"message_sent", "offer_accepted", "responder_checked_out", "call_back", "opened"} <= kinds
    assert len(kinds) >= 30
    assert not kinds - set(PHRASES), f"no phrase in amparo/console/timeline.py for {sorted(kinds - set(PHRASES))}"


# --- what a person sees -------------------------------------------------------------------

class VisibleText(HTMLParser):
    """Text nodes and the attributes read aloud or shown (title, aria-label, alt,
    placeholder); not scripts, styles, ids, classes or form values, nor what a page
    deliberately shows as code (``<code>``: a text's key, a file's fingerprint)."""

    SHOWN = ("title", "aria-label", "alt", "placeholder")
    HIDDEN = ("script", "style", "code")

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            self._hidden += 1
        self.parts.extend(v for k, v in attrs if k in self.SHOWN and v)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN:
            self._hidden = max(0, self._hidden - 1)

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def _words(words: list[str], text: str) -> list[str]:
    alternatives = "|".join(map(re.escape, words))
    return re.findall(rf"\b(?:{alternatives})\b", text) if words else []


def problems(text: str, language: str, kinds: set[str], *, english_shown: bool = False) -> list[str]:
    """What must not be on the page. ``english_shown``: the page shows English on
    purpose (the default texts in every language), so English words prove nothing."""
    found = [f"event code {m!r}" for m in _words(sorted(k for k in kinds if "_" in k), text)]
    if language == "es" and not english_shown:  # plain-word kinds ("opened") are English words, not Spanish ones
        found += [f"English code {m!r}" for m in _words(sorted(k for k in kinds if "_" not in k), text)]
        found += [f"English reason {r!r}" for _o, (_s, r) in PROPOSALS.items() if r in text]
    found += [f"timedelta {m!r}" for m in TIMEDELTA.findall(text)]
    found += [f"actor label {m!r}" for m in RESPONDER_LABEL.findall(text)]
    return found


def test_it_reads_only_what_is_shown_and_flags_codes():
    html = ('<p class="offer_accepted" title="a · 0:01:35.928968">Accepted <span>offers_sent</span></p>'
            '<script>var x = "message_sent";</script><input value="dispatch_opened">')
    text = visible_text(html)
    assert "message_sent" not in text and "dispatch_opened" not in text and "offer_accepted" not in text
    assert problems(text, "en", {"offers_sent", "opened"}) == ["event code 'offers_sent'", "timedelta '0:01:35.928968'"]
    assert problems("Abierto: opened", "es", {"opened"}) == ["English code 'opened'"]


# --- the network ---------------------------------------------------------------------------

def build_network(north: Any, admin_user: Any, dispatcher: Any, responder: Any) -> dict[str, Any]:
    """Everything the pages can show, made through the real actions where they exist."""
    from django.utils import timezone

    from amparo.accounts.actions import invite_member
    from amparo.alerts.actions import update_alert_settings
    from amparo.alerts.subscriptions import request_subscription
    from amparo.audit.log import audit
    from amparo.blocklist.actions import block_number
    from amparo.console.tests.factories import incident_at_school
    from amparo.incidents import actions as incidents
    from amparo.incidents.models import IncidentEvent
    from amparo.messaging.actions import send_to_reporter
    from amparo.messaging.canned import save_canned_reply
    from amparo.messaging.models import WhatsAppTemplate
    from amparo.orgs.actions import save_zone
    from amparo.orgs.models import HotlineNumber
    from amparo.places.models import Place
    from amparo.public.views import _thanks_signer
    from amparo.retention.actions import set_legal_hold
    from amparo.texts.registry import TEXTS
    from amparo.verification import actions, evidence, notify, onscene
    from amparo.verification.models import Agency, Offer, Outcome, Responder
    from amparo.verification.tests.conftest import configure, make_responder

    configure(north, seats=1)
    # The alerts sender, so the sign-up page shows its form, and a subscriber for the counts page.
    update_alert_settings(north, values={"messaging_service_sid": "MG" + "d4" * 16}, actor=admin_user)
    request_subscription(north, phone="+12135550399", zip_code="90013", language="es", channel="web",
                         now=timezone.now())
    incident = incident_at_school(north, reports=2)
    report = incident.reports.order_by("pk").first()
    zone = save_zone(north, name="Roosevelt area", zips=[incident.zip or "90013"], h3_cells=[], actor=admin_user)
    rosa = make_responder(north, "+12135550301", name="Rosa Observer", zips=(incident.zip or "90013",))
    marco = make_responder(north, "+12135550302", name="Marco Watcher", zips=(incident.zip or "90013",))
    Responder.objects.filter(pk=rosa.pk).update(user=responder)

    start = timezone.now() - timedelta(minutes=40)
    actions.offer_incident(incident, by=dispatcher, responders=[rosa, marco], now=start)
    mine = Offer.objects.get(responder=rosa, incident=incident)
    actions.decline_offer(Offer.objects.get(responder=marco, incident=incident), now=start + timedelta(seconds=50))
    actions.accept_offer(mine, now=start + timedelta(seconds=95.928968), via="page")  # the issue's 0:01:35.928968
    onscene.arrive(mine, now=start + timedelta(minutes=12), via="sms")
    note = evidence.add_observation(mine, "Two vans, agents in vests marked ICE.")
    onscene.report_outcome(mine, outcome=Outcome.ENFORCEMENT_SEEN, agency=Agency.ICE, note="They left at 3.")
    onscene.check_out(mine, via="page")
    send_to_reporter(incident, report, "Thank you. A responder is on the way.", by=dispatcher)
    incidents.add_note(incident, "Caller sounded sure.", by=dispatcher)
    incidents.assign_incident(incident, dispatcher, by=dispatcher)
    set_legal_hold(incident, by=admin_user, reason="A family asked for the record.")
    audit(north.pk, action="call_back", object_type="report", object_ids=[report.pk], actor=dispatcher)

    # Another incident: split and merged back, and offered to Rosa (waiting for her answer).
    other = incident_at_school(north, name="Lincoln High", alias="Lincoln high", reports=2, lat=34.09, lon=-118.3)
    moved = other.reports.order_by("pk").last()
    split_off = incidents.split_reports(other, [moved.pk], by=dispatcher)
    incidents.merge_incidents(other, [split_off], by=dispatcher)
    actions.offer_incident(other, by=dispatcher, responders=[rosa])

    # One event of every kind the pages have not seen yet, with the data its writer stores.
    seen = set(IncidentEvent.objects.filter(incident=incident).values_list("kind", flat=True))
    data = {"offer": mine.pk, "dispatch": mine.dispatch_id, "ring": 2, "rings": 2, "reason": "idle", "report": report.pk,
            "before": "verifying", "after": "confirmed", "via": "sms", "dispatchers_texted": 1, "texted": 1}
    for kind in sorted(recorded_kinds() - seen):
        incidents.record_event(incident, kind, by=f"responder {rosa.pk}", **data)
    incidents.record_event(incident, "from_a_newer_release", by="system")  # the fallback

    reply = save_canned_reply(north, None, language="es", text="¿Dónde exactamente?", position=9,
                              by=admin_user)
    template = WhatsAppTemplate.objects.create(organization=north, language="es", content_sid="HX" + "0" * 32,
                                               body_preview="Hola, ¿sigue ahí?")
    blocked = block_number(north, "+12135559999", by=admin_user, reason="spam")
    invitation, token = invite_member(north, email="new@north.test", role="responder", invited_by=admin_user)
    place = Place.objects.filter(organization=north).first()
    key = sorted(TEXTS)[0]

    # A legal case with one event of every kind, a contact, a consent and a hearing reminder.
    from amparo.legal import actions as legal
    from amparo.legal.models import Facility, HearingReminder

    facility = Facility.objects.create(organization=north, name="Adelanto ICE Processing Center")
    person = legal.person_from_report(report, legal.PersonFields(name="Rosa Martínez", a_number="A12345678"),
                                      by=dispatcher)
    contact = legal.add_contact(person, by=admin_user, name="Ana", relation="hermana", phone="+12135550123",
                                safe_to_call=True)
    legal.record_consent(person, purpose="sms_updates", given=True, method="call", by=admin_user, contact=contact)
    case = legal.open_case(person, by=dispatcher)
    legal.record_located(case, facility=facility, found_on=None, by=admin_user, version=None)
    legal.record_transferred(case, facility=facility, on=None, by=admin_user, version=None)
    legal.record_attorney_assigned(case, attorney="Lic. Pérez", on=None, by=admin_user, version=None)
    legal.record_bond_requested(case, on=None, by=admin_user, version=None)
    legal.record_bond_set(case, amount_cents=150000, on=None, by=admin_user, version=None)
    legal.record_bond_denied(case, on=None, by=admin_user, version=None)
    legal.record_bond_paid(case, on=None, by=admin_user, version=None)
    hearing = legal.schedule_hearing(case, starts_at=timezone.now() + timedelta(days=3), court="Adelanto",
                                     by=admin_user, version=None)
    legal.add_note(case, text="La familia llamó.", by=admin_user, version=None)
    legal.change_status(case, status="released", by=admin_user, version=None)
    reminder = HearingReminder.objects.create(organization=north, case=case, hearing=hearing, kind="week",
                                              created_at=timezone.now())
    return {
        "case": case.pk, "person": person.pk, "contact": contact.pk, "reminder": reminder.pk,
        "incident": incident.pk, "report": report.pk, "offer": mine.pk, "dispatch": mine.dispatch_id,
        "responder": rosa.pk, "evidence": note.pk, "zone": zone.pk, "place": place.pk if place else 0,
        "hotline": HotlineNumber.objects.filter(organization=north).first().pk, "membership": north.memberships.get(user=dispatcher).pk,
        "invitation": invitation.pk, "token": token, "canned": reply.pk, "template": template.pk,
        "blocked": blocked.pk, "text_key": key, "offer_token": notify.offer_token(mine),
        "thanks": _thanks_signer(north).sign(str(report.pk)),
        "alert": 0,
        "applicant": _applicant(north, admin_user),
        **legal_world(north),
        "training": _training(north, admin_user, responder),
    }


def _applicant(org: Any, admin_user: Any) -> int:
    """A pending sign-up with a vouch and its note, for the recruitment pages."""
    from amparo.volunteers.recruitment import sign_up
    from amparo.volunteers.vetting import vouch

    data = {"name": "Lucía Campos", "phone": "+12135550444", "email": "lucia@example.org", "languages": ["es"],
            "zip": "90013", "interests": ["dispatcher", "legal_observer"], "skills": ["interpreter"],
            "availability": ["nights", "weekends"]}
    applicant = sign_up(org, data=data, submission="pages-speak", language="es").applicant
    vouch(applicant, by=admin_user, note="Nos conocemos del comité de padres.")
    return applicant.pk


def legal_world(north: Any) -> dict[str, Any]:
    """A case referred to a provider that accepted it, with a shared event and the family's reply."""
    from amparo.legal.family import share_event
    from amparo.legal.models import CaseEvent, Facility, Referral
    from amparo.legal.tests.referral_helpers import make_case, make_contact, make_provider

    facility, _ = Facility.objects.get_or_create(organization=north, name="Adelanto ICE Processing Center")
    provider = make_provider(north, "Esperanza Legal")
    case = make_case(north, facility=facility)
    make_contact(case, "+12135550611")
    referral = Referral.objects.create(organization=north, case=case, provider=provider, status="accepted",
                                       reason="Serves Los Angeles")
    event = CaseEvent.objects.create(organization=north, case=case, kind="located", facility=facility)
    share_event(event, by=None)
    return {"provider": provider.pk, "legal_case": case.pk, "referral": referral.pk, "case_event": event.pk}


def _training(north: Any, admin_user: Any, responder: Any) -> int:
    """A training with the responder's seat, attended: a certification to show (issue 14)."""
    from datetime import timedelta

    from django.utils import timezone

    from amparo.volunteers.certifications import ensure_default_kinds
    from amparo.volunteers.models import TrainingSeat
    from amparo.volunteers.trainings import create_training, record_attendance, sign_up

    now = timezone.now()
    observer = next(k for k in ensure_default_kinds(north) if k.field)
    training = create_training(north, kind=observer, starts_at=now + timedelta(days=2),
                               ends_at=now + timedelta(days=2, hours=3), place="Salón comunitario", link="",
                               capacity=10, language="es", trainer=admin_user, by=admin_user)
    sign_up(training, user=responder)
    record_attendance(training, {TrainingSeat.objects.get(training=training).pk: True}, by=admin_user)
    return training.pk


# url name -> its arguments, from the network above.
ARGS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "voice:duty_off": lambda w: {"pk": w["membership"]},
    "voice:call_back": lambda w: {"pk": w["report"]},
    "public:report": lambda w: {"org_slug": "north"},
    "public:thanks": lambda w: {"org_slug": "north", "ref": w["thanks"]},
    "updates:page": lambda w: {"org_slug": "north"},
    "updates:feed": lambda w: {"org_slug": "north"},
    "messaging:reply": lambda w: {"incident_id": w["incident"]},
    "messaging:canned_keep": lambda w: {"language": "es"},
    "messaging:canned_edit": lambda w: {"pk": w["canned"]},
    "messaging:canned_delete": lambda w: {"pk": w["canned"]},
    "messaging:whatsapp_template_edit": lambda w: {"pk": w["template"]},
    "messaging:whatsapp_template_delete": lambda w: {"pk": w["template"]},
    "manage:member_role": lambda w: {"pk": w["membership"]},
    "manage:member_deactivate": lambda w: {"pk": w["membership"]},
    "manage:member_reactivate": lambda w: {"pk": w["membership"]},
    "manage:invitation_revoke": lambda w: {"pk": w["invitation"]},
    "manage:number_edit": lambda w: {"pk": w["hotline"]},
    "manage:number_remove": lambda w: {"pk": w["hotline"]},
    "manage:zone_edit": lambda w: {"pk": w["zone"]},
    "manage:zone_delete": lambda w: {"pk": w["zone"]},
    "manage:place_edit": lambda w: {"pk": w["place"]},
    "manage:place_delete": lambda w: {"pk": w["place"]},
    "manage:text_edit": lambda w: {"key": w["text_key"], "language": "es"},
    "manage:text_clear": lambda w: {"key": w["text_key"], "language": "es"},
    "console:incident": lambda w: {"pk": w["incident"]},
    "console:presence": lambda w: {"pk": w["incident"]},
    "console:live": lambda w: {"pk": w["incident"]},
    "console:status": lambda w: {"pk": w["incident"]},
    "console:merge": lambda w: {"pk": w["incident"]},
    "console:split": lambda w: {"pk": w["incident"]},
    "console:note": lambda w: {"pk": w["incident"]},
    "console:assign": lambda w: {"pk": w["incident"]},
    **{f"console:correction_{n}": (lambda w: {"pk": w["incident"]}) for n in ("offer", "choose", "send", "dismiss")},
    "console:media": lambda w: {"pk": 999999},
    "blocklist:remove": lambda w: {"pk": w["blocked"]},
    "audit:acknowledge": lambda w: {"pk": w["alert"]},
    "retention:hold": lambda w: {"pk": w["incident"]},
    "verification:offer": lambda w: {"pk": w["incident"]},
    "verification:cancel": lambda w: {"pk": w["dispatch"]},
    "verification:responder_edit": lambda w: {"pk": w["responder"]},
    "verification:responder_remove": lambda w: {"pk": w["responder"]},
    "verification:offer_page": lambda w: {"token": w["offer_token"]},
    "verification:scene": lambda w: {"token": w["offer_token"]},
    "verification:my_offer": lambda w: {"pk": w["offer"]},
    "verification:override": lambda w: {"pk": w["incident"]},
    "verification:evidence": lambda w: {"pk": w["evidence"]},
    "legal:incident_dossier": lambda w: {"incident_id": w["incident"]},
    "legal:case_dossier": lambda w: {"pk": 999999},
    "accounts:accept_invitation": lambda w: {"token": w["token"]},
    "join:form": lambda w: {"org_slug": "north"},
    "join:thanks": lambda w: {"org_slug": "north"},
    "subscribe:form": lambda w: {"org_slug": "north"},
    "subscribe:thanks": lambda w: {"org_slug": "north"},
    "subscribe:qr": lambda w: {"org_slug": "north"},
    "volunteers:signup": lambda w: {"pk": w["applicant"]},
    "volunteers:signup_accept": lambda w: {"pk": w["applicant"]},
    "volunteers:signup_reject": lambda w: {"pk": w["applicant"]},
    "volunteers:vouch": lambda w: {"pk": w["applicant"]},
    "volunteers:offboard": lambda w: {"pk": w["membership"]},
    # Shifts: POST-only targets (a GET answers 405), so any id checks them.
    "volunteers:shift_take": lambda w: {"pk": 999999},
    "volunteers:shift_drop": lambda w: {"pk": 999999},
    "volunteers:shift_check_in": lambda w: {"pk": 999999},
    "volunteers:shift_check_out": lambda w: {"pk": 999999},
    "volunteers:shift_release": lambda w: {"pk": 999999},
    **{f"legal:{n}": (lambda w: {"pk": w["case"]}) for n in ("case", "record", "hearings_ics")},
    **{f"legal:{n}": (lambda w: {"pk": w["person"]}) for n in ("person", "open_case", "contact_add", "consent_add")},
    "legal:contact_safe": lambda w: {"pk": w["contact"]},
    "legal:reminder_done": lambda w: {"pk": w["reminder"]},
    "legal:person_from_report": lambda w: {"pk": w["report"]},
    "manage:provider_edit": lambda w: {"pk": w["provider"]},
    "manage:provider_active": lambda w: {"pk": w["provider"]},
    "manage:provider_invite": lambda w: {"pk": w["provider"]},
    "legal:referral": lambda w: {"pk": w["referral"]},
    "legal:referral_accept": lambda w: {"pk": w["referral"]},
    "legal:referral_decline": lambda w: {"pk": w["referral"]},
    "legal:case_referral": lambda w: {"pk": w["legal_case"]},
    "legal:provider_case": lambda w: {"pk": w["legal_case"]},
    "legal:provider_record": lambda w: {"pk": w["legal_case"]},
    "legal:family_thread": lambda w: {"pk": w["legal_case"]},
    "legal:event_share": lambda w: {"pk": w["case_event"]},
    **{f"volunteers:{n}": (lambda w: {"pk": w["training"]}) for n in (
        "training_attendance", "training_ics", "training_signup", "training_leave")},
}


def page_names() -> list[tuple[str, bool]]:
    """(url name, takes arguments) of every named page outside SKIPPED_PREFIXES."""
    found: list[tuple[str, bool]] = []

    def walk(patterns: list[Any], prefix: str, namespace: str) -> None:
        for p in patterns:
            route = prefix + str(p.pattern)
            if isinstance(p, URLResolver):
                walk(p.url_patterns, route, f"{namespace}{p.namespace}:" if p.namespace else namespace)
            elif isinstance(p, URLPattern) and p.name and not route.startswith(SKIPPED_PREFIXES):
                found.append((namespace + p.name, bool(p.pattern.converters)))

    walk(get_resolver().url_patterns, "", "")
    return sorted(set(found))


def test_every_page_is_listed():
    missing = [name for name, takes_args in page_names() if takes_args and name not in ARGS]
    assert not missing, f"add these pages to ARGS in {__file__}: {missing}"


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_page_in_every_role_speaks_in_phrases(request, north, admin_user, dispatcher, responder, legal,
                                                    language, settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}}}
    world = build_network(north, admin_user, dispatcher, responder)
    kinds = recorded_kinds()
    clients: dict[str | None, Client] = {}
    for role in ROLES:
        clients[role] = Client(HTTP_ACCEPT_LANGUAGE=language)
        if role:
            clients[role].force_login(request.getfixturevalue(role))

    found: list[str] = []
    opened: dict[str, set[int]] = defaultdict(set)
    urls = [(name, reverse(name, kwargs=ARGS[name](world) if takes_args else None))
            for name, takes_args in page_names()]
    urls += [("403", "/console/"), ("404", "/no/such/page/"), ("home", "/home/"), ("account", "/home/account/")]
    for name, url in urls:
        for role, client in clients.items():
            r = client.get(url)
            opened[name].add(r.status_code)
            if "text/html" not in r.get("Content-Type", ""):
                continue
            html = r.content.decode()
            if r.status_code == 200 and "<html" in html:
                assert f'<html lang="{language}"' in html, f"{url} as {role}: not in {language}"
            found += [f"{url} as {role or 'anonymous'}: {p}" for p in problems(
                visible_text(html), language, kinds, english_shown=name in SHOW_EVERY_LANGUAGE)]

    assert not found, "\n".join(found)
    # A page nobody could open was never checked; a 405 marks a form's target (POST only).
    never = sorted(name for name, codes in opened.items()
                   if not codes & {200, 405} and name not in NEVER_OPEN and name not in ("403", "404"))
    assert not never, f"no persona could open these pages, so nothing checked them: {never}"
