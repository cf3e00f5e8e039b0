"""Forms of the trainings pages: parse and validate only (the actions decide)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from amparo.accounts.models import User
from amparo.core.clock import org_zone
from amparo.orgs.models import Organization
from amparo.volunteers.certifications import GATED_ROLES, kind_label
from amparo.volunteers.models import CertificationKind

LANGUAGE_NAMES = {"en": _("English"), "es": _("Spanish"), "ko": _("Korean"), "zh-hans": _("Chinese"),
                  "tl": _("Tagalog"), "vi": _("Vietnamese"), "hy": _("Armenian")}


class KindChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return kind_label(obj)


class TrainerChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.email)


class TrainingForm(forms.Form):
    kind = KindChoice(queryset=CertificationKind.objects.none(), label=_("Certification it grants"))
    starts_at = forms.DateTimeField(label=_("Starts (local time)"),
                                    widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
                                    input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    hours = forms.IntegerField(label=_("Length in hours"), min_value=1, max_value=12, initial=3)
    place = forms.CharField(label=_("Place"), required=False, max_length=300,
                            help_text=_("Shown only to those with a seat, the trainer and admins."))
    link = forms.URLField(label=_("Or a video-call link"), required=False, max_length=300, assume_scheme="https")
    capacity = forms.IntegerField(label=_("Seats"), min_value=1, max_value=500, initial=20)
    language = forms.ChoiceField(label=_("Language"))
    trainer = TrainerChoice(queryset=User.objects.none(), label=_("Trainer (records attendance)"),
                            required=False)

    def __init__(self, org: Organization, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.org = org
        self.fields["kind"].queryset = CertificationKind.objects.filter(organization_id=org.pk)  # type: ignore[attr-defined]  # a ModelChoiceField
        self.fields["trainer"].queryset = User.objects.filter(  # type: ignore[attr-defined]  # a ModelChoiceField
            memberships__organization_id=org.pk, memberships__is_active=True).order_by("email")
        self.fields["language"].choices = [(c, LANGUAGE_NAMES.get(c, c)) for c in org.language_codes()]  # type: ignore[attr-defined]  # a ChoiceField

    def clean_starts_at(self) -> datetime:
        value: datetime = self.cleaned_data["starts_at"]
        # The admin types the network's local time, whatever their browser's zone.
        value = value.replace(tzinfo=None).replace(tzinfo=org_zone(self.org))
        if value <= timezone.now():
            raise forms.ValidationError(_("Choose a time in the future."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("place") and not data.get("link"):
            raise forms.ValidationError(_("Give a place or a video-call link."))
        if data.get("starts_at") and data.get("hours"):
            data["ends_at"] = data["starts_at"] + timedelta(hours=data["hours"])
        return data


class KindForm(forms.Form):
    validity_months = forms.IntegerField(label=_("Valid for (months)"), min_value=1, max_value=120)
    field = forms.BooleanField(label=_("Clears for field work"), required=False)
    required_for_roles = forms.MultipleChoiceField(
        label=_("Needed to become"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(role.value, role.label) for role in GATED_ROLES])

