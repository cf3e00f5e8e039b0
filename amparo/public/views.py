"""The public report form. No login, no JavaScript needed, English and Spanish."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from amparo.core.parse import ID_DIGITS, ascii_int
from amparo.orgs.models import Organization
from amparo.public.actions import org_zone, submit_web_report
from amparo.public.forms import ReportForm
from amparo.public.language import language_links, remember_language, request_language
from amparo.public.tokens import issue_token, screen_post
from amparo.public.updates_views import hotline_numbers
from amparo.public.uploads import SizeCapUploadHandler
from amparo.reports.models import Report
from amparo.security import flood
from amparo.texts.render import render_text

# Room for the text fields beside the photo in a multipart body.
FORM_SLACK_BYTES = 256 * 1024
_KEPT = ("what", "description", "address", "cross_streets", "zip", "landmark", "when", "when_at",
         "callback", "may_call", "may_text")


def _thanks_signer(org: Organization) -> signing.Signer:
    return signing.Signer(salt=f"amparo.public.thanks:{org.pk}")


def _render(request: HttpRequest, template: str, context: dict, lang: str, status: int = 200,
            read_post: bool = True) -> HttpResponse:
    org = context.get("org")
    offered = org.language_codes() if isinstance(org, Organization) else None
    context = {**context, "lang": lang, "language_links": language_links(lang, offered)}
    response = render(request, template, context, status=status)
    remember_language(request, response, lang, read_post)
    response["Cache-Control"] = "private"
    return response


@require_GET
def pick_organization(request: HttpRequest) -> HttpResponse:
    orgs = list(Organization.objects.order_by("name").values("slug", "name")[:500])
    lang = request_language(request)
    if len(orgs) == 1:
        url = reverse("public:report", args=[orgs[0]["slug"]])
        query = f"?lang={lang}" if request.GET.get("lang") else ""
        return redirect(url + query)
    with translation.override(lang):
        return _render(request, "public/pick.html", {"orgs": orgs}, lang)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def report_form(request: HttpRequest, org_slug: str) -> HttpResponse:
    # The size cap must be installed before anything reads request.POST,
    # which CsrfViewMiddleware does; so CSRF is checked inside instead.
    handler = SizeCapUploadHandler(request)
    if request.method == "POST":
        # Flood limits per keyed client hash and per organization, counted
        # before the body is read. The honeypot and timing checks still follow.
        org = get_object_or_404(Organization, slug=org_slug)
        refusal = flood.check(request, "form", org.pk)
        if refusal is not None:
            lang = request_language(request, org.default_language, read_post=False)
            return flood.refuse_page(request, org, refusal, lang)
        # ASCII digits only; a declared length past 15 digits is left to Django, which refuses it.
        length = ascii_int(request.META.get("CONTENT_LENGTH"), max_digits=15)
        if length is not None and length > settings.MEDIA_MAX_BYTES + FORM_SLACK_BYTES:
            return _refuse_oversize_post(request, org_slug)
        request.upload_handlers.insert(0, handler)
    return _report_form(request, org_slug, handler)


def _refuse_oversize_post(request: HttpRequest, org_slug: str) -> HttpResponse:
    """Answer a post too large to be one photo and a form, without reading it."""
    org = get_object_or_404(Organization, slug=org_slug)
    lang = request_language(request, org.default_language, read_post=False)
    with translation.override(lang):
        form = ReportForm()
        ctx = {"org": org, "form": form, "token": issue_token(org.pk), "notice": ReportForm.too_large_message()}
        return _render(request, "public/report_form.html", ctx, lang, status=413, read_post=False)


@csrf_protect
def _report_form(request: HttpRequest, org_slug: str, handler: SizeCapUploadHandler) -> HttpResponse:
    org = get_object_or_404(Organization, slug=org_slug)
    lang = request_language(request, org.default_language)
    with translation.override(lang), timezone.override(org_zone(org)):
        if request.method != "POST":
            ctx = {"org": org, "form": ReportForm(), "token": issue_token(org.pk)}
            return _render(request, "public/report_form.html", ctx, lang)
        return _submit(request, org, lang, handler)


def _again(request: HttpRequest, org: Organization, lang: str, notice: str, nonce: str | None) -> HttpResponse:
    """Show the form again with the person's input, storing nothing."""
    initial = {k: request.POST.get(k) for k in _KEPT if request.POST.get(k)}
    ctx = {"org": org, "form": ReportForm(initial=initial), "token": issue_token(org.pk, nonce), "notice": notice}
    return _render(request, "public/report_form.html", ctx, lang)


def _submit(request: HttpRequest, org: Organization, lang: str, handler: SizeCapUploadHandler) -> HttpResponse:
    raw_token = request.POST.get("token", "")
    # Bots: a filled honeypot or a post faster than a person can type. Shown
    # the same polite page, so a person caught by mistake can simply resend.
    screened = screen_post(request.POST, org.pk)
    if screened.token is None:
        notice = (_("This form was open for a long time. Please check your report and send it again.")
                  if screened.again == "stale" else _("Please take a moment to check your report, then send it again."))
        return _again(request, org, lang, notice, screened.nonce)
    token = screened.token

    form = ReportForm(request.POST, request.FILES, photo_too_large=handler.too_large)
    if not form.is_valid():
        ctx = {"org": org, "form": form, "token": raw_token, "photo_sent": bool(request.FILES) or handler.too_large}
        return _render(request, "public/report_form.html", ctx, lang)

    result = submit_web_report(
        org=org, data=form.cleaned_data, nonce=token.nonce, language=lang, photo=form.cleaned_data.get("photo")
    )
    ref = _thanks_signer(org).sign(str(result.report.pk))
    response = HttpResponseRedirect(reverse("public:thanks", args=[org.slug, ref]))
    remember_language(request, response, lang)
    return response


@require_GET
def report_thanks(request: HttpRequest, org_slug: str, ref: str) -> HttpResponse:
    org = get_object_or_404(Organization, slug=org_slug)
    try:
        report_id = ascii_int(_thanks_signer(org).unsign(ref), max_digits=ID_DIGITS)
    except signing.BadSignature:
        report_id = None
    report = Report.objects.filter(organization=org, pk=report_id).only("number").first() if report_id else None
    if report is None:
        raise Http404
    lang = request_language(request, org.default_language)
    with translation.override(lang):
        # The same reference an SMS reporter gets ("R-27"), and the numbers to call with it.
        ctx = {"org": org, "reference": report.ref, "hotline": hotline_numbers(org),
               "kyr": render_text(org.pk, "kyr.long", lang)}
        return _render(request, "public/thanks.html", ctx, lang)


def _again_notice(why: str) -> str:
    """The notice of a sign-up form shown again (``tokens.Screened.again``)."""
    if why == "stale":
        return _("This form was open for a long time. Please check what you wrote and send it again.")
    return _("Please take a moment to check what you wrote, then send it again.")
