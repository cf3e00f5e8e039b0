"""Forms of the legal pages. They parse what was typed; the actions decide what may happen.

Each event form carries the case's ``version`` (the optimistic lock) and its
``event`` name. A refused entry re-renders the form with what was typed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from amparo.core.clock import local_datetime
from amparo.core.parse import ascii_int
from amparo.legal.actions.cases import COURT_MAX, NOTE_MAX
from amparo.legal.actions.people import NAME_MAX
from amparo.legal.models import CaseStatus, CaseType, Facility
from amparo.legal.models.people import ConsentMethod, ConsentPurpose
from amparo.legal.selectors import facility_named

LANGUAGE_CHOICES = [(code, name) for code, name in settings.LANGUAGES]
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_MONEY = re.compile(r"\$?\s*([0-9][0-9,]*)(?:\.([0-9]{1,2}))?", re.ASCII)


class PersonForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=NAME_MAX + 50, required=False,
                           widget=forms.TextInput(attrs={"autocomplete": "off"}))
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False, widget=DATE_WIDGET,
                                    error_messages={"invalid": _("Type the date of birth as day, month and year.")})
    a_number = forms.CharField(label=_("A-number (if the family has it)"), required=False, max_length=60,
                               widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    phone = forms.CharField(label=_("The person's phone"), required=False, max_length=60,
                            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}))
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES, initial="es")
    county = forms.CharField(label=_("County"), required=False, max_length=100)


class IntakeForm(PersonForm):
    """A report into a Person, and (ticked by default) a case for them."""

    open_case = forms.BooleanField(label=_("Open a legal case now"), required=False, initial=True)
    case_type = forms.ChoiceField(label=_("Kind of case"), choices=CaseType.choices, initial=CaseType.DETENTION_BOND,
                                  required=False)


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=NAME_MAX + 50, required=False)
    relation = forms.CharField(label=_("Relation (sister, friend...)"), max_length=100, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=60, required=False,
                            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}))
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES, initial="es")
    safe_to_call = forms.BooleanField(label=_("Safe to call or text (nothing is ever sent otherwise)"),
                                      required=False)


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(label=_("For"), choices=ConsentPurpose.choices)
    given = forms.TypedChoiceField(label=_("Answer"), coerce=lambda v: v == "yes",
                                   choices=[("yes", _("Given")), ("no", _("Withdrawn or refused"))])
    method = forms.ChoiceField(label=_("How"), choices=ConsentMethod.choices)
    contact = forms.TypedChoiceField(label=_("Given by"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, contacts: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["contact"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", _("The person"))] + [(c.pk, c.name) for c in contacts]


class EventForm(forms.Form):
    """The fields every event form shares."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    on = forms.DateField(label=_("Date"), required=False, widget=DATE_WIDGET,
                         error_messages={"invalid": _("Type a date as day, month and year.")})


