"""Authorization as a tested matrix (issue 6, item 2).

One test walks the whole URL conf (ninja's API operations included), and for
every URL, every persona (anonymous, each role of organization north, a
member with a role nobody declared, and members of organization south with
each role) requests it and checks the answer against RULES. A URL without a
rule fails the suite: a new view must say who may use it.

Personas of south request north's objects: another organization's object is
a 404 (403 when their role may not use the page at all). Every request runs
in a savepoint that is rolled back, so a POST that deletes or deactivates
leaves the shared objects for the next persona.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from conftest import make_member

PUBLIC = "public"  # anyone, signed in or not: the report form, webhooks (signature-checked), allauth, api docs
SIGNED_IN = "signed in"  # any signed-in user: shows only the user's own memberships
SENT_ON = "sent on"  # any signed-in user: sent to the page of their role's work, or shown their memberships
STAFF = "staff"  # Django's admin site: platform staff only, no organization role opens it
ADMIN, DISPATCHER, RESPONDER, LEGAL, ATTORNEY = "admin", "dispatcher", "responder", "legal", "attorney"
ROLES = (ADMIN, DISPATCHER, RESPONDER, LEGAL, ATTORNEY)
CONSOLE = frozenset({ADMIN, DISPATCHER})
API_READERS = frozenset({ADMIN, DISPATCHER, LEGAL})
LEGAL_CASES = frozenset({LEGAL, ADMIN})
LEGAL_INTAKE = frozenset({ADMIN, DISPATCHER, LEGAL})
UNDECLARED_ROLE = "observer"  # not in Role: must be denied everywhere

ALLAUTH = {
    "account_login", "account_logout", "account_inactive", "account_signup", "account_reauthenticate",
    "account_request_reauthentication_code", "account_confirm_reauthentication_code", "account_email",
    "account_email_verification_sent", "account_change_password", "account_set_password", "account_reset_password",
    "account_confirm_login_code", "account_confirm_email", "account_reset_password_from_key_done",
    "account_reset_password_from_key", "account_reset_password_done", "mfa_index", "mfa_authenticate",
    "mfa_reauthenticate", "mfa_activate_totp", "mfa_deactivate_totp", "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes", "mfa_download_recovery_codes", "mfa_list_webauthn", "mfa_add_webauthn",
    "mfa_reauthenticate_webauthn", "mfa_remove_webauthn", "mfa_edit_webauthn",
}

RULES: dict[str, Any] = {
    **{name: PUBLIC for name in ALLAUTH},
    "route:": PUBLIC, "route:healthz": PUBLIC, "set_language": PUBLIC,
    "public:pick": PUBLIC, "public:report": PUBLIC, "public:thanks": PUBLIC,
    "updates:page": PUBLIC, "updates:feed": PUBLIC,  # what was verified, published for everyone
    "join:form": PUBLIC, "join:thanks": PUBLIC,  # the volunteer sign-up form
    "subscribe:form": PUBLIC, "subscribe:thanks": PUBLIC, "subscribe:qr": PUBLIC,  # the alerts sign-up page
    **{f"volunteers:{n}": {ADMIN} for n in ("signups", "signup", "signup_accept", "signup_reject", "offboard")},
    # Any member in good standing may vouch; they see names and ZIPs of pending sign-ups, never phones.
    "volunteers:vouch_list": frozenset(ROLES), "volunteers:vouch": frozenset(ROLES),
    "twilio:sms": PUBLIC, "twilio:sms_status": PUBLIC,
    **{f"voice_hooks:{n}": PUBLIC for n in ("incoming", "status", "language", "menu", "kyr", "dialed", "whisper",
                                             "accept", "zip", "recorded", "recording", "bridge")},
    "accounts:accept_invitation": PUBLIC,  # the link's token is the key
    "verification:offer_page": PUBLIC, "verification:scene": PUBLIC,  # the signed link is the key
    "verification:my_offers": SIGNED_IN,  # lists only the signed-in responder's own offers
    "verification:my_offer": frozenset(),  # only the responder the offer was made to: no persona here
    "verification:override": CONSOLE, "verification:evidence": CONSOLE,
    "api-v1:openapi-json": PUBLIC, "api-v1:openapi-view": PUBLIC, "api-v1:api-root": PUBLIC,
    "api-v1:list_incidents": API_READERS, "api-v1:get_incident": API_READERS,
    "accounts:home": SENT_ON, "accounts:account": SIGNED_IN, "admin:logout": PUBLIC,
    "accounts:legal": {LEGAL, ADMIN},  # says what the legal-aid pages will hold; nothing of any organization
    **{f"console:{n}": CONSOLE for n in ("queue", "queue_fragment", "switch_org", "incident", "presence", "live",
                                         "status", "merge", "split", "note", "assign", "media", "find",
                                         "correction_offer", "correction_choose", "correction_send",
                                         "correction_dismiss")},
    "verification:offer": CONSOLE, "verification:cancel": CONSOLE, "verification:roster": CONSOLE,
    "verification:responder_new": {ADMIN}, "verification:responder_edit": {ADMIN},
    "verification:responder_remove": {ADMIN},
    "voice:duty": CONSOLE, "voice:surge": CONSOLE, "voice:duty_off": CONSOLE, "voice:call_back": CONSOLE,
    "messaging:reply": CONSOLE,
    **{f"messaging:{n}": {ADMIN} for n in ("canned", "canned_add", "canned_keep", "canned_edit", "canned_delete",
                                           "whatsapp_templates", "whatsapp_template_add", "whatsapp_template_edit",
                                           "whatsapp_template_delete")},
    **{f"manage:{n}": {ADMIN} for n in (
        "index", "switch_org", "members", "member_role", "member_deactivate", "member_reactivate", "invitation_revoke",
        "numbers", "number_edit", "number_remove", "zones", "zone_new", "zone_edit", "zone_delete", "places",
        "place_new", "place_import", "place_edit", "place_delete", "texts", "text_edit", "text_clear", "settings",
        "alerts", "subscribers", "retention")},
    "audit:trail": {ADMIN}, "audit:acknowledge": {ADMIN},
    "blocklist:list": CONSOLE, "blocklist:remove": CONSOLE,
    "retention:hold": {ADMIN},
    # The evidence dossier: admins and legal coordinators (and the accepting provider's attorneys,
    # amparo/legal/tests/test_dossier_views.py: no persona here is one).
    "legal:incident_dossier": {ADMIN, LEGAL}, "legal:case_dossier": {ADMIN, LEGAL},
    # Shifts: members with a shift role see their own shifts and the open places; admins the whole week.
    "volunteers:shifts": {ADMIN, DISPATCHER, RESPONDER}, "volunteers:shift_take": {ADMIN, DISPATCHER, RESPONDER},
    # Only the member who holds the shift: no persona here (it is held by the matrix's target member).
    "volunteers:shift_drop": frozenset(), "volunteers:shift_check_in": frozenset(),
    "volunteers:shift_check_out": frozenset(),
    **{f"volunteers:{n}": {ADMIN} for n in ("shifts_board", "shift_release", "shift_field_new", "shift_settings")},
    # Legal aid: coordinators (and admins) see whole cases; dispatchers turn a report into a Person and open its
    # case, and see only that a case exists and its status (on the incident page).
    **{f"legal:{n}": LEGAL_CASES for n in ("cases", "case", "record", "hearings_ics", "reminder_done", "person",
                                           "contact_add", "consent_add", "contact_safe")},
    "legal:person_from_report": LEGAL_INTAKE, "legal:open_case": LEGAL_INTAKE,
    "manage:facilities": {ADMIN},
    # Legal aid, the provider slice (issue 12): admins manage providers; coordinators refer; attorneys of the
    # provider answer, and see the whole case only once their provider accepted it.
    **{f"manage:{n}": {ADMIN} for n in ("providers", "provider_new", "provider_import", "provider_edit",
                                        "provider_active", "provider_invite")},
    "legal:attorney_home": {ATTORNEY}, "legal:referral_queue": {LEGAL}, "legal:referral": {LEGAL, ATTORNEY},
    "legal:referral_accept": {ATTORNEY}, "legal:referral_decline": {ATTORNEY}, "legal:case_referral": {LEGAL},
    "legal:provider_case": {LEGAL, ATTORNEY}, "legal:family_thread": {LEGAL, ATTORNEY},
    "legal:event_share": {LEGAL, ATTORNEY}, "legal:provider_record": {LEGAL, ATTORNEY},
    # Trainings and certifications (issue 14): admins run them; the trainer of a training (no persona here)
    # records its attendance; every member sees their own and takes a seat.
    **{f"volunteers:{n}": {ADMIN} for n in ("training_list", "training_new", "training_attendance", "training_ics",
                                              "kinds", "certs_expiring")},
    **{f"volunteers:{n}": frozenset(ROLES) for n in ("my_trainings", "training_signup", "training_leave")},
}
# Django's admin site generates dozens of URLs, all behind its own staff check.
RULE_PREFIXES = {"admin:": STAFF, "route:platform-admin/": STAFF}

# Which object a URL's ``pk`` names, by URL name.
PK_OBJECT = {
    "verification:cancel": "dispatch", "verification:responder_edit": "responder",
    "verification:responder_remove": "responder", "manage:member_role": "membership",
    "manage:member_deactivate": "membership", "manage:member_reactivate": "membership",
    "manage:invitation_revoke": "invitation", "manage:number_edit": "number", "manage:number_remove": "number",
    "manage:zone_edit": "zone", "manage:zone_delete": "zone", "manage:place_edit": "place",
    "manage:place_delete": "place", "messaging:canned_edit": "canned", "messaging:canned_delete": "canned",
    "voice:duty_off": "duty", "voice:call_back": "report", "blocklist:remove": "blocked",
    "console:media": "media", "messaging:whatsapp_template_edit": "template",
    "messaging:whatsapp_template_delete": "template", "audit:acknowledge": "alert",
    "verification:evidence": "evidence", "verification:my_offer": "offer", "legal:case_dossier": "case",
    "volunteers:signup": "applicant", "volunteers:signup_accept": "applicant",
    "volunteers:signup_reject": "applicant", "volunteers:vouch": "applicant", "volunteers:offboard": "membership",
    "volunteers:shift_take": "shift", "volunteers:shift_drop": "shift_signup",
    "volunteers:shift_check_in": "shift_signup", "volunteers:shift_check_out": "shift_signup",
    "volunteers:shift_release": "shift_signup",
    "legal:case": "case", "legal:record": "case", "legal:hearings_ics": "case", "legal:reminder_done": "reminder",
    "legal:person": "person", "legal:contact_add": "person", "legal:consent_add": "person",
    "legal:open_case": "person", "legal:contact_safe": "contact", "legal:person_from_report": "report",
    **{f"volunteers:{n}": "training" for n in ("training_attendance", "training_ics", "training_signup",
                                               "training_leave")},
    "mfa_remove_webauthn": "incident", "mfa_edit_webauthn": "incident",  # allauth's own: any id, the key is the user's
    "manage:provider_edit": "provider", "manage:provider_active": "provider", "manage:provider_invite": "provider",
    "legal:referral": "referral", "legal:referral_accept": "referral", "legal:referral_decline": "referral",
    "legal:case_referral": "legal_case", "legal:provider_case": "legal_case", "legal:family_thread": "legal_case",
    "legal:event_share": "case_event", "legal:provider_record": "legal_case",
}
# Apps whose other ``<int:pk>`` URLs are all incidents/<pk>/...: a new kind of pk there goes in PK_OBJECT.
PK_INCIDENT_APPS = {"console", "retention", "verification"}


def walk(resolver: URLResolver, prefix: str = "", ns: str = "", outer: tuple[str, ...] = ()
         ) -> list[tuple[str, str, list[str]]]:
    found = []
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            inner = f"{ns}:{p.namespace}" if ns and p.namespace else (p.namespace or ns)
            found += walk(p, prefix + str(p.pattern), inner, outer + tuple(p.pattern.regex.groupindex))
        elif isinstance(p, URLPattern):
            route = prefix + str(p.pattern)
            key = (f"{ns}:{p.name}" if ns else p.name) if p.name else f"route:{route}"
            found.append((key, route, [*outer, *p.pattern.regex.groupindex]))
    return found


def rule_for(key: str) -> Any:
    if key in RULES:
        return RULES[key]
    return next((r for pre, r in RULE_PREFIXES.items() if key.startswith(pre)), None)


def build_objects(org: Any, tag: str) -> dict[str, Any]:
    from amparo.accounts.models import Invitation
    from amparo.incidents.models import Incident
    from amparo.messaging.models import CannedReply
    from amparo.orgs.models import Membership, Zone
    from amparo.places.actions import create_place
    from amparo.reports.models import Report
    from amparo.verification.actions import save_responder
    from amparo.verification.models import Dispatch
    from amparo.voice.models import DutyStatus

    now = timezone.now()
    incident = Incident.objects.create(organization=org, first_report_at=now, last_report_at=now, report_count=1)
    report = Report.objects.create(organization=org, channel="sms", provider_id=f"SMmatrix{tag}", body="matrix",
                                   caller_number="+13235550000", received_at=now, incident=incident)
    target = make_member(org, f"target@{tag}.test", RESPONDER)
    objects = {
        "incident": incident, "report": report,
        "place": create_place(org, name=f"Matrix Market {tag}", aliases=[], lat=34.05, lon=-118.25),
        "zone": Zone.objects.create(organization=org, name=f"Zone {tag}"),
        "number": org.numbers.first(),
        "membership": Membership.objects.get(user=target, organization=org),
        "invitation": Invitation.objects.create(organization=org, email=f"new@{tag}.test", role=RESPONDER,
                                                token_hash=f"matrix-{tag}", expires_at=now + timedelta(days=1)),
        "canned": CannedReply.objects.create(organization=org, language="en", text="Matrix reply"),
        "responder": save_responder(org, name="Matrix Responder", phone="+13235550001", languages=["en"],
                                    training=[], zones=[], field_eligible=False, on_call=False, schedule=[]),
        "dispatch": Dispatch.objects.create(organization=org, incident=incident, seats=1, ring_size=1, max_rings=1,
                                            offer_minutes=5, created_at=now),
        "duty": DutyStatus.objects.create(organization=org, user=target),
    }
    from amparo.audit.models import AuditAlert
    from amparo.verification.models import Evidence, Offer

    objects["offer"] = Offer.objects.create(organization=org, dispatch=objects["dispatch"], incident=incident,
                                            responder=objects["responder"], offered_at=now, expires_at=now)
    objects["evidence"] = Evidence.objects.create(organization=org, incident=incident, offer=objects["offer"],
                                                  kind="note", sha256="0" * 64, note="matrix", created_at=now)
    from amparo.blocklist.actions import block_number

    objects["blocked"] = block_number(org, "+13235550002", by=None, reason="matrix")
    from amparo.reports.media import store_bytes
    from amparo.reports.models import ReportMedia

    objects["media"] = ReportMedia.objects.create(organization=org, report=report)
    store_bytes(objects["media"], b"ID3matrix", "audio/mpeg")
    objects["alert"] = AuditAlert.objects.create(organization=org, actor=target, count=201)
    from amparo.legal.models import Case, Person
    from amparo.messaging.models import WhatsAppTemplate

    person = Person.objects.create(organization=org, name=f"Matrix Person {tag}")
    objects["case"] = Case.objects.create(organization=org, number=1, person=person)
    objects["template"] = WhatsAppTemplate.objects.create(organization=org, key="matrix", language="en",
                                                          content_sid="HX" + "0" * 32, body_preview="Matrix")
    from amparo.volunteers.models import Applicant

    objects["applicant"] = Applicant.objects.create(organization=org, submission=f"matrix-{tag}", name="Matrix",
                                                    phone="+13235550003", phone_hash=f"matrix-{tag}",
                                                    email=f"applicant@{tag}.test", created_at=now)
    from amparo.volunteers.shifts import create_field_shift, take_shift

    objects["shift"] = create_field_shift(org, place=objects["place"], starts_at=now + timedelta(days=2),
                                          ends_at=now + timedelta(days=2, hours=1), seats=3, by=None)
    take_shift(objects["shift"], target, now=now)
    objects["shift_signup"] = objects["shift"].signups.get()
    from amparo.legal.actions import (
        PersonFields,
        add_contact,
        open_case,
        person_from_report,
        schedule_hearing,
    )
    from amparo.legal.models import HearingReminder

    objects["person"] = person_from_report(report, PersonFields(name=f"Matrix Person {tag}"), by=None)
    objects["contact"] = add_contact(objects["person"], by=None, name="Matrix Contact", phone="+13235550003")
    objects["case"] = open_case(objects["person"], by=None)
    hearing = schedule_hearing(objects["case"], starts_at=now + timedelta(days=3), court="Matrix Court", by=None,
                               version=None)
    objects["reminder"] = HearingReminder.objects.create(organization=org, case=objects["case"], hearing=hearing,
                                                         kind="week", created_at=now)
    objects.update(legal_objects(org, tag))
    from amparo.volunteers.certifications import ensure_default_kinds
    from amparo.volunteers.trainings import create_training

    observer = next(k for k in ensure_default_kinds(org) if k.field)
    objects["training"] = create_training(org, kind=observer, starts_at=now + timedelta(days=2),
                                          ends_at=now + timedelta(days=2, hours=3), place="Hall", link="",
                                          capacity=5, language="en", trainer=None, by=None)
    return objects


def legal_objects(org: Any, tag: str) -> dict[str, Any]:
    """A provider with a case it accepted (and one of its events) and a referral waiting for its answer."""
    from amparo.legal.models import CaseEvent, Referral
    from amparo.legal.tests.referral_helpers import make_case, make_provider

    provider = make_provider(org, f"Matrix Legal {tag}")
    accepted = make_case(org, name=f"Matrix Person {tag}")
    Referral.objects.create(organization=org, case=accepted, provider=provider, status="accepted")
    accepted.provider = provider
    accepted.save(update_fields=["provider"])
    waiting = make_case(org, name=f"Matrix Other {tag}")
    return {
        "provider": provider, "legal_case": accepted,
        "case_event": CaseEvent.objects.create(organization=org, case=accepted, kind="note"),
        "referral": Referral.objects.create(organization=org, case=waiting, provider=provider, answer_due_at=now_()),
    }


def now_() -> Any:
    return timezone.now()


def tie_attorney(org: Any, user: Any, objects: dict[str, Any]) -> None:
    from amparo.legal.models import ProviderAttorney

    ProviderAttorney.objects.create(organization=org, provider=objects["provider"], user=user)


def url_kwargs(key: str, params: list[str], org: Any, objs: dict[str, Any]) -> dict[str, Any]:
    values = {"incident_id": objs["incident"].pk, "org_slug": org.slug, "ref": "R-MATRIX", "token": "not-a-token",
              "key": "ack.report" if key.startswith("manage:") else "abc", "language": "en", "object_id": "1", "content_type_id": "1", "uidb36": "1",
              "app_label": "orgs", "url": "nothing"}
    kwargs = {}
    for p in params:
        if p == "pk":
            # Every ``pk`` must name the right kind of object, or a view could pass
            # by answering 404 for an id that was never its object.
            kind = PK_OBJECT.get(key) or ("incident" if key.split(":")[0] in PK_INCIDENT_APPS else None)
            assert kind, f"{key}: say in PK_OBJECT which object its pk names"
            kwargs[p] = objs[kind].pk
        else:
            kwargs[p] = values[p]
    return kwargs


# POST bodies that name the persona's own organization (switching to it is allowed).
POST_ORG = {"manage:switch_org", "console:switch_org"}
# URL parameters that name one object: another organization's value must be a 404.
OBJECT_PARAMS = {"pk", "incident_id"}


def request(client: Client, path: str, headers: dict[str, str], data: dict[str, Any]) -> Any:
    with transaction.atomic():
        response = client.get(path, **headers)
        if response.status_code == 405:
            response = client.post(path, data, **headers)
        transaction.set_rollback(True)
    return response


def sent_to_login(response: Any) -> bool:
    if response.status_code == 401:
        return True
    if response.status_code == 204 and response.headers.get("HX-Redirect"):
        return True
    location = response.headers.get("Location", "")
    return response.status_code == 302 and (location.startswith(settings.LOGIN_URL) or "/login/" in location)


def verdict(rule: Any, role: str | None, foreign: bool, response: Any) -> str | None:
    """None when the response is what the rule says; else what went wrong."""
    status = response.status_code
    if status >= 500:
        return f"server error {status}"
    if rule == PUBLIC:
        return None
    if rule == STAFF:
        return None if (sent_to_login(response) or status in (403, 404)) else f"staff page answered {status}"
    if role is None:
        return None if sent_to_login(response) else f"anonymous got {status}, not sent to log in"
    if rule == SIGNED_IN:
        return None if status == 200 else f"signed-in page answered {status}"
    if rule == SENT_ON:
        return None if status in (200, 302) and not sent_to_login(response) else f"home answered {status}"
    if sent_to_login(response):
        return f"signed-in {role} was sent to log in"
    if role in rule and not foreign:
        return None if status not in (403, 404) else f"allowed role refused with {status}"
    if role in rule and foreign:
        return None if status == 404 else f"another organization's object answered {status}, not 404"
    return None if status in (403, 404) else f"role without access answered {status}"


@pytest.mark.django_db
def test_it_checks_every_url_for_every_role(north, south):
    from amparo.api.actions import issue_api_token

    patterns = walk(get_resolver())
    missing = sorted(key for key, _, _ in patterns if rule_for(key) is None)
    assert not missing, f"new view without a rule in RULES: {missing}"

    north_objs = build_objects(north, "north")
    south_objs = build_objects(south, "south")
    personas: list[tuple[str, str | None, Any, bool]] = [("anonymous", None, None, False)]
    for role in (*ROLES, UNDECLARED_ROLE):
        personas.append((f"north {role}", role, make_member(north, f"{role}@north.test", role), False))
    for role in ROLES:
        personas.append((f"outsider {role}", role, make_member(south, f"{role}@south.test", role), True))
    # Each organization's attorney works for its own provider (the one its cases were referred to).
    for label, role, user, outsider in personas:
        if role == ATTORNEY:
            tie_attorney(south if outsider else north, user, south_objs if outsider else north_objs)

    failures = []
    for label, role, user, outsider in personas:
        client = Client()
        headers: dict[str, str] = {}
        if user is not None:
            client.force_login(user)
            org = south if outsider else north
            _, raw = issue_api_token(org=org, user=user, name="matrix")
            api_headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
        for key, _route, params in patterns:
            rule = rule_for(key)
            from django.core.cache import cache

            cache.clear()  # flood counters: hundreds of requests from one test client
            path = (reverse(key, kwargs=url_kwargs(key, params, north, north_objs)) if not key.startswith("route:")
                    else "/" + _route.replace("(?P<url>.*)$", "nothing").lstrip("^"))
            if "<" in path:  # an unnamed pattern with converters: Django admin's redirects
                path = path.replace("<path:object_id>", "1")
            use = api_headers if (user is not None and key.startswith("api-v1:")) else headers
            data = {"org": (south if outsider else north).pk} if key in POST_ORG else {}
            response = request(client, path, use, data)
            problem = verdict(rule, role, outsider and bool(OBJECT_PARAMS & set(params)), response)
            if problem:
                failures.append(f"{label} {path} ({key}): {problem}")
    assert not failures, "\n".join(failures)
