from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from amparo.messaging.actions import MAX_LENGTH
from amparo.messaging.models import WhatsAppTemplate, WhatsAppTemplateKey
from amparo.messaging.whatsapp import CONTENT_SID
from amparo.orgs.models import Organization


class CannedReplyForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"))
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 4}), max_length=MAX_LENGTH)
    position = forms.IntegerField(label=_("Position in the list"), min_value=0, max_value=999, initial=0)

    def __init__(self, *args: Any, org: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = self.fields["language"]
        assert isinstance(language, forms.ChoiceField)
        language.choices = [(code, code) for code in org.language_codes()]

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Write the text."))
        return text


class WhatsAppTemplateForm(forms.Form):
    key = forms.ChoiceField(label=_("Purpose"), choices=WhatsAppTemplateKey.choices)
    language = forms.ChoiceField(label=_("Language"))
    content_sid = forms.CharField(label=_("Content SID"), max_length=34,
                                  help_text=_("From Twilio's Content Template Builder, once WhatsApp approved it: HX…"))
    body_preview = forms.CharField(
        label=_("Text of the template"), widget=forms.Textarea(attrs={"rows": 4}), max_length=1024,
        help_text=_("Exactly as approved, so the console shows what the reporter reads. {{1}} is the reporter's own report reference (R-27)."))

    def __init__(self, *args: Any, org: Organization, instance_pk: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.org, self.instance_pk = org, instance_pk
        language = self.fields["language"]
        assert isinstance(language, forms.ChoiceField)
        language.choices = [(code, code) for code in org.language_codes()]

    def clean_content_sid(self) -> str:
        sid = self.cleaned_data["content_sid"].strip()
        if not CONTENT_SID.fullmatch(sid):
            raise forms.ValidationError(_("A Content SID is HX followed by 32 hexadecimal digits."))
        return sid

    def clean_body_preview(self) -> str:
        text = self.cleaned_data["body_preview"].strip()
        if not text:
            raise forms.ValidationError(_("Write the text of the template."))
        return text

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        taken = WhatsAppTemplate.objects.filter(organization=self.org, key=data.get("key"),
                                                language=data.get("language"))
        if self.instance_pk is not None:
            taken = taken.exclude(pk=self.instance_pk)
        if data.get("key") and data.get("language") and taken.exists():
            self.add_error("language", _("There is already a template for this purpose in this language."))
        return data