class FacilityEventForm(EventForm):
    field_order = ["facility", "on"]
    facility = forms.CharField(label=_("Facility"), max_length=200, required=False,
                               widget=forms.TextInput(attrs={"list": "facility-list", "autocomplete": "off"}))

    def __init__(self, *args: Any, org: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.org = org

    def clean_facility(self) -> Facility:
        typed = self.cleaned_data.get("facility") or ""
        found = facility_named(self.org, typed)
        if found is None:
            if not typed.strip():
                raise forms.ValidationError(_("Choose a facility from the list."))
            raise forms.ValidationError(
                _("“%(name)s” is not in the facility list. Choose one from the list, or ask an admin to add it.")
                % {"name": typed.strip()[:80]})
        return found


class AttorneyForm(EventForm):
    field_order = ["attorney", "on"]
    attorney = forms.CharField(label=_("Attorney's name"), max_length=NAME_MAX + 50, required=False)


class BondSetForm(EventForm):
    field_order = ["amount", "on"]
    amount = forms.CharField(label=_("Amount (dollars)"), max_length=20, required=False,
                             widget=forms.TextInput(attrs={"inputmode": "decimal"}))

    def clean_amount(self) -> int:
        m = _MONEY.fullmatch((self.cleaned_data.get("amount") or "").strip())
        dollars = ascii_int(m.group(1).replace(",", ""), max_digits=9) if m else None
        if m is None or dollars is None:
            raise forms.ValidationError(_("Type the bond amount in dollars, for example 1500."))
        cents = ascii_int((m.group(2) or "0").ljust(2, "0"), max_digits=2) or 0
        return dollars * 100 + cents


class HearingForm(EventForm):
    on = None  # type: ignore[assignment]  # the hearing has its own day and time
    day = forms.DateField(label=_("Day"), widget=DATE_WIDGET,
                          error_messages={"required": _("Type the day of the hearing."),
                                          "invalid": _("Type a date as day, month and year.")})
    time = forms.TimeField(label=_("Time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                           error_messages={"required": _("Type the time of the hearing."),
                                           "invalid": _("Type a time such as 09:30.")})
    court = forms.CharField(label=_("Court"), max_length=COURT_MAX + 50, required=False)
    confirm_past = forms.BooleanField(label=_("Yes, this hearing is in the past: record it for the history"),
                                      required=False)
    shareable = forms.BooleanField(label=_("The family may be told about this hearing"), required=False)

    def starts_at(self) -> datetime:
        """The hearing's time in the organization's zone (the active one), as an aware datetime."""
        naive = datetime.combine(self.cleaned_data["day"], self.cleaned_data["time"])
        return timezone.make_aware(naive, timezone.get_current_timezone())


class MoveHearingForm(HearingForm):
    """Move one of the case's hearings to a new day and time (and court, when one is typed)."""

    field_order = ["hearing", "day", "time", "court", "confirm_past"]
    shareable = None  # type: ignore[assignment]  # the hearing keeps its own: a move of a shared one is shared
    hearing = forms.TypedChoiceField(label=_("Hearing to move"), coerce=int, choices=(),
                                     error_messages={"required": _("Choose the hearing to move."),
                                                     "invalid_choice": _("Choose the hearing to move.")})

    def __init__(self, *args: Any, hearings: Sequence[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["court"].help_text = _("Leave empty to keep the same court.")
        field = self.fields["hearing"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(h.pk, _("%(when)s at %(court)s") % {"when": local_datetime(h.starts_at), "court": h.court})
                         for h in hearings]


class NoteForm(EventForm):
    on = None  # type: ignore[assignment]  # a note is dated by when it is written: the form drops the field
    # The length is checked by the action, so the message says how long a note may be.
    text = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("At most %(n)d characters.") % {"n": NOTE_MAX})


class StatusForm(EventForm):
    on = None  # type: ignore[assignment]  # a status changes now: the form drops the field
    status = forms.ChoiceField(label=_("New status"), choices=CaseStatus.choices)
    reason = forms.CharField(label=_("Why (needed to close)"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))


# Event name (as posted) -> (form class, button label)
EVENT_FORMS: dict[str, tuple[type[EventForm], Any]] = {
    "located": (FacilityEventForm, _("Located")),
    "transferred": (FacilityEventForm, _("Transferred")),
    "attorney": (AttorneyForm, _("Attorney assigned")),
    "bond_requested": (EventForm, _("Bond requested")),
    "bond_set": (BondSetForm, _("Bond set")),
    "bond_denied": (EventForm, _("Bond denied")),
    "bond_paid": (EventForm, _("Bond paid")),
    "hearing": (HearingForm, _("Hearing")),
    "move_hearing": (MoveHearingForm, _("Move a hearing")),
    "note": (NoteForm, _("Note")),
    "status": (StatusForm, _("Status")),
}


def event_form(name: str, org: Any, data: Any = None, *, version: int,
               hearings: Sequence[Any] = ()) -> EventForm:
    cls, _label = EVENT_FORMS[name]
    kwargs: dict[str, Any] = {"prefix": name, "initial": {"version": version}}
    if cls is FacilityEventForm:
        kwargs["org"] = org
    if cls is MoveHearingForm:
        kwargs["hearings"] = hearings
    return cls(data, **kwargs)
