"""The read-out API, /api/v1/. Every route is scoped to the token's organization."""

from __future__ import annotations

import math
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from ninja import Field, NinjaAPI, Path, Query, Schema, Swagger
from ninja.errors import HttpError

from amparo.api.auth import ApiTokenAuth
from amparo.api.models import ApiToken
from amparo.api.schemas import IncidentOut, IncidentPage, incident_payload, incidents_with_reports
from amparo.audit.log import audit
from amparo.incidents.models import Kind, Status
from amparo.security.flood import Flooded, refuse_json

MAX_ID = 2**63 - 1  # larger ids would overflow the database's integer, not merely miss

api = NinjaAPI(
    title="Amparo API",
    version="1",
    description="Read-out of an organization's incidents and the reports behind them.",
    urls_namespace="api-v1",
    auth=ApiTokenAuth(),
    docs_url="/docs",
    # Assets come from ninja's own static files (ninja is in INSTALLED_APPS), never a CDN;
    # no validatorUrl, or Swagger UI would send our schema to validator.swagger.io.
    docs=Swagger(settings={"validatorUrl": None}),
    openapi_url="/openapi.json",
)


@api.exception_handler(Flooded)
def flooded(request: HttpRequest, exc: Flooded) -> HttpResponse:
    return refuse_json(exc.org, exc.refusal)


class IncidentFilters(Schema):
    status: Status | None = None
    kind: Kind | None = None
    page: int = Field(1, ge=1, le=1_000_000)
    limit: int = Field(settings.NINJA_PAGINATION_PER_PAGE, ge=1, le=200)


def _audit_reads(token: ApiToken, payloads: list[dict[str, Any]]) -> None:
    ids = [r["id"] for p in payloads for r in p["reports"]]
    if ids:
        audit(token.organization_id, action="read", object_type="report", object_ids=ids,
              actor=token.user, actor_label="api")


@api.get("/incidents", response=IncidentPage, summary="Incidents, newest activity first")
def list_incidents(request: HttpRequest, filters: Query[IncidentFilters]) -> dict[str, Any]:
    token: ApiToken = request.auth  # type: ignore[attr-defined]  # set by ninja's auth class (amparo/api/auth.py)
    qs = incidents_with_reports(token.organization).filter(merged_into__isnull=True)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    count = qs.count()
    start = (filters.page - 1) * filters.limit
    page = qs.order_by("-last_report_at", "-id")[start : start + filters.limit]
    items = [incident_payload(i) for i in page]
    _audit_reads(token, items)
    return {"count": count, "page": filters.page, "pages": math.ceil(count / filters.limit), "items": items}


@api.get("/incidents/{incident_id}", response=IncidentOut, summary="One incident and its reports")
def get_incident(request: HttpRequest, incident_id: int = Path(..., ge=1, le=MAX_ID)) -> dict[str, Any]:
    token: ApiToken = request.auth  # type: ignore[attr-defined]  # set by ninja's auth class (amparo/api/auth.py)
    incident = incidents_with_reports(token.organization).filter(pk=incident_id).first()
    if incident is None:
        raise HttpError(404, "Not found")
    payload = incident_payload(incident)
    _audit_reads(token, [payload])
    return payload
