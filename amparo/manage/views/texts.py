from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from amparo.accounts.access import org_admin_required
from amparo.manage.forms import TextOverrideForm
from amparo.orgs.models import Organization
from amparo.texts.actions import clear_text_override, set_text_override
from amparo.texts.models import TextOverride
from amparo.texts.registry import TEXTS, TextDef, default_text, fixed_text
from amparo.texts.segments import GSM7_BASIC, GSM7_EXTENDED, segments


def _lookup(org: Organization, key: str, language: str) -> TextDef:
    if key not in TEXTS or language not in org.language_codes():
        raise Http404
    return TEXTS[key]


@org_admin_required
def text_list(request: HttpRequest, org: Organization) -> HttpResponse:
    langs = org.language_codes()
    overrides = {(o.key, o.language): o.text for o in TextOverride.objects.filter(organization=org)}
    rows = [
        {"key": key, "help": td.help, "langs": [
            {"lang": lang, "default": default_text(key, lang), "override": overrides.get((key, lang))}
            for lang in langs
        ]}
        for key, td in TEXTS.items()
    ]
    return render(request, "manage/texts.html", {"org": org, "rows": rows})


@org_admin_required
def text_edit(request: HttpRequest, org: Organization, key: str, language: str) -> HttpResponse:
    textdef = _lookup(org, key, language)
    current = TextOverride.objects.filter(organization=org, key=key, language=language).first()
    default = default_text(key, language)
    form = TextOverrideForm(request.POST or None, initial={"text": current.text if current else default},
                            textdef=textdef, language=language)
    if request.method == "POST" and form.is_valid():
        set_text_override(org, key=key, language=language, text=form.cleaned_data["text"], actor=request.user)
        messages.success(request, _("Text saved."))
        return redirect("manage:texts")
    fixed = fixed_text(key, language)
    saved = current.text if current else default
    return render(request, "manage/text_edit.html", {
        "org": org, "form": form, "textdef": textdef, "language": language, "default": default,
        "current": current, "fixed": fixed, "count": _count(f"{saved} {fixed}" if fixed else saved),
        # Control characters stay out of an HTML attribute; a textarea's line break is "\n".
        "gsm7": "".join(sorted(c for c in GSM7_BASIC if c != "\r")),
        "gsm7_ext": "".join(sorted(c for c in GSM7_EXTENDED if c != "\f")),
    })


def _count(text: str) -> dict:
    """What the saved text costs, as the live counter (manage/segments.js) words it."""
    found = segments(text)
    return {"chars": len(text), "encoding": _("GSM-7") if found.encoding == "GSM-7" else _("Unicode"),
            "segments": found.count}


@require_POST
@org_admin_required
def text_clear(request: HttpRequest, org: Organization, key: str, language: str) -> HttpResponse:
    _lookup(org, key, language)
    clear_text_override(org, key=key, language=language, actor=request.user)
    messages.success(request, _("The default text is used again."))
    return redirect("manage:texts")
