"""The open incident page learns of every change through its poll (``/live?since=``),
and none of those changes makes the dispatcher's next action a conflict.

Each kind of change of issue 15 item 1 is made while the page is "open" (its
marker read from the page), then the poll must answer with the page showing it,
and answer 204 again once the page has the new marker."""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from amparo.console.tests.factories import PHRASES, incident_at_school, sms
from amparo.crypto.keys import keyed_hash
from amparo.incidents import actions as incident_actions
from amparo.incidents.models import Incident
from amparo.messaging.actions import send_to_reporter
from amparo.messaging.delivery import deliver
from amparo.messaging.transports import PermanentSendError, SendResult
from amparo.verification import actions, evidence, onscene
from amparo.verification.models import Agency, Offer, OfferStatus, Outcome
from amparo.verification.tests.conftest import make_responder

REPORTER = "+12135550777"


@pytest.fixture
def incident(north) -> Incident:
    """An incident at Roosevelt school whose one report came from REPORTER."""
    incident = incident_at_school(north, reports=1)
    first = incident.reports.get()
    sms(north, PHRASES[1].format(alias="Roosevelt school"), number=REPORTER)  # a second caller, same place
    first.refresh_from_db()
    incident.refresh_from_db()
    assert incident.report_count == 2
    return incident


@pytest.fixture
def crew(north) -> list[Any]:
    return [make_responder(north, f"+1213555031{i}", name=f"Responder {i}") for i in range(3)]


@pytest.fixture
def offered(incident, dispatcher, crew) -> Incident:
    """Offered by hand to the whole crew (two seats): the incident is verifying."""
    actions.offer_incident(incident, by=dispatcher, responders=crew)
    incident.refresh_from_db()
    return incident


def marker(incident: Incident) -> int:
    return Incident.objects.get(pk=incident.pk).changes


def page_marker(html: str) -> str:
    found = re.search(r'id="live"[^>]*hx-get="[^"]*\?since=(\d+)"', html, re.S)
    assert found, "the page has no live poller"
    return found.group(1)


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Parts(HTMLParser):
    """The markup of the elements with the given ids: what htmx swaps into the open page."""

    def __init__(self, ids: set[str]) -> None:
        super().__init__(convert_charrefs=False)
        self.ids, self.depth, self.out = ids, 0, []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth == 0 and dict(attrs).get("id") not in self.ids:
            return
        self.out.append(self.get_starttag_text() or "")
        if tag not in VOID:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag not in VOID:
            self.depth -= 1
            self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.out.append(data)


def swapped(html: str) -> str:
    """The parts of a poll's answer that the page swaps in (its hx-select-oob ids)."""
    found = re.search(r'hx-select-oob="([^"]+)"', html)
    assert found, "the poller names no parts to swap"
    parser = _Parts({part.strip().lstrip("#") for part in found.group(1).split(",")})
    parser.feed(html)
    return "".join(parser.out)


def poll(client, incident: Incident, since: Any):  # type: ignore[no-untyped-def]
    return client.get(f"/console/incidents/{incident.pk}/live?since={since}", HTTP_HX_REQUEST="true")


def reporters_report(incident: Incident) -> Any:
    return incident.reports.filter(caller_hash=keyed_hash(incident.organization_id, "tel:" + REPORTER)).latest("id")


def offer_of(incident: Incident, responder: Any) -> Offer:
    return Offer.objects.select_related("responder").get(incident=incident, responder=responder)


# --- the changes, one per kind: each returns what the open page must now show ---------------

def new_report(north, incident, dispatcher, crew):  # type: ignore[no-untyped-def]
    r = sms(north, "now five agents with vests at Roosevelt school", number="+12135550888")
    assert r.incident_id == incident.pk
    return "now five agents with vests"


def follow_up(north, incident, dispatcher, crew):  # type: ignore[no-untyped-def]
    r = sms(north, "they are still there, two more vans", number=REPORTER)
    assert r.route == "followup" and r.incident_id == incident.pk
    return "two more vans"


def text_to_reporter(north, incident, dispatcher, crew):  # type: ignore[no-untyped-def]
    report = reporters_report(incident)
    send_to_reporter(incident, report, "Which gate of the school exactly?", by=dispatcher)
    return "Which gate of the school exactly?"


def reporter_answers(north, incident, dispatcher, crew):  # type: ignore[no-untyped-def]
    report = reporters_report(incident)
    send_to_reporter(incident, report, "Where exactly?", by=dispatcher)
    r = sms(north, "the north gate on 3rd street and Hill", number=REPORTER)
    assert r.route == "followup" and r.incident_id == incident.pk
    # Shown once, in the Reports list, where the place in it is highlighted (<mark>3rd street …</mark>).
    return "the north gate on"


class Unreachable:
    def send(self, message: Any) -> SendResult:
        raise PermanentSendError("unreachable", code="30003")


