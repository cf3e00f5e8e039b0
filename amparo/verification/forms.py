from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from amparo.core.parse import ascii_int
from amparo.orgs.models import Zone
from amparo.verification.models import Training
from amparo.voice.duty import clean_schedule, parse_phone

DAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6,
        "lun": 0, "mar": 1, "mie": 2, "jue": 3, "vie": 4, "sab": 5, "dom": 6}


def parse_schedule_lines(text: str) -> list[dict]:
    """``Mon 08:00-17:00`` per line (or a day number 0-6, Monday 0)."""
    shifts: list[dict] = []
    for line in (text or "").splitlines():
        parts = line.replace("-", " ").split()
        if not parts:
            continue
        if len(parts) != 3:
            raise ValidationError(_("Write one shift per line, for example: Mon 08:00-17:00"))
        day = parts[0].lower()[:3]
        number = ascii_int(day, max_digits=1)  # ASCII only: "²" and "٣" made int() fail (a 500)
        shifts.append({"day": DAYS.get(day, -1 if number is None else number), "start": parts[1], "end": parts[2]})
    return clean_schedule(shifts)


def schedule_lines(schedule: list[dict]) -> str:
    names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    return "\n".join(f"{names[s['day']]} {s['start']}-{s['end']}" for s in schedule or [])


class ResponderForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    phone = forms.CharField(label=_("Mobile phone"), max_length=30)
    languages = forms.MultipleChoiceField(label=_("Languages"), widget=forms.CheckboxSelectMultiple)
    training = forms.MultipleChoiceField(label=_("Training"), choices=Training.choices, required=False,
                                         widget=forms.CheckboxSelectMultiple)
    zones = forms.ModelMultipleChoiceField(label=_("Home zones"), queryset=Zone.objects.none(), required=False,
                                           widget=forms.CheckboxSelectMultiple)
    field_eligible = forms.BooleanField(label=_("Cleared for field work"), required=False)
    on_call = forms.BooleanField(label=_("On call now"), required=False)
    schedule = forms.CharField(label=_("Weekly schedule"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                               help_text=_("One shift per line, in the network's time zone: Mon 08:00-17:00"))

    def __init__(self, org: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        languages, zones = self.fields["languages"], self.fields["zones"]
        assert isinstance(languages, forms.MultipleChoiceField) and isinstance(zones, forms.ModelMultipleChoiceField)
        languages.choices = [(c, c.upper()) for c in org.language_codes()]
        zones.queryset = Zone.objects.filter(organization=org)

    def clean_phone(self) -> str:
        return parse_phone(self.cleaned_data["phone"])

    def clean_schedule(self) -> list[dict]:
        return parse_schedule_lines(self.cleaned_data.get("schedule", ""))
