from __future__ import annotations

import re
import string
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import h3
import phonenumbers
from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from amparo.alerts.models import AlertSettings
from amparo.core.csv_import import CsvFileForm
from amparo.core.jsonform import BoundedJSONField
from amparo.orgs.models import HotlineNumber, Organization, Role, Zone
from amparo.places.grid import parse_grid
from amparo.places.models import PlaceKind
from amparo.texts.registry import TextDef, default_text, fixed_text

# The languages an organization may offer callers: those the project has catalogs for.
LANGUAGE_CHOICES = list(settings.LANGUAGES)

_SPLIT = re.compile(r"[\s,;]+")


# Least privilege first: a new member is a responder unless the admin chooses more reach.
ROLES_BY_REACH = [Role.RESPONDER, Role.LEGAL, Role.DISPATCHER, Role.ADMIN]


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Email"))
    role = forms.ChoiceField(label=_("Role"), choices=[(r.value, r.label) for r in ROLES_BY_REACH],
                             initial=Role.RESPONDER)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class HotlineNumberForm(forms.Form):
    e164 = forms.CharField(label=_("Phone number"), max_length=32,
                           help_text=_("International format, e.g. +1 213 555 0100."))
    label = forms.CharField(label=_("Label"), max_length=100, required=False)
    sms = forms.BooleanField(label=_("SMS"), required=False, initial=True)
    voice = forms.BooleanField(label=_("Voice calls"), required=False, initial=True)
    whatsapp = forms.BooleanField(label=_("WhatsApp"), required=False)

    def __init__(self, *args: Any, org_id: int | None = None, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.org_id = org_id
        if editing:
            del self.fields["e164"]

    def clean_e164(self) -> str:
        raw = self.cleaned_data["e164"]
        try:
            number = phonenumbers.parse(raw, "US")
        except phonenumbers.NumberParseException:
            raise forms.ValidationError(_("This is not a phone number."))
        if not phonenumbers.is_valid_number(number):
            raise forms.ValidationError(_("This is not a valid phone number."))
        e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        # Across the platform: an inbound message finds its organization by this number.
        owner = HotlineNumber.objects.filter(e164=e164).values_list("organization_id", flat=True).first()
        if owner is not None:
            if owner == self.org_id:
                raise forms.ValidationError(_("This number is already one of yours."))
            raise forms.ValidationError(_("This number is already in use by another organization on this platform."))
        return e164


class ZoneForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    zips = forms.CharField(label=_("ZIP codes"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Five-digit ZIP codes, separated by commas or spaces."))
    h3_cells = forms.CharField(label=_("H3 cells"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                               help_text=_("H3 cell ids, separated by commas or spaces."))

    def __init__(self, *args: Any, org: Organization, zone: Zone | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.org, self.zone = org, zone

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        others = Zone.objects.filter(organization=self.org, name=name)
        if self.zone is not None:
            others = others.exclude(pk=self.zone.pk)
        if others.exists():
            raise forms.ValidationError(_("A zone with this name exists already."))
        return name

    def clean_zips(self) -> list[str]:
        items = [z for z in _SPLIT.split(self.cleaned_data["zips"]) if z]
        bad = [z for z in items if not re.fullmatch(r"[0-9]{5}", z)]
        if bad:
            raise forms.ValidationError(_("Not five-digit ZIP codes: %(bad)s") % {"bad": ", ".join(bad[:10])})
        return sorted(set(items))

    def clean_h3_cells(self) -> list[str]:
        items = [c.lower() for c in _SPLIT.split(self.cleaned_data["h3_cells"]) if c]
        # h3 raises OverflowError on a number outside 64 bits ("-1"): only 15 hex digits reach it.
        bad = [c for c in items if not re.fullmatch(r"[0-9a-f]{15}", c, re.ASCII) or not h3.is_valid_cell(c)]
        if bad:
            raise forms.ValidationError(_("Not H3 cells: %(bad)s") % {"bad": ", ".join(bad[:10])})
        return sorted(set(items))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not data.get("zips") and not data.get("h3_cells"):
            raise forms.ValidationError(_("Give at least one ZIP code or H3 cell."))
        return data


class PlaceForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    aliases = forms.CharField(label=_("Other names"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("One per line: what callers may call this place."))
    kind = forms.ChoiceField(label=_("Kind"), choices=PlaceKind.choices, initial=PlaceKind.OTHER)
    lat = forms.FloatField(label=_("Latitude"), min_value=-90, max_value=90)
    lon = forms.FloatField(label=_("Longitude"), min_value=-180, max_value=180)
    zip = forms.RegexField(label=_("ZIP code"), regex=r"^[0-9]{5}\Z", required=False,
                           error_messages={"invalid": _("A ZIP code has five digits.")})

    def clean_aliases(self) -> list[str]:
        lines = (a.strip() for a in self.cleaned_data["aliases"].splitlines())
        return list(dict.fromkeys(a for a in lines if a))


class PlaceImportForm(CsvFileForm):
    help_text = _("Columns: name, aliases (separated by |), lat, lon, zip, kind. "
                  "Rows with a name already listed update that place. At most 2 MB.")


def placeholders(text: str) -> set[str]:
    """The ``{name}`` fields of a format string; ValueError if its braces are broken
    or a field has a conversion or format spec (``{ref:>999}`` could blow up an SMS)."""
    names = set()
    for _lit, name, spec, conv in string.Formatter().parse(text):
        if name is None:
            continue
        if spec or conv:
            raise ValueError("format spec or conversion")
        names.add(name)
    return names


class TextOverrideForm(forms.Form):
    text = forms.CharField(label=_("Your text"), widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args: Any, textdef: TextDef, language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.textdef, self.language = textdef, language
        field = self.fields["text"]
        assert isinstance(field, forms.CharField)
        # The fixed part (the lawful-scope line) is added after the admin's text and counts too.
        fixed = fixed_text(textdef.key, language)
        limit = textdef.max_len - (len(fixed) + 1 if fixed else 0)
        self.max_len = limit
        field.max_length = limit
        field.validators.append(MaxLengthValidator(limit))
        field.widget.attrs["maxlength"] = str(limit)

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        expected = placeholders(default_text(self.textdef.key, self.language))
        try:
            found = placeholders(text)
        except ValueError:
            raise forms.ValidationError(_("Braces { } are only for placeholders such as {ref}."))
        if found != expected:
            want = ", ".join("{" + p + "}" for p in sorted(expected)) or _("none")
            raise forms.ValidationError(
                _("The text must keep exactly these placeholders: %(want)s.") % {"want": want})
        return text


class OrgSettingsForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(label=_("Languages offered"), choices=LANGUAGE_CHOICES,
                                          widget=forms.CheckboxSelectMultiple)
    # Checkboxes submit in page order, so the order the phone menu offers them in is its own field.
    language_order = forms.CharField(
        label=_("Order of the languages on the phone"), required=False,
        help_text=_("Codes separated by commas, first offered first, e.g. es, en, ko. Codes left out follow in "
                    "the current order. Codes: en, es, ko, zh-hans, tl, vi, hy."))
    default_language = forms.ChoiceField(label=_("Default language"), choices=LANGUAGE_CHOICES)
    twilio_auth_token = forms.CharField(
        label=_("Twilio auth token"), required=False, strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_("Never shown. Leave blank to keep the current token."))

    class Meta:
        model = Organization
        fields = [
            "name", "default_language", "languages", "time_zone",
            "correlation_window_minutes", "correlation_distance_m", "conversation_minutes",
            "auto_close_hours", "vague_idle_hours",
            "flood_text_numbers", "flood_text_minutes", "flood_caller_messages", "flood_caller_minutes",
            "flood_hold_minutes", "place_abbreviations", "address_grid",
            "replies_per_caller_per_hour", "map_tile_url", "map_attribution", "twilio_account_sid",
        ]
        # Unreadable JSON (a 5,000-digit number, brackets nested past the recursion limit) is a form error.
        field_classes = {"place_abbreviations": BoundedJSONField, "address_grid": BoundedJSONField}
        labels = {
            "name": _("Name"),
            "time_zone": _("Time zone"),
            "correlation_window_minutes": _("Correlation window (minutes)"),
            "correlation_distance_m": _("Correlation distance (meters)"),
            "conversation_minutes": _("Conversation length (minutes)"),
            "auto_close_hours": _("Close quiet incidents after (hours)"),
            "vague_idle_hours": _("Close vague reports after (hours)"),
            "flood_text_numbers": _("Flood: same text from how many numbers"),
            "flood_text_minutes": _("Flood: within (minutes)"),
            "flood_caller_messages": _("Flood: messages from one caller"),
            "flood_caller_minutes": _("Flood: within (minutes) for one caller"),
            "flood_hold_minutes": _("Flood: keep a flooding number in its flood group (minutes)"),
            "place_abbreviations": _("Short names of places"),
            "address_grid": _("Address grid"),
            "replies_per_caller_per_hour": _("Automatic replies per caller per hour"),
            "map_tile_url": _("Map tile URL"),
            "map_attribution": _("Map attribution"),
            "twilio_account_sid": _("Twilio account SID"),
        }
        help_texts = {
            "time_zone": _("An IANA time zone, e.g. America/Los_Angeles."),
            "correlation_window_minutes": _("Reports this close in time may be the same incident."),
            "correlation_distance_m": _("Reports this close in space may be the same incident."),
            "conversation_minutes": _("Messages from the same caller within this time add to their report."),
            "place_abbreviations": _('What callers write for a place\'s name, e.g. {"hd": "home depot"}. '
                                     'See docs/places.md.'),
            "address_grid": _('Optional. Where house numbers meet numbered streets, e.g. '
                              '[{"direction": "S", "every": 100}]. Leave [] if unsure. See docs/places.md.'),
            "map_tile_url": _("https:// only, e.g. https://tiles.example.org/{z}/{x}/{y}.png. Blank: no map."),
        }

    field_order = ["name", "languages", "language_order", "default_language"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("language_order", ", ".join(self.instance.languages or []))

    def clean_language_order(self) -> list[str]:
        codes = [c.lower() for c in _SPLIT.split(self.cleaned_data.get("language_order") or "") if c]
        known = {code for code, _label in LANGUAGE_CHOICES}
        unknown = [c for c in codes if c not in known]
        if unknown:
            raise forms.ValidationError(_("Unknown language codes: %(codes)s.") % {"codes": ", ".join(unknown)})
        return list(dict.fromkeys(codes))

    def clean_time_zone(self) -> str:
        tz = self.cleaned_data["time_zone"].strip()
        try:
            ZoneInfo(tz)
        except (ZoneInfoNotFoundError, ValueError):
            raise forms.ValidationError(_("Unknown time zone, e.g. America/Los_Angeles."))
        return tz

    def clean_place_abbreviations(self) -> dict[str, str]:
        value = self.cleaned_data.get("place_abbreviations") or {}
        if not isinstance(value, dict) or not all(
                isinstance(k, str) and isinstance(v, str) and k.strip() and v.strip() for k, v in value.items()):
            raise forms.ValidationError(_('Write pairs of short name and name, e.g. {"hd": "home depot"}.'))
        return {k.strip().lower(): v.strip() for k, v in value.items()}

    def clean_address_grid(self) -> list[Any]:
        value = self.cleaned_data.get("address_grid") or []
        if not isinstance(value, list) or len(parse_grid(value)) != len(value):
            raise forms.ValidationError(_('Write a list of rules, e.g. [{"direction": "S", "every": 100}].'))
        return value

    def clean_map_tile_url(self) -> str:
        url = self.cleaned_data["map_tile_url"].strip()
        if url and not url.startswith("https://"):
            raise forms.ValidationError(_("The tile URL must start with https://."))
        return url

    def clean_twilio_account_sid(self) -> str:
        sid = self.cleaned_data["twilio_account_sid"].strip()
        if sid and not re.fullmatch(r"AC[0-9a-fA-F]{32}", sid):
            raise forms.ValidationError(_("A Twilio account SID is AC followed by 32 hexadecimal digits."))
        return sid

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        langs, default = data.get("languages"), data.get("default_language")
        order = data.get("language_order")
        if langs and order is not None:
            extra = [c for c in order if c not in langs]
            if extra:
                self.add_error("language_order", _("Tick these languages too, or leave them out of the order: "
                                                   "%(codes)s.") % {"codes": ", ".join(extra)})
            # Listed first in the admin's order, then the rest in the current order, then new ones.
            current = [c for c in (self.instance.languages or []) if c in langs]
            rest = [c for c in current + list(langs) if c not in order]
            data["languages"] = list(dict.fromkeys([c for c in order if c in langs] + rest))
        if langs and default and default not in langs:
            self.add_error("default_language", _("The default language must be one of the languages offered."))
        return data


class AlertSettingsForm(forms.ModelForm):
    class Meta:
        model = AlertSettings
        fields = ["updates_days", "updates_delay_minutes", "messaging_service_sid", "messages_per_second",
                  "approval_threshold", "expiry_hours", "lapse_months"]
        labels = {
            "updates_days": _("Public page: days shown"),
            "updates_delay_minutes": _("Public page: delay after the verdict (minutes)"),
            "messaging_service_sid": _("Alerts sender: Twilio Messaging Service SID"),
            "messages_per_second": _("Alerts sender: messages per second"),
            "approval_threshold": _("Alerts: subscribers above which a second dispatcher approves"),
            "expiry_hours": _("Alerts: hours before the unsent part expires"),
            "lapse_months": _("Subscriptions: months of silence before one lapses"),
        }


class FacilityImportForm(CsvFileForm):
    help_text = _("Columns: name, address, county, phone. Rows with a name already listed "
                  "update that facility. At most 2 MB.")
