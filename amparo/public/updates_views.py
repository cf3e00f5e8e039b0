"""The public page of what was verified, and its Atom feed (issue 13, item 6).

No login, no JavaScript. What may be shown is decided by
``amparo.alerts.selectors.public_updates`` alone; these views only choose the
language, add the texts and the hotline, and render. The query count does not
grow with the number of entries (tests assert it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from amparo.alerts.selectors import PublicUpdate, alert_settings, public_updates
from amparo.core.numbers import display_number
from amparo.orgs.models import HotlineNumber, Organization
from amparo.public.actions import org_zone
from amparo.public.language import language_links, remember_language, request_language
from amparo.texts.render import render_text

# Verdicts appear minutes after they are given; a minute of caching costs nothing.
MAX_AGE_SECONDS = 60


@dataclass(frozen=True)
class Hotline:
    e164: str
    shown: str


@dataclass(frozen=True)
class UpdatesView:
    """Everything the page and the feed show, in one language."""

    org: Organization
    lang: str
    days: int
    delay_minutes: int
    updates: list[PublicUpdate]
    hotline: list[Hotline]
    confirmed_text: str
    false_alarm_text: str


def hotline_numbers(org: Organization) -> list[Hotline]:
    """The numbers a person can call or text, as they dial them."""
    numbers = (HotlineNumber.objects.filter(Q(sms=True) | Q(voice=True), organization=org)
               .order_by("id").values_list("e164", flat=True))
    return [Hotline(n, display_number(n)) for n in numbers]


def updates_for(org: Organization, lang: str) -> UpdatesView:
    settings = alert_settings(org)
    return UpdatesView(
        org=org, lang=lang, days=settings.updates_days, delay_minutes=settings.updates_delay_minutes,
        updates=public_updates(org, settings), hotline=hotline_numbers(org),
        confirmed_text=render_text(org.pk, "alerts.confirmed", lang),
        false_alarm_text=render_text(org.pk, "alerts.false_alarm", lang),
    )


def _cache(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = f"max-age={MAX_AGE_SECONDS}"
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    return response


@require_GET
def updates_page(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = get_object_or_404(Organization, slug=org_slug)
    lang = request_language(request, org.default_language)
    with translation.override(lang), timezone.override(org_zone(org)):
        view = updates_for(org, lang)
        response = render(request, "public/updates.html", {
            "org": org, "lang": lang, "view": view, "language_links": language_links(lang, org.language_codes()),
            "kyr": render_text(org.pk, "kyr.long", lang),
        })
    remember_language(request, response, lang)
    return _cache(response)


@dataclass(frozen=True)
class _FeedView:
    view: UpdatesView
    page_url: str  # absolute, without the language


@dataclass(frozen=True)
class FeedEntry:
    update: PublicUpdate
    view: UpdatesView
    page_url: str  # absolute, without the language


def _local(value: datetime) -> str:
    return str(formats.date_format(timezone.localtime(value), "DATETIME_FORMAT"))


def where(update: PublicUpdate) -> str:
    """The area as the page says it: the zones' names and the ZIP code, never more."""
    parts = list(update.areas)
    if update.zip:
        parts.append(_("ZIP code %(zip)s") % {"zip": update.zip})
    return " · ".join(parts) or _("Area not given")


def headline(update: PublicUpdate) -> str:
    if not update.confirmed:
        return _("False alarm")
    if update.agency_label:
        return _("Confirmed: %(agency)s") % {"agency": update.agency_label}
    return _("Confirmed")


class UpdatesFeed(Feed):
    """Atom, one entry per published verdict; its id stays the same when an
    override changes the verdict, so feed readers replace the entry."""

    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> _FeedView:
        # The instance is shared between requests: what belongs to one travels in the object.
        view: UpdatesView = kwargs["view"]
        return _FeedView(view, request.build_absolute_uri(reverse("updates:page", args=[view.org.slug])))

    def title(self, obj: _FeedView) -> str:
        return _("What was verified · %(org)s") % {"org": obj.view.org.name}

    def subtitle(self, obj: _FeedView) -> str:
        return _("Confirmed immigration enforcement and false alarms, checked by trained observers.")

    def link(self, obj: _FeedView) -> str:
        return f"{reverse('updates:page', args=[obj.view.org.slug])}?lang={obj.view.lang}"

    def feed_url(self, obj: _FeedView) -> str:
        return f"{reverse('updates:feed', args=[obj.view.org.slug])}?lang={obj.view.lang}"

    def items(self, obj: _FeedView) -> list[FeedEntry]:
        return [FeedEntry(u, obj.view, obj.page_url) for u in obj.view.updates]

    def item_title(self, item: FeedEntry) -> str:
        return f"{headline(item.update)} · {where(item.update)}"

    def item_description(self, item: FeedEntry) -> str:
        u, view = item.update, item.view
        text = view.confirmed_text if u.confirmed else view.false_alarm_text
        numbers = format_html_join(", ", '<a href="tel:{}">{}</a>', ((h.e164, h.shown) for h in view.hotline))
        hotline = format_html(" · {} {}", _("Hotline:"), numbers) if view.hotline else ""
        return str(format_html(
            "<p>{}</p><p>{}</p><p>{}</p><p><a href=\"{}\">{}</a>{}</p>",
            text, where(u),
            _("Reported: %(reported)s · checked: %(checked)s") % {"reported": _local(u.first_report_at),
                                                                  "checked": _local(u.verdict_at)},
            f"{item.page_url}?lang={view.lang}#rights", _("Know your rights"), hotline,
        ))

    def item_link(self, item: FeedEntry) -> str:
        return f"{reverse('updates:page', args=[item.view.org.slug])}?lang={item.view.lang}#update-{item.update.number}"

    def item_guid(self, item: FeedEntry) -> str:
        return f"{item.page_url}#update-{item.update.number}"

    def item_pubdate(self, item: FeedEntry) -> datetime:
        return item.update.published_at

    def item_updateddate(self, item: FeedEntry) -> datetime:
        return item.update.published_at


_feed = UpdatesFeed()


@require_GET
def updates_feed(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = get_object_or_404(Organization, slug=org_slug)
    lang = request_language(request, org.default_language)
    with translation.override(lang), timezone.override(org_zone(org)):
        response = _feed(request, view=updates_for(org, lang))
    response["Content-Language"] = lang
    return _cache(response)
