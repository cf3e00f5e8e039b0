"""Forms of the shift pages."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from amparo.core.clock import org_zone
from amparo.orgs.models import Organization
from amparo.places.models import Place, PlaceKind


class FieldShiftForm(forms.Form):
    place = forms.TypedChoiceField(label=_("Site"), coerce=int, help_text=_(
        "A place of your network's list: a school, a corner, a court. Never a home."))
    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    end = forms.TimeField(label=_("Until"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    seats = forms.IntegerField(label=_("Places"), min_value=1, max_value=20, initial=2)
    repeat = forms.IntegerField(label=_("Repeat on the next weekdays"), min_value=0, max_value=20, initial=0,
                                required=False, help_text=_("0: this day only. 4: this day and the next 4 weekdays."))

    def __init__(self, org: Organization, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.org = org
        self.places = {p.pk: p for p in Place.objects.filter(organization=org).exclude(kind=PlaceKind.HOME)}
        choices = sorted(((pk, p.name) for pk, p in self.places.items()), key=lambda c: c[1].lower())
        place = self.fields["place"]
        assert isinstance(place, forms.TypedChoiceField)
        place.choices = [("", "—"), *choices]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if isinstance(start, time) and isinstance(end, time) and end <= start:
            raise forms.ValidationError(_("The shift must end after it starts, on the same day."))
        return data

    def occurrences(self) -> list[tuple[datetime, datetime]]:
        """(start, end) of each day asked for, in the organization's local time."""
        zone = org_zone(self.org)
        day: date = self.cleaned_data["day"]
        days = [day]
        d = day
        while len(days) <= (self.cleaned_data.get("repeat") or 0):
            d += timedelta(days=1)
            if d.weekday() < 5:
                days.append(d)
        start, end = self.cleaned_data["start"], self.cleaned_data["end"]
        return [(datetime.combine(x, start, tzinfo=zone), datetime.combine(x, end, tzinfo=zone)) for x in days]


class ShiftSettingsForm(forms.Form):
    block_hours = forms.TypedChoiceField(label=_("Desk block length (hours)"), coerce=int,
                                         choices=[(h, str(h)) for h in (1, 2, 3, 4, 6, 8, 12, 24)])
    desk_seats = forms.IntegerField(label=_("Dispatchers needed in each block"), min_value=1, max_value=10)
    drop_hours = forms.IntegerField(label=_("Members may drop a shift up to this many hours before it starts"),
                                    min_value=0, max_value=168)
    reminder_minutes = forms.IntegerField(label=_("Reminder before each shift (minutes)"), min_value=10,
                                          max_value=1440)
