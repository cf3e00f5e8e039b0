"""What a dossier holds, read from the database without decrypting any file.

A dossier is about one incident, or one case (the incidents its person is tied
to, and the case's own timeline). Each file in it is an ``Item``: a responder's
evidence (photo, video, observation) or a report's stored media (a photo, a
call's recording), with the SHA-256 recorded when it was received.
"""

from __future__ import annotations

import mimetypes
import string
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from amparo.core.parse import ascii_int
from amparo.incidents.models import Incident
from amparo.legal.models import Case, PersonIncident
from amparo.orgs.models import Organization
from amparo.reports.models import ReportMedia
from amparo.verification.models import Evidence, EvidenceKind, Offer

EVIDENCE = "evidence"
MEDIA = "media"
# Extensions for the types Amparo stores; anything else keeps ".bin" (the bytes are still the original).
_EXTENSIONS = {"image/jpeg": ".jpg", "audio/mpeg": ".mp3", "audio/mp3": ".mp3", "video/quicktime": ".mov",
               "text/plain; charset=utf-8": ".txt", "audio/x-wav": ".wav", "audio/wav": ".wav"}


@dataclass(frozen=True)
class Item:
    """One file of the dossier, as recorded at upload."""

    source: str  # EVIDENCE | MEDIA
    pk: int
    incident_id: int
    incident_number: int  # "#7": the manifest's incident column, as the summary and every page write it
    path: str  # named by the incident's and report's numbers in the network, never their ids (a shared sequence)
    sha256: str
    size: int
    content_type: str
    kind: str
    recorded_at: datetime
    stored_name: str = ""  # encrypted file in the default storage; "" for an observation (its text is the field)
    note_evidence: Evidence | None = None  # an observation: read from its encrypted field
    responder_id: int | None = None


@dataclass
class Subject:
    """What the dossier is about: its incidents and, for a case dossier, the case."""

    organization: Organization
    incidents: list[Incident]
    case: Case | None = None
    items: list[Item] = field(default_factory=list)


def extension(content_type: str) -> str:
    return _EXTENSIONS.get(content_type) or mimetypes.guess_extension(content_type.split(";")[0].strip()) or ".bin"


def items_for(org: Organization, incidents: Iterable[Incident]) -> list[Item]:
    """The evidence and stored report media of these incidents, oldest first. Two queries."""
    numbers = {i.pk: i.seq for i in incidents}
    ids = list(numbers)
    items: list[Item] = []
    for ev in (Evidence.objects.filter(organization=org, incident_id__in=ids)
               .select_related("offer").order_by("incident_id", "created_at", "pk")):
        ext = ".txt" if ev.kind == EvidenceKind.NOTE else extension(ev.content_type)
        number = numbers[ev.incident_id]
        items.append(Item(
            source=EVIDENCE, pk=ev.pk, incident_id=ev.incident_id, incident_number=number,
            path=f"incident-{number}/evidence-{ev.pk}-{ev.kind}{ext}", sha256=ev.sha256, size=ev.size,
            content_type=ev.content_type, kind=ev.kind, recorded_at=ev.created_at, stored_name=ev.stored_name,
            note_evidence=ev if ev.kind == EvidenceKind.NOTE else None, responder_id=ev.offer.responder_id,
        ))
    for media in (ReportMedia.objects.filter(organization=org, report__incident_id__in=ids,
                                             status=ReportMedia.STORED)
                  .select_related("report").order_by("report__incident_id", "created_at", "pk")):
        incident_id = media.report.incident_id
        assert incident_id is not None
        number = numbers[incident_id]
        report = media.report.number or media.report_id  # a report stored by intake always has its number
        items.append(Item(
            source=MEDIA, pk=media.pk, incident_id=incident_id, incident_number=number,
            path=f"incident-{number}/report-{report}-media-{media.pk}{extension(media.content_type)}",
            sha256=media.sha256, size=media.size, content_type=media.content_type,
            kind=media.content_type.split("/")[0] or "file", recorded_at=media.created_at,
            stored_name=media.stored_name,
        ))
    return items


def incident_subject(org: Organization, incident: Incident) -> Subject:
    return Subject(organization=org, incidents=[incident], items=items_for(org, [incident]))


def case_subject(org: Organization, case: Case) -> Subject:
    ids = list(PersonIncident.objects.filter(person__organization=org, person_id=case.person_id)
               .values_list("incident_id", flat=True))
    incidents = list(Incident.objects.filter(organization=org, pk__in=ids).order_by("first_report_at", "pk"))
    return Subject(organization=org, incidents=incidents, case=case,
                   items=items_for(org, incidents))


def _letters(n: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: spreadsheet column names."""
    out = ""
    n += 1
    while n:
        n, rem = divmod(n - 1, 26)
        out = string.ascii_uppercase[rem] + out
    return out


class Pseudonyms:
    """Responders are "Observer A", "Observer B"… in the order they were first offered the
    incident; other members are "Staff 1", "Staff 2"… in the order they first appear.
    A dossier names nobody: the organization can map a pseudonym back if a court asks."""

    def __init__(self, org: Organization, incident_ids: list[int]) -> None:
        self._responders: dict[int, str] = {}
        self._users: dict[int, str] = {}
        self._staff = 0
        rows = (Offer.objects.filter(organization=org, incident_id__in=incident_ids)
                .order_by("offered_at", "pk").values_list("responder_id", "responder__user_id"))
        for responder_id, user_id in rows:
            if responder_id not in self._responders:
                self._responders[responder_id] = f"Observer {_letters(len(self._responders))}"
            if user_id is not None:
                self._users.setdefault(user_id, self._responders[responder_id])

    def responder(self, responder_id: int | None) -> str:
        if responder_id is None:
            return ""
        if responder_id not in self._responders:
            self._responders[responder_id] = f"Observer {_letters(len(self._responders))}"
        return self._responders[responder_id]

    def user(self, user_id: int | None) -> str:
        if user_id is None:
            return ""
        if user_id not in self._users:
            self._staff += 1
            self._users[user_id] = f"Staff {self._staff}"
        return self._users[user_id]

    def label(self, actor_id: int | None, actor_label: str) -> str:
        """An event's or audit entry's actor: a user, "responder 12", or a job's name."""
        if actor_id is not None:
            return self.user(actor_id)
        words = actor_label.split()
        responder_id = ascii_int(words[1]) if len(words) == 2 and words[0] == "responder" else None
        if responder_id is not None:
            return self.responder(responder_id)
        return actor_label

