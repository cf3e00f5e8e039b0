"""Forms of the provider slice: a provider (admins), a CSV import, an attorney's invitation, a referral."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from amparo.core.csv_import import CsvFileForm
from amparo.legal.models import CaseType, Provider
from amparo.legal.providers import ProviderError, ProviderValues, clean_values


class ProviderForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    counties = forms.CharField(label=_("Counties served"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                               help_text=_("One per line."))
    languages = forms.CharField(label=_("Languages"), required=False, max_length=200,
                                help_text=_("Language codes separated by |, e.g. en | es | ko."))
    case_types = forms.MultipleChoiceField(label=_("Case types"), choices=CaseType.choices, required=False,
                                           widget=forms.CheckboxSelectMultiple)
    capacity = forms.IntegerField(label=_("Capacity (open cases allowed)"), min_value=0, max_value=10_000,
                                  initial=0)
    phone = forms.CharField(label=_("SMS contact"), max_length=32, required=False,
                            help_text=_("Referrals are texted here, with no personal data."))
    email = forms.CharField(label=_("E-mail contact"), max_length=254, required=False)

    values: ProviderValues

    @classmethod
    def initial_for(cls, provider: Provider) -> dict[str, Any]:
        return {"name": provider.name, "counties": "\n".join(provider.counties or []),
                "languages": " | ".join(provider.languages or []), "case_types": provider.case_types,
                "capacity": provider.capacity, "phone": provider.contact_phone or "",
                "email": provider.contact_email or ""}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        try:
            self.values = clean_values(name=data.get("name"), counties=data.get("counties"),
                                       languages=data.get("languages"), case_types=data.get("case_types") or [],
                                       capacity=data.get("capacity") or 0, phone=data.get("phone"),
                                       email=data.get("email"))
        except ProviderError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return data


class ProviderImportForm(CsvFileForm):
    help_text = _(
        "Columns: name, counties, languages, case_types, capacity, phone, email. Lists inside a cell are "
        "separated by |. A row whose name is already listed updates that provider. At most 2 MB.")


class ReferralSettingsForm(forms.Form):
    answer_minutes = forms.IntegerField(label=_("Minutes a provider has to answer a referral"), min_value=5,
                                        max_value=7 * 24 * 60,
                                        help_text=_("After it, the coordinator is told and shown the next provider."))
    family_reply_days = forms.IntegerField(label=_("Days a family's reply joins its case"), min_value=1,
                                           max_value=365,
                                           help_text=_("Counted from the case's last text to that family contact."))


class AttorneyInviteForm(forms.Form):
    email = forms.EmailField(label=_("The attorney's e-mail"))
