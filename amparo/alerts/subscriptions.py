"""Subscriptions to alerts: every state change of a subscriber is one named function here.

Double opt-in: a request (``ALERTAS 90033`` to either sender, or the web
form) stores a pending subscriber and texts a confirmation from the alerts
sender; only ``SI``/``YES`` to the alerts sender within ``CONFIRM_WINDOW``
makes it active. Every change writes one ``SubscriberConsent`` row (event,
channel, time): the consent log. Everything texted to a subscriber goes out
from the alerts sender (``senders.send_from_alerts``).

Areas: ``ALERTAS`` with a new ZIP adds it, up to ``areas.MAX_ZIPS``; ``ZIP
90022`` replaces every ZIP with that one (someone who moved, or mistyped, has
one text to fix it; the zones are kept). Zones the same way: ``ALERTAS Boyle
Heights`` (or the web form's list) adds one, up to ``areas.MAX_ZONES``, and
``ZONA Boyle Heights`` replaces the zones, keeping the ZIPs. Signing up again
after the subscription ended (stopped, lapsed, undeliverable) starts afresh:
its areas are the one asked for.

The functions are called inside the caller's transaction (intake's, under its
lock, for SMS keywords); each locks the subscriber row it changes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from amparo.alerts.areas import MAX_ZIPS, MAX_ZONES, offered_words
from amparo.alerts.models import (
    AlertSettings,
    ConsentChannel,
    ConsentEvent,
    Subscriber,
    SubscriberArea,
    SubscriberConsent,
    SubscriberStatus,
)
from amparo.alerts.senders import alerts_sender, send_from_alerts
from amparo.crypto.keys import keyed_hash
from amparo.messaging.typed_numbers import may_text_typed_number
from amparo.orgs.models import Organization, Zone
from amparo.reports.models import Sender
from amparo.reports.optouts import is_opted_out
from amparo.texts.render import render_text

# SI/YES confirms only while the confirmation is this recent: an old text answered by chance is no consent.
CONFIRM_WINDOW = timedelta(hours=48)
EXAMPLE_ZIP = "90033"


def phone_hash(org: Organization, e164: str) -> str:
    return keyed_hash(org.pk, "tel:" + e164)


def subscriber_of(org_id: int, caller_hash: str, *, lock: bool = False) -> Subscriber | None:
    if not caller_hash:
        return None
    qs = Subscriber.objects.filter(organization_id=org_id, phone_hash=caller_hash)
    return (qs.select_for_update() if lock else qs).first()


def is_pending(org_id: int, caller_hash: str, now: datetime | None = None) -> bool:
    """The audience of SI/YES on the alerts sender: a confirmation is waiting for this number."""
    now = now or timezone.now()
    return bool(caller_hash) and Subscriber.objects.filter(
        organization_id=org_id, phone_hash=caller_hash, status=SubscriberStatus.PENDING,
        confirmation_sent_at__gte=now - CONFIRM_WINDOW).exists()


def is_subscriber(org_id: int, caller_hash: str) -> bool:
    """The audience of ZIP and the language words: a subscription that is live or waiting for YES."""
    return bool(caller_hash) and Subscriber.objects.filter(
        organization_id=org_id, phone_hash=caller_hash,
        status__in=[SubscriberStatus.ACTIVE, SubscriberStatus.PENDING]).exists()


def zips_of(subscriber: Subscriber) -> list[str]:
    return sorted(SubscriberArea.objects.filter(subscriber=subscriber).exclude(zip="").values_list("zip", flat=True))


def zones_of(subscriber: Subscriber) -> list[str]:
    return sorted(SubscriberArea.objects.filter(subscriber=subscriber, zone__isnull=False)
                  .values_list("zone__name", flat=True))


def areas_text(zips: list[str], zones: list[str]) -> str:
    """The areas as the texts name them: "ZIP 90033, 90023, Boyle Heights" (ZIP is the same word in every
    shipped catalog; a zone's name is the network's own)."""
    return ", ".join(([f"ZIP {', '.join(zips)}"] if zips else []) + zones)


def example_zip(org: Organization) -> str:
    for zips in Zone.objects.filter(organization=org).order_by("pk").values_list("zips", flat=True):
        for z in zips or []:
            if isinstance(z, str) and len(z) == 5 and z.isascii() and z.isdigit():
                return z
    return EXAMPLE_ZIP


def subscription_text(org: Organization, key: str, language: str, *, zips: list[str] | None = None,
                      subscribed_zones: list[str] | None = None, **context: str) -> str:
    """A subscription text (``alerts.sub.*``) with the context every one of them may use (``{zips}`` is
    kept for overrides written before zones could be chosen)."""
    return render_text(org.pk, key, language, zips=", ".join(zips or []), areas=areas_text(zips or [], subscribed_zones or []),
                       languages=" / ".join(offered_words(org)), example=example_zip(org), **context)


def _log(subscriber: Subscriber, event: str, channel: str, now: datetime) -> None:
    SubscriberConsent.objects.create(organization_id=subscriber.organization_id, subscriber=subscriber,
                                     event=event, channel=channel, at=now)


def _tell(org: Organization, subscriber: Subscriber, key: str) -> None:
    send_from_alerts(org, subscriber, subscription_text(org, key, subscriber.language, zips=zips_of(subscriber),
                                                        subscribed_zones=zones_of(subscriber)))


def _add_zip(subscriber: Subscriber, zip_code: str) -> bool:
    """Add ``zip_code`` unless present or the subscriber already has MAX_ZIPS; True when it is there."""
    existing = zips_of(subscriber)
    if zip_code in existing:
        return True
    if len(existing) >= MAX_ZIPS:
        return False
    SubscriberArea.objects.create(organization_id=subscriber.organization_id, subscriber=subscriber, zip=zip_code)
    return True


def _add_zone(subscriber: Subscriber, zone: Zone) -> bool:
    """Add ``zone`` unless present or the subscriber already has MAX_ZONES; True when it is there."""
    existing = set(SubscriberArea.objects.filter(subscriber=subscriber, zone__isnull=False)
                   .values_list("zone_id", flat=True))
    if zone.pk in existing:
        return True
    if len(existing) >= MAX_ZONES:
        return False
    SubscriberArea.objects.create(organization_id=subscriber.organization_id, subscriber=subscriber, zone=zone)
    return True


def _add_areas(subscriber: Subscriber, zip_code: str, zone: Zone | None) -> bool:
    """Add what was asked for (a ZIP, a zone or both); True when all of it is there."""
    added = [_add_zip(subscriber, zip_code)] if zip_code else []
    if zone is not None:
        added.append(_add_zone(subscriber, zone))
    return all(added)


def _has_areas(subscriber: Subscriber, zip_code: str, zone: Zone | None) -> bool:
    areas = SubscriberArea.objects.filter(subscriber=subscriber)
    return ((not zip_code or areas.filter(zip=zip_code).exists())
            and (zone is None or areas.filter(zone=zone).exists()))


def _replace_zips(subscriber: Subscriber, zip_code: str) -> None:
    SubscriberArea.objects.filter(subscriber=subscriber).exclude(zip="").delete()
    SubscriberArea.objects.create(organization_id=subscriber.organization_id, subscriber=subscriber, zip=zip_code)


def _replace_zones(subscriber: Subscriber, zone: Zone) -> None:
    SubscriberArea.objects.filter(subscriber=subscriber, zone__isnull=False).delete()
    SubscriberArea.objects.create(organization_id=subscriber.organization_id, subscriber=subscriber, zone=zone)


@transaction.atomic
def request_subscription(org: Organization, *, phone: str, language: str, channel: str, now: datetime,
                         zip_code: str = "", zone: Zone | None = None) -> Subscriber:
    """Someone asked for alerts about ``zip_code`` and/or ``zone`` (validated by the caller; at least one)
    in ``language``.

    - a new number: pending, with these areas, and the confirmation;
    - one stopped, lapsed or undeliverable: the same, afresh (its old areas go: it asked for these);
    - a pending one: the areas added (up to MAX_ZIPS and MAX_ZONES), the language set, the confirmation again;
    - an active one asking by SMS: the areas added and the subscription's text ("you will get alerts for...");
      asking on the web (anyone may type anyone's number): nothing changes, it is texted how to add an area.
    """
    if not zip_code and zone is None:
        raise ValueError("a subscription names a ZIP or a zone")
    h = phone_hash(org, phone)
    subscriber = subscriber_of(org.pk, h, lock=True)
    if subscriber is None:
        subscriber = Subscriber.objects.create(organization=org, phone_hash=h, phone=phone, language=language,
                                               status=SubscriberStatus.PENDING, confirmation_sent_at=now)
        _add_areas(subscriber, zip_code, zone)
        _log(subscriber, ConsentEvent.REQUESTED, channel, now)
        _tell(org, subscriber, "alerts.sub.confirm")
        return subscriber
    if subscriber.status == SubscriberStatus.ACTIVE:
        known = _has_areas(subscriber, zip_code, zone)
        if channel == ConsentChannel.WEB or not _add_areas(subscriber, zip_code, zone):
            _tell(org, subscriber, "alerts.sub.help")
            return subscriber
        Subscriber.objects.filter(pk=subscriber.pk).update(last_activity_at=now, updated_at=now)
        if not known:
            _log(subscriber, ConsentEvent.CHANGED, channel, now)
        _tell(org, subscriber, "alerts.sub.confirmed")
        return subscriber
    if subscriber.status != SubscriberStatus.PENDING:
        SubscriberArea.objects.filter(subscriber=subscriber).delete()
    _add_areas(subscriber, zip_code, zone)
    subscriber.status, subscriber.language, subscriber.confirmation_sent_at = SubscriberStatus.PENDING, language, now
    subscriber.phone = phone
    subscriber.save(update_fields=["status", "language", "confirmation_sent_at", "phone", "updated_at"])
    _log(subscriber, ConsentEvent.REQUESTED, channel, now)
    _tell(org, subscriber, "alerts.sub.confirm")
    return subscriber


@transaction.atomic
def confirm(org: Organization, caller_hash: str, *, channel: str, now: datetime) -> Subscriber | None:
    """SI/YES to the alerts sender while the confirmation is recent: the subscription starts."""
    subscriber = subscriber_of(org.pk, caller_hash, lock=True)
    if subscriber is None or subscriber.status != SubscriberStatus.PENDING or not (
            subscriber.confirmation_sent_at and subscriber.confirmation_sent_at >= now - CONFIRM_WINDOW):
        return None
    subscriber.status, subscriber.confirmed_at, subscriber.last_activity_at = SubscriberStatus.ACTIVE, now, now
    subscriber.save(update_fields=["status", "confirmed_at", "last_activity_at", "updated_at"])
    _log(subscriber, ConsentEvent.CONFIRMED, channel, now)
    _tell(org, subscriber, "alerts.sub.confirmed")
    return subscriber


def change_zip(org: Organization, subscriber: Subscriber, zip_code: str, *, channel: str, now: datetime) -> None:
    """``ZIP 90022``: this ZIP replaces the subscriber's ZIPs (validated by the caller)."""
    _change_areas(org, subscriber, lambda: _replace_zips(subscriber, zip_code), channel=channel, now=now)


def change_zone(org: Organization, subscriber: Subscriber, zone: Zone, *, channel: str, now: datetime) -> None:
    """``ZONA Boyle Heights``: this zone replaces the subscriber's zones (the ZIPs stay)."""
    _change_areas(org, subscriber, lambda: _replace_zones(subscriber, zone), channel=channel, now=now)


@transaction.atomic
def _change_areas(org: Organization, subscriber: Subscriber, replace: Callable[[], object], *, channel: str,
                  now: datetime) -> None:
    """One change of a subscriber's areas under their row's lock: logged as consent, and confirmed back to them."""
    Subscriber.objects.select_for_update().filter(pk=subscriber.pk).first()
    replace()
    Subscriber.objects.filter(pk=subscriber.pk).update(last_activity_at=now, updated_at=now)
    _log(subscriber, ConsentEvent.CHANGED, channel, now)
    _tell(org, subscriber, "alerts.sub.confirmed")


@transaction.atomic
def change_language(org: Organization, subscriber: Subscriber, language: str, *, channel: str,
                    now: datetime) -> None:
    """``ESPAÑOL``, ``ENGLISH``...: alerts now come in ``language`` (one the organization offers)."""
    subscriber.language, subscriber.last_activity_at = language, now
    subscriber.save(update_fields=["language", "last_activity_at", "updated_at"])
    _log(subscriber, ConsentEvent.CHANGED, channel, now)
    _tell(org, subscriber, "alerts.sub.confirmed")


def stop(org: Organization, caller_hash: str, *, channel: str, now: datetime) -> Subscriber | None:
    """A STOP to the alerts sender (recorded as an alerts opt-out by the caller): the subscription stops."""
    subscriber = subscriber_of(org.pk, caller_hash)
    if subscriber is None or subscriber.status not in (SubscriberStatus.ACTIVE, SubscriberStatus.PENDING):
        return None
    Subscriber.objects.filter(pk=subscriber.pk).update(status=SubscriberStatus.STOPPED, updated_at=now)
    _log(subscriber, ConsentEvent.STOPPED, channel, now)
    return subscriber


def restart(org: Organization, caller_hash: str, *, channel: str, now: datetime) -> Subscriber | None:
    """A START to the alerts sender: a subscription that was confirmed and then stopped is active again
    (START is the carrier's opt-in: the subscriber consented to these alerts before). One never
    confirmed stays stopped: it needs ALERTAS and YES."""
    subscriber = subscriber_of(org.pk, caller_hash)
    if subscriber is None or subscriber.status != SubscriberStatus.STOPPED or subscriber.confirmed_at is None:
        return None
    Subscriber.objects.filter(pk=subscriber.pk, status=SubscriberStatus.STOPPED).update(
        status=SubscriberStatus.ACTIVE, last_activity_at=now, updated_at=now)
    _log(subscriber, ConsentEvent.RESTARTED, channel, now)
    return subscriber


def record_inbound(org_id: int, caller_hash: str, now: datetime) -> None:
    """A message from a subscriber, to either sender: what lapsing is measured from. One UPDATE."""
    if caller_hash:
        # Written out: every inbound message runs it, and compiling the update cost more than running it.
        with connection.cursor() as cursor:
            cursor.execute(_RECORD_INBOUND, [connection.ops.adapt_datetimefield_value(now), org_id, caller_hash,
                                             SubscriberStatus.ACTIVE.value])


_RECORD_INBOUND = ("UPDATE alerts_subscriber SET last_activity_at = %s"
                   " WHERE organization_id = %s AND phone_hash = %s AND status = %s")


def lapse_months(org: Organization) -> int:
    value = AlertSettings.objects.filter(organization=org).values_list("lapse_months", flat=True).first()
    return value or AlertSettings._meta.get_field("lapse_months").get_default()


def due_to_lapse(org: Organization, now: datetime) -> list[int]:
    """Active subscriptions silent (no alert received, no message sent) for the org's lapse_months."""
    cutoff = now - timedelta(days=30 * lapse_months(org))
    return list(Subscriber.objects.filter(organization=org, status=SubscriberStatus.ACTIVE)
                .annotate(since=Coalesce("last_activity_at", "confirmed_at", "created_at"))
                .filter(Q(since__lt=cutoff)).values_list("pk", flat=True))


@transaction.atomic
def lapse(org: Organization, subscriber_id: int, *, now: datetime) -> bool:
    """One silent subscription lapses, with one notice from the alerts sender. False if it was not active."""
    moved = Subscriber.objects.filter(organization=org, pk=subscriber_id, status=SubscriberStatus.ACTIVE).update(
        status=SubscriberStatus.LAPSED, updated_at=now)
    if not moved:
        return False
    subscriber = Subscriber.objects.get(pk=subscriber_id)
    _log(subscriber, ConsentEvent.LAPSED, ConsentChannel.SYSTEM, now)
    _tell(org, subscriber, "alerts.sub.lapsed")
    return True


WEB_FORM = "alerts"  # its budget in settings.AMPARO_FORM_TEXTS_PER_DAY


def request_by_web(org: Organization, *, phone: str, language: str, now: datetime, zip_code: str = "",
                   zone: Zone | None = None) -> bool:
    """The web form: the same request and confirmation as by SMS, under the shared anti-pumping rule
    (``may_text_typed_number``). Nothing is stored when nothing may be texted: a subscription starts
    only with a confirmation, and a number someone else typed is kept for nothing else. The answer
    page never says which happened (returns True when a text was queued, for tests and logs)."""
    if not alerts_sender(org) or is_opted_out(org.pk, phone_hash(org, phone), sender=Sender.ALERTS):
        return False
    if not may_text_typed_number(org, phone, form=WEB_FORM):
        return False
    request_subscription(org, phone=phone, zip_code=zip_code, zone=zone, language=language,
                         channel=ConsentChannel.WEB, now=now)
    return True
