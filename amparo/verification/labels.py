"""Verification's facts as people read them, in the reader's language.

The outcome a responder reports is stored as codes (``enforcement_seen``,
``ice``); the reason it writes on the incident (``onscene.proposed_status``) is
a fixed English phrase with the agency's label, such as "enforcement seen:
ICE". Pages show both through these functions, never as stored.
"""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from amparo.verification.models import Agency, Outcome
from amparo.verification.onscene import PROPOSALS

_REASON_OUTCOMES = {reason: outcome for outcome, (_status, reason) in PROPOSALS.items()}


def outcome_phrase(outcome: str, agency: str = "") -> str:
    """ "Immigration enforcement seen: ICE" / "Se vio un operativo de inmigración: ICE"."""
    try:
        label = str(Outcome(outcome).label)
    except ValueError:
        label = outcome.replace("_", " ")
    if not agency:
        return label
    try:
        agency_label = str(Agency(agency).label)
    except ValueError:
        agency_label = agency.replace("_", " ")
    return _("%(outcome)s: %(agency)s") % {"outcome": label, "agency": agency_label}


@cache
def _agencies_by_label() -> dict[str, str]:
    """Every agency label in every site language -> its code: the reason kept the
    label in the language the responder's page was in."""
    found: dict[str, str] = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            found.update({str(a.label): a.value for a in Agency})
    return found


def reason_phrase(reason: str) -> str:
    """A status reason in the reader's language when it is one verification wrote
    ("enforcement seen: ICE"); a dispatcher's own words are shown as written."""
    head, sep, tail = (reason or "").partition(": ")
    outcome = _REASON_OUTCOMES.get(head)
    if outcome is None:
        return reason
    agency = _agencies_by_label().get(tail, "") if sep else ""
    if sep and not agency:
        return _("%(outcome)s: %(agency)s") % {"outcome": outcome_phrase(outcome), "agency": tail}
    return outcome_phrase(outcome, agency)
