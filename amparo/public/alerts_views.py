"""The public alerts sign-up page, ``/alerts/<org-slug>/``, and its QR code for flyers.

No login, no JavaScript, the public pages' language choice. What is stored and
texted is decided by ``amparo.alerts.subscriptions.request_by_web``; the answer
page is the same whatever happened, so typing someone else's number tells
nothing about their subscription.
"""

from __future__ import annotations

import io

import segno
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from amparo.alerts.forms import SubscribeForm
from amparo.alerts.senders import alerts_sender
from amparo.alerts.subscriptions import request_by_web
from amparo.orgs.models import Organization
from amparo.public.language import request_language
from amparo.public.tokens import issue_token, screen_post
from amparo.public.views import _again_notice, _render
from amparo.security import flood

TEMPLATE = "public/alerts_form.html"


@require_http_methods(["GET", "POST"])
def alerts_form(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = get_object_or_404(Organization, slug=org_slug)
    lang = request_language(request, org.default_language)
    if request.method == "POST":
        refusal = flood.check(request, "form", org.pk)
        if refusal is not None:
            return flood.refuse_page(request, org, refusal, lang)
    with translation.override(lang):
        ready = bool(alerts_sender(org))
        if request.method != "POST" or not ready:
            form = SubscribeForm(org=org, initial={"language": lang if lang in org.language_codes() else None})
            return _render(request, TEMPLATE, {"org": org, "form": form, "ready": ready,
                                               "token": issue_token(org.pk)}, lang)
        return _submit(request, org, lang)


def _again(request: HttpRequest, org: Organization, lang: str, notice: str, nonce: str | None) -> HttpResponse:
    form = SubscribeForm(org=org, initial={k: request.POST.get(k, "")[:40] for k in ("phone", "zip", "zone", "language")})
    ctx = {"org": org, "form": form, "ready": True, "token": issue_token(org.pk, nonce), "notice": notice}
    return _render(request, TEMPLATE, ctx, lang)


def _submit(request: HttpRequest, org: Organization, lang: str) -> HttpResponse:
    raw_token = request.POST.get("token", "")
    screened = screen_post(request.POST, org.pk)
    if screened.token is None:
        return _again(request, org, lang, _again_notice(screened.again), screened.nonce)
    form = SubscribeForm(request.POST, org=org)
    if not form.is_valid():
        return _render(request, TEMPLATE, {"org": org, "form": form, "ready": True, "token": raw_token}, lang)
    data = form.cleaned_data
    request_by_web(org, phone=data["phone"], zip_code=data["zip"], zone=data.get("zone"), language=data["language"],
                   now=timezone.now())
    return HttpResponseRedirect(reverse("subscribe:thanks", args=[org.slug]) + f"?lang={lang}")


@require_GET
def alerts_thanks(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = get_object_or_404(Organization, slug=org_slug)
    lang = request_language(request, org.default_language)
    with translation.override(lang):
        return _render(request, "public/alerts_thanks.html", {"org": org}, lang)


@require_GET
def alerts_qr(request: HttpRequest, org_slug: str) -> HttpResponse:
    """The sign-up page's address as a QR code (SVG), to print on flyers."""
    org = get_object_or_404(Organization, slug=org_slug)
    url = settings.AMPARO_PUBLIC_URL + reverse("subscribe:form", args=[org.slug])
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=8, border=4, xmldecl=False,
                                    title=_("Alerts sign-up: %(url)s") % {"url": url})
    response = HttpResponse(out.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "max-age=3600"
    response["Content-Disposition"] = f'inline; filename="alerts-{org.slug}.svg"'
    return response
