"""The public volunteer sign-up form. It never asks for immigration status."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from amparo.messaging.typed_numbers import typed_number_e164
from amparo.orgs.models import Organization
from amparo.volunteers.models import Availability, Interest, Skill
from amparo.volunteers.recruitment import zip_in_network

ZIP_RE = re.compile(r"[0-9]{5}")  # ASCII: \d accepts "٩٠٠١٢"
KEPT = ("name", "phone", "email", "languages", "zip", "availability", "interests", "skills")


class SignUpForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=100,
                           help_text=_("The name people know you by. It does not have to be your legal name."),
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    phone = forms.CharField(label=_("Mobile phone"), max_length=40,
                            help_text=_("We text you here. With the area code, for example 213-555-0100."),
                            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}))
    email = forms.EmailField(label=_("E-mail"), max_length=200,
                             help_text=_("Your invitation to the network's tools comes here."),
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    languages = forms.MultipleChoiceField(label=_("Languages you speak"), choices=settings.LANGUAGES,
                                          widget=forms.CheckboxSelectMultiple)
    zip = forms.CharField(label=_("ZIP code where you live or spend your days"), max_length=10,
                          widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}))
    availability = forms.MultipleChoiceField(label=_("When can you help?"), choices=Availability.choices,
                                             required=False, widget=forms.CheckboxSelectMultiple)
    interests = forms.MultipleChoiceField(label=_("What would you like to do?"), choices=Interest.choices,
                                          widget=forms.CheckboxSelectMultiple)
    skills = forms.MultipleChoiceField(label=_("Skills (optional)"), choices=Skill.choices, required=False,
                                       widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, org: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.org = org
        self.fields["languages"].error_messages["required"] = _("Choose at least one language.")
        self.fields["interests"].error_messages["required"] = _("Choose at least one way to help.")

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].replace("\x00", "").split())

    def clean_phone(self) -> str:
        e164 = typed_number_e164(self.org, self.cleaned_data["phone"])
        if e164 is None:
            raise forms.ValidationError(
                _("This is not a phone number we can text. Enter it with the area code, for example 213-555-0100."))
        return e164

    def clean_zip(self) -> str:
        value = self.cleaned_data["zip"].strip()
        if not ZIP_RE.fullmatch(value):
            raise forms.ValidationError(_("Enter a ZIP code of 5 digits, for example 90001."))
        if not zip_in_network(self.org, value):
            raise forms.ValidationError(
                _("This ZIP code is outside the area %(org)s covers. Look for the rapid-response network "
                  "of your area, or enter the ZIP code of where you spend your days.") % {"org": self.org.name})
        return value

    def kept(self) -> dict[str, Any]:
        """What the person typed, to show the form again with it (lists stay lists)."""
        data: dict[str, Any] = {}
        for name in KEPT:
            if name in ("languages", "availability", "interests", "skills"):
                data[name] = self.data.getlist(name) if hasattr(self.data, "getlist") else self.data.get(name, [])
            elif self.data.get(name):
                data[name] = self.data.get(name)
        return data