def text_failed(north, incident, dispatcher, crew):  # type: ignore[no-untyped-def]
    report = reporters_report(incident)
    message = send_to_reporter(incident, report, "Stay safe", by=dispatcher)
    before = marker(incident)
    deliver(message.pk, transport=Unreachable())  # the provider refuses it: the dispatcher must see that
    assert marker(incident) > before
    return "(30003)"


def offer_accepted(north, incident, dispatcher, crew):  # type: ignore[no-untyped-def]
    assert actions.accept_offer(offer_of(incident, crew[0])) == actions.Accept.ASSIGNED
    return 'id="assignment-'


def offer_declined(north, incident, dispatcher, crew):  # type: ignore[no-untyped-def]
    assert actions.decline_offer(offer_of(incident, crew[1]))
    return "offer offer-declined"


def arrival(north, incident, dispatcher, crew):  # type: ignore[no-untyped-def]
    offer = offer_of(incident, crew[0])
    actions.accept_offer(offer)
    assert onscene.arrive(offer, via="sms")
    return "assignment offer-on_scene"


def observation(north, incident, dispatcher, crew):  # type: ignore[no-untyped-def]
    offer = offer_of(incident, crew[0])
    actions.accept_offer(offer)
    evidence.add_observation(offer, "Two marked vans at the north gate.")
    return "evidence-list"


def outcome(north, incident, dispatcher, crew):  # type: ignore[no-untyped-def]
    offer = offer_of(incident, crew[0])
    actions.accept_offer(offer)
    onscene.report_outcome(offer, outcome=Outcome.ENFORCEMENT_SEEN, agency=Agency.ICE, via="sms")
    return 'id="outcome-proposal"'


def check_out(north, incident, dispatcher, crew):  # type: ignore[no-untyped-def]
    offer = offer_of(incident, crew[0])
    actions.accept_offer(offer)
    assert onscene.check_out(offer, via="sms")
    return "assignment offer-checked_out"


def merge_into(north, incident, dispatcher, crew):  # type: ignore[no-untyped-def]
    other = incident_at_school(north, name="Lincoln High", alias="Lincoln High", lat=34.2, lon=-118.3)
    # Another dispatcher, who has just loaded both pages, merges the other incident into this one.
    target = Incident.objects.get(pk=incident.pk)
    incident_actions.merge_incidents(target, [other], by=dispatcher,
                                     expected_versions={target.pk: target.version, other.pk: other.version})
    return "Lincoln High"


CHANGES: list[Callable[..., str]] = [new_report, follow_up, text_to_reporter, reporter_answers, text_failed,
                                     offer_accepted, offer_declined, arrival, observation, outcome, check_out,
                                     merge_into]


@pytest.mark.parametrize("change", CHANGES, ids=[c.__name__ for c in CHANGES])
def test_the_open_page_sees_each_change_at_its_next_poll(client, north, dispatcher, crew, offered, change):
    client.force_login(dispatcher)
    page = client.get(f"/console/incidents/{offered.pk}/").content.decode()
    since = page_marker(page)
    assert poll(client, offered, since).status_code == 204
    shown = change(north, offered, dispatcher, crew)
    assert shown not in page or change is offer_accepted  # the page did not show it before
    r = poll(client, offered, since)
    assert r.status_code == 200
    html = r.content.decode()
    assert shown in swapped(html)
    new_since = page_marker(html)
    assert int(new_since) == marker(offered) > int(since)
    assert poll(client, offered, new_since).status_code == 204


def test_an_unchanged_page_answers_204_with_the_same_few_queries(client, north, dispatcher, crew, offered):
    client.force_login(dispatcher)
    client.get(f"/console/incidents/{offered.pk}/")
    counts = []
    for change in (new_report, offer_accepted, check_out):
        since = marker(offered)
        with CaptureQueriesContext(connection) as queries:
            assert poll(client, offered, since).status_code == 204
        sql = [q["sql"].lstrip().split()[0].upper() for q in queries.captured_queries]
        assert set(sql) <= {"SELECT"}, sql  # an unchanged poll writes nothing (no audit: it read nothing)
        counts.append(len(sql))
        change(north, offered, dispatcher, crew)
    assert counts[0] == counts[1] == counts[2] <= 4, counts  # session, user, membership, the marker


def test_the_poll_is_the_organizations(client, outsider, north, dispatcher, offered):
    client.force_login(outsider)
    assert poll(client, offered, marker(offered)).status_code == 404


def test_changes_move_the_marker_and_leave_the_version(north, dispatcher, crew, offered):
    """Decision 52: reports, texts, responders' steps and merges into the incident are the page's
    news, not a conflict for the dispatcher who loaded it."""
    version = Incident.objects.get(pk=offered.pk).version
    for change in CHANGES:
        if change in (outcome, arrival, observation, check_out, offer_accepted):
            continue  # one responder per scenario: below
        before = marker(offered)
        change(north, offered, dispatcher, crew)
        assert marker(offered) > before, change.__name__
    offer = offer_of(offered, crew[0])
    for step in (lambda: actions.accept_offer(offer), lambda: onscene.arrive(offer, via="sms"),
                 lambda: evidence.add_observation(offer, "vans"), lambda: onscene.check_out(offer, via="sms")):
        before = marker(offered)
        step()
        assert marker(offered) > before
    assert Incident.objects.get(pk=offered.pk).version == version


