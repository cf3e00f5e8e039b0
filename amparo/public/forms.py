"""The public report form: what, where, when, an optional callback and photo."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import phonenumbers
from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from amparo.reports.media import MediaRejected, check_upload
from amparo.reports.models import WHAT_CHOICES

WHEN_CHOICES = [
    ("now", _("Happening now")),
    ("earlier", _("Earlier today")),
    ("at", _("At a specific time")),
]
PLACE_FIELDS = ("address", "cross_streets", "landmark", "zip")
ZIP_RE = re.compile(r"[0-9]{5}")  # ASCII: \d accepts "٩٠٠١٢"
DESCRIPTION_MAX = 5000


class ReportForm(forms.Form):
    what = forms.ChoiceField(label=_("What is happening?"), choices=WHAT_CHOICES, widget=forms.RadioSelect)
    description = forms.CharField(
        label=_("Describe what you see"),
        required=False,
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    address = forms.CharField(label=_("Address"), required=False, max_length=300)
    cross_streets = forms.CharField(label=_("Cross streets"), required=False, max_length=300)
    landmark = forms.CharField(label=_("Place or landmark"), required=False, max_length=300)
    zip = forms.CharField(
        label=_("ZIP code"),
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )
    when = forms.ChoiceField(label=_("When?"), choices=WHEN_CHOICES, initial="now", widget=forms.RadioSelect)
    when_at = forms.DateTimeField(
        label=_("Date and time"),
        # The page works without JavaScript, so this field is always shown: say when it counts.
        help_text=_("Only with “At a specific time”. With “Happening now” or “Earlier today” it is ignored."),
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    callback = forms.CharField(
        label=_("Phone number to call or text you back (optional)"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    may_call = forms.BooleanField(label=_("It is safe to call me back"), required=False)
    may_text = forms.BooleanField(label=_("It is safe to text me back"), required=False)
    photo = forms.FileField(
        label=_("Photo (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/heic,image/webp"}),
    )

    def __init__(self, *args: Any, photo_too_large: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The upload handler dropped an oversize photo before it was read whole.
        self.photo_too_large = photo_too_large

    def clean_description(self) -> str:
        # Browsers send textarea line breaks as CRLF; the person typed LF.
        return self.cleaned_data["description"].replace("\r\n", "\n")

    def clean_zip(self) -> str:
        value = self.cleaned_data["zip"].strip()
        if value and not ZIP_RE.fullmatch(value):
            raise forms.ValidationError(_("Enter a ZIP code of 5 digits, for example 90001."))
        return value

    def clean_callback(self) -> str:
        raw = self.cleaned_data["callback"].strip()
        if not raw:
            return ""
        try:
            parsed = phonenumbers.parse(raw, "US")
        except phonenumbers.NumberParseException:
            parsed = None
        if parsed is None or not phonenumbers.is_valid_number(parsed):
            raise forms.ValidationError(
                _("This is not a phone number we can call. Enter it with the area code, for example 213-555-0100.")
            )
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)

    def clean_photo(self) -> UploadedFile | None:
        photo = self.cleaned_data.get("photo")
        if self.photo_too_large:
            raise forms.ValidationError(self.too_large_message())
        if not photo:
            return None
        try:
            self.photo_type = check_upload(photo)
        except MediaRejected as exc:
            if exc.reason == "too_large":
                raise forms.ValidationError(self.too_large_message())
            raise forms.ValidationError(_("This file is not a photo. Send a JPEG, PNG, HEIC or WebP image."))
        return photo

    @staticmethod
    def too_large_message() -> str:
        mb = max(1, settings.MEDIA_MAX_BYTES // (1024 * 1024))
        return _("The photo is too large. The limit is %(mb)s MB.") % {"mb": mb}

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        has_place = any(data.get(f) for f in PLACE_FIELDS)
        if not has_place and not data.get("description") and "description" not in self.errors:
            # Shown in the "Where?" fieldset, at its first field, where the person must type:
            # not under the description, which they may have meant to leave empty.
            self.add_error(
                "address",
                _("Tell us where it is happening (an address, cross streets, a place or a ZIP code) or describe it."),
            )
        when, when_at = data.get("when"), data.get("when_at")
        if when_at and when != "at" and "when" not in self.errors:
            data["when"] = when = "at"
        if when == "at" and not when_at and "when_at" not in self.errors:
            self.add_error("when_at", _("Enter the date and time, or choose “Happening now” or “Earlier today”."))
        if when_at and when_at > timezone.now() + timedelta(minutes=10):
            self.add_error("when_at", _("This time is in the future."))
        return data

    def place_fields(self) -> list[forms.BoundField]:
        return [self[f] for f in ("address", "cross_streets", "zip", "landmark")]
