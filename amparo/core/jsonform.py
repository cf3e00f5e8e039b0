"""A JSON form field that turns any unreadable JSON into a form error.

Django's ``forms.JSONField`` catches ``json.JSONDecodeError`` only. Two other
errors reach the view as a 500: an integer literal longer than ``int()``'s
4,300-digit limit (``ValueError``) and deeply nested brackets
(``RecursionError``). Here integers are read as at most ``MAX_INT_DIGITS``
ASCII digits, and both errors are the field's "Enter a valid JSON." message.
"""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

MAX_INT_DIGITS = 18


def _bounded_int(literal: str) -> int:
    if len(literal.lstrip("-")) > MAX_INT_DIGITS:
        raise ValueError("integer literal too long")
    return int(literal)


class BoundedDecoder(json.JSONDecoder):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["parse_int"] = _bounded_int
        super().__init__(*args, **kwargs)


class BoundedJSONField(forms.JSONField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs["decoder"] = BoundedDecoder
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Any:
        try:
            return super().to_python(value)
        except (ValueError, RecursionError) as exc:
            if isinstance(exc, ValidationError):
                raise
            raise ValidationError(self.error_messages["invalid"], code="invalid", params={"value": "…"}) from None

    def bound_data(self, data: Any, initial: Any) -> Any:
        try:
            return super().bound_data(data, initial)
        except (ValueError, RecursionError):
            return forms.fields.InvalidJSONInput(str(data)[:2000])
