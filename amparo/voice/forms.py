from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from amparo.voice.duty import clean_schedule, parse_phone

DAYS = [_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"), _("Saturday"), _("Sunday")]


class DutyForm(forms.Form):
    """A dispatcher's toggle, phone, and one shift per weekday (an end before
    the start runs past midnight)."""

    on_duty = forms.BooleanField(label=_("On duty now"), required=False)
    phone = forms.CharField(label=_("Phone the hotline rings"), required=False, max_length=40,
                            help_text=_("Kept encrypted. Callers never see it: calls come from the hotline number."),
                            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}))

    def __init__(self, *args: Any, schedule: list[dict] | None = None, **kwargs: Any) -> None:
        initial = kwargs.setdefault("initial", {})
        for shift in schedule or []:
            initial.setdefault(f"day{shift['day']}_start", shift["start"])
            initial.setdefault(f"day{shift['day']}_end", shift["end"])
        super().__init__(*args, **kwargs)
        for day, name in enumerate(DAYS):
            for part, label in (("start", _("%(day)s from")), ("end", _("%(day)s until"))):
                self.fields[f"day{day}_{part}"] = forms.TimeField(
                    label=label % {"day": name}, required=False, input_formats=["%H:%M"],
                    widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"}))

    def day_rows(self) -> list[tuple[Any, ...]]:
        return [(name, self[f"day{day}_start"], self[f"day{day}_end"]) for day, name in enumerate(DAYS)]

    def clean_phone(self) -> str:
        raw = self.cleaned_data.get("phone", "").strip()
        return parse_phone(raw) if raw else ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        shifts = []
        for day in range(7):
            start, end = data.get(f"day{day}_start"), data.get(f"day{day}_end")
            if start is None and end is None:
                continue
            if start is None or end is None:
                raise ValidationError(_("A shift needs both a start and an end."))
            shifts.append({"day": day, "start": start.strftime("%H:%M"), "end": end.strftime("%H:%M")})
        data["schedule"] = clean_schedule(shifts)
        if (data.get("on_duty") or shifts) and not data.get("phone"):
            raise ValidationError(_("Set the phone the hotline should ring before going on duty."))
        return data


class SurgeForm(forms.Form):
    surge_forced = forms.BooleanField(label=_("Surge mode on (callers are asked to text, calls are recorded)"),
                                      required=False)
    surge_threshold = forms.IntegerField(
        label=_("Switch surge mode on by itself at this many new incidents waiting (0: never)"),
        min_value=0, max_value=10000, required=False)
