"""Building sign-ups for volunteers' tests."""

from __future__ import annotations

import secrets
from datetime import datetime

from amparo.volunteers.models import Applicant
from amparo.volunteers.recruitment import sign_up


def applicant(org, *, name: str = "Ana Reyes", phone: str = "+12135550177", email: str = "ana@example.org",
              now: datetime | None = None, **extra) -> Applicant:  # type: ignore[no-untyped-def]
    data = {"name": name, "phone": phone, "email": email, "languages": ["es"], "zip": "90033",
            "interests": ["field_observer"], "skills": [], "availability": [], **extra}
    return sign_up(org, data=data, submission=secrets.token_hex(8), language="es", now=now).applicant
