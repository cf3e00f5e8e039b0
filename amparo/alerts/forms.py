"""The public alerts sign-up form (``/alerts/<org-slug>/``): phone, a ZIP or one of the network's zones
(a plain select: no JavaScript), language."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from amparo.alerts.areas import ZipProblem, network_states, zip_problem
from amparo.messaging.typed_numbers import typed_number_e164
from amparo.orgs.models import Organization, Zone


class SubscribeForm(forms.Form):
    phone = forms.CharField(label=_("Mobile phone"), max_length=40,
                            help_text=_("The alerts come here by text message. With the area code, for example "
                                        "213-555-0100."),
                            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}))
    zip = forms.CharField(label=_("ZIP code to hear about"), max_length=10, required=False,
                          widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}))
    zone = forms.TypedChoiceField(label=_("Or one of the network's zones"), required=False, coerce=int,
                                  empty_value=None)
    language = forms.ChoiceField(label=_("Language of the alerts"), widget=forms.RadioSelect)

    def __init__(self, *args: Any, org: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.org = org
        language = self.fields["language"]
        assert isinstance(language, forms.ChoiceField)
        language.choices = [(c, get_language_info(c)["name_local"]) for c in org.language_codes()]
        zones = list(Zone.objects.filter(organization=org).order_by("name").values_list("pk", "name"))
        if zones:
            zone = self.fields["zone"]
            assert isinstance(zone, forms.TypedChoiceField)
            zone.choices = [("", _("No zone")), *zones]
        else:
            del self.fields["zone"]  # a network without zones: a ZIP it is
            self.fields["zip"].required = True

    def clean_phone(self) -> str:
        e164 = typed_number_e164(self.org, self.cleaned_data["phone"])
        if e164 is None:
            raise forms.ValidationError(
                _("This is not a phone number we can text. Enter it with the area code, for example 213-555-0100."))
        return e164

    def clean_zip(self) -> str:
        value = self.cleaned_data["zip"].strip()
        if not value:
            return ""
        problem = zip_problem(self.org, value)
        if problem == ZipProblem.SHAPE:
            raise forms.ValidationError(_("Enter a ZIP code of 5 digits, for example 90033."))
        if problem == ZipProblem.UNKNOWN:
            raise forms.ValidationError(_("This is not a US ZIP code. Enter the 5 digits of a ZIP code."))
        if problem == ZipProblem.OUTSIDE:
            raise forms.ValidationError(_("This network sends alerts for ZIP codes in %(states)s only.")
                                        % {"states": ", ".join(sorted(network_states(self.org)))})
        return value

    def clean_zone(self) -> Zone | None:
        pk = self.cleaned_data.get("zone")
        return Zone.objects.filter(organization=self.org, pk=pk).first() if pk else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("zip") and not data.get("zone") and "zip" not in self.errors:
            self.add_error("zip", _("Enter a ZIP code or choose a zone."))
        return data