def test_a_dispatchers_action_with_the_version_they_loaded_still_works(client, north, dispatcher, crew, offered):
    # The first responder's outcome decided the incident before the page was loaded (below: that one conflicts).
    first, second = offer_of(offered, crew[0]), offer_of(offered, crew[1])
    actions.accept_offer(first)
    actions.accept_offer(second)
    onscene.report_outcome(first, outcome=Outcome.ENFORCEMENT_SEEN, agency=Agency.CBP, via="sms")
    client.force_login(dispatcher)
    page = client.get(f"/console/incidents/{offered.pk}/").content.decode()
    version = re.search(r'name="version" value="(\d+)"', page).group(1)  # type: ignore[union-attr]
    # While the page is open: every kind of change that adds to the incident.
    for change in (new_report, follow_up, text_to_reporter, reporter_answers, merge_into):
        change(north, offered, dispatcher, crew)
    onscene.arrive(second, via="sms")
    evidence.add_observation(second, "Border Patrol vehicles, two.")
    onscene.report_outcome(second, outcome=Outcome.ENFORCEMENT_SEEN, agency=Agency.ICE, via="sms")  # recorded
    onscene.check_out(second, via="sms")
    onscene.check_out(first, via="sms")
    assert str(Incident.objects.get(pk=offered.pk).version) == version
    r = client.post(f"/console/incidents/{offered.pk}/note", {"version": version, "text": "Called the school."},
                    follow=True)
    assert "Note added." in r.content.decode()
    r = client.post(f"/console/incidents/{offered.pk}/assign", {"version": int(version) + 1,
                                                                 "user": dispatcher.pk}, follow=True)
    assert "is assigned to" in r.content.decode()


def test_an_outcome_that_decides_the_incident_is_a_status_change_the_lock_catches(client, north, dispatcher,
                                                                                    crew, offered):
    """The responder's outcome confirms the incident: a dispatcher about to close it as it was
    ("verifying") is told, as when another dispatcher confirms it (decision 53)."""
    client.force_login(dispatcher)
    page = client.get(f"/console/incidents/{offered.pk}/").content.decode()
    version = re.search(r'name="version" value="(\d+)"', page).group(1)  # type: ignore[union-attr]
    since = page_marker(page)
    offer = offer_of(offered, crew[0])
    actions.accept_offer(offer)
    onscene.report_outcome(offer, outcome=Outcome.ENFORCEMENT_SEEN, agency=Agency.ICE, via="sms")
    html = swapped(poll(client, offered, since).content.decode())
    assert 'id="current-status">Confirmed<' in html
    r = client.post(f"/console/incidents/{offered.pk}/status", {"version": version, "to": "closed"}, follow=True)
    assert "Someone else changed this incident" in r.content.decode()
    assert Incident.objects.get(pk=offered.pk).status == "confirmed"


def test_an_offer_the_seats_no_longer_need_is_shown_closed(client, north, dispatcher, crew, offered):
    client.force_login(dispatcher)
    since = marker(offered)
    offer = offer_of(offered, crew[0])
    actions.accept_offer(offer)
    onscene.report_outcome(offer, outcome=Outcome.NOTHING_FOUND, via="sms")
    html = swapped(poll(client, offered, since).content.decode())
    assert html.count("offer offer-not_needed") == 2  # the outcome settled the dispatch: nobody else goes
    assert OfferStatus.NOT_NEEDED in set(Offer.objects.filter(incident=offered).values_list("status", flat=True))


def test_a_live_update_audits_only_what_the_viewer_had_not_been_shown(client, north, dispatcher, crew, offered,
                                                                       settings):
    """Each report is audited when first shown to this viewer; sending it again to the open page is not a
    new read, so a dispatcher keeping a busy incident open never trips the bulk-read alert."""
    from amparo.audit.models import AuditAlert, AuditEntry

    settings.AMPARO_AUDIT_BULK_READS = 10
    reads = AuditEntry.objects.filter(action="read", object_type="report", actor=dispatcher)
    client.force_login(dispatcher)
    since = page_marker(client.get(f"/console/incidents/{offered.pk}/").content.decode())
    assert reads.count() == 2
    for i in range(6):
        sms(north, f"still {i + 3} agents at Roosevelt school", number=f"+121355508{i:02d}")
        since = page_marker(poll(client, offered, since).content.decode())
    assert reads.count() == 8  # the two first shown, then each new one once
    assert sorted(int(i) for i in reads.values_list("object_id", flat=True)) == sorted(
        offered.reports.values_list("pk", flat=True))
    assert not AuditAlert.objects.exists()
    client.get(f"/console/incidents/{offered.pk}/")  # opening the page again is a new read of all of them
    assert reads.count() == 16
