"""The public volunteer sign-up form, ``/join/<org-slug>/``: no login, no JavaScript,
the public pages' language choice. What it stores and texts is decided by
``amparo.volunteers.recruitment.sign_up``."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_GET, require_http_methods

from amparo.orgs.models import Organization
from amparo.public.language import remember_language, request_language
from amparo.public.tokens import issue_token, screen_post
from amparo.public.views import _again_notice, _render
from amparo.security import flood
from amparo.volunteers.forms_recruit import SignUpForm
from amparo.volunteers.recruitment import sign_up

TEMPLATE = "public/join.html"


@require_http_methods(["GET", "POST"])
def join_form(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = get_object_or_404(Organization, slug=org_slug)
    if request.method == "POST":
        refusal = flood.check(request, "form", org.pk)
        if refusal is not None:
            return flood.refuse_page(request, org, refusal, request_language(request, org.default_language))
    lang = request_language(request, org.default_language)
    with translation.override(lang):
        if request.method != "POST":
            ctx = {"org": org, "form": SignUpForm(org=org), "token": issue_token(org.pk)}
            return _render(request, TEMPLATE, ctx, lang)
        return _submit(request, org, lang)


def _again(request: HttpRequest, org: Organization, lang: str, notice: str, nonce: str | None) -> HttpResponse:
    """The form again with what the person typed, storing nothing."""
    form = SignUpForm(org=org, initial=SignUpForm(request.POST, org=org).kept())
    ctx = {"org": org, "form": form, "token": issue_token(org.pk, nonce), "notice": notice}
    return _render(request, TEMPLATE, ctx, lang)


def _submit(request: HttpRequest, org: Organization, lang: str) -> HttpResponse:
    raw_token = request.POST.get("token", "")
    screened = screen_post(request.POST, org.pk)
    if screened.token is None:
        return _again(request, org, lang, _again_notice(screened.again), screened.nonce)
    token = screened.token
    form = SignUpForm(request.POST, org=org)
    if not form.is_valid():
        return _render(request, TEMPLATE, {"org": org, "form": form, "token": raw_token}, lang)
    sign_up(org, data=form.cleaned_data, submission=token.nonce, language=lang)
    response = HttpResponseRedirect(reverse("join:thanks", args=[org.slug]))
    remember_language(request, response, lang)
    return response


@require_GET
def join_thanks(request: HttpRequest, org_slug: str) -> HttpResponse:
    # The same page for everyone: it never says whether the phone was already known.
    org = get_object_or_404(Organization, slug=org_slug)
    lang = request_language(request, org.default_language)
    with translation.override(lang):
        return _render(request, "public/join_thanks.html", {"org": org}, lang)
