from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from amparo.messaging.actions import MAX_LENGTH
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
