"""Certifications begin: every organization gets the default kinds, and today's
dispatchable responders (active and field-eligible) keep being dispatchable, with
an "Observer training" certification dated today for the kind's period (12 months).
The same rule as ``volunteers.certifications.ensure_default_kinds``, written
again here because a migration never imports app code."""

import calendar

from django.db import migrations
from django.utils import timezone

DEFAULT_KINDS = (
    ("observer", "Observer training", 12, True, []),
    ("dispatcher", "Dispatcher training", 12, False, ["dispatcher"]),
    ("kyr_facilitator", "Know your rights facilitator", 24, False, []),
)
KEPT_NOTE = "kept dispatchable when certifications began"


def add_months(moment, months):
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    return moment.replace(year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1]))


def keep_dispatchable(apps, schema_editor):
    Organization = apps.get_model("orgs", "Organization")
    Responder = apps.get_model("verification", "Responder")
    Kind = apps.get_model("volunteers", "CertificationKind")
    Certification = apps.get_model("volunteers", "Certification")
    now = timezone.now()
    for org in Organization.objects.all().iterator():
        if Kind.objects.filter(organization_id=org.pk).exists():
            continue
        created = [Kind.objects.create(organization_id=org.pk, code=code, name=name, validity_months=months,
                                       field=field, required_for_roles=roles)
                   for code, name, months, field, roles in DEFAULT_KINDS]
        observer = created[0]
        Certification.objects.bulk_create([
            Certification(organization_id=org.pk, kind=observer, responder_id=rid, user_id=uid, granted_at=now,
                          expires_at=add_months(now, observer.validity_months), note=KEPT_NOTE)
            for rid, uid in Responder.objects.filter(organization_id=org.pk, is_active=True, field_eligible=True)
            .values_list("pk", "user_id")])


class Migration(migrations.Migration):
    dependencies = [
        ("volunteers", "0001_volunteers"),
    ]

    operations = [migrations.RunPython(keep_dispatchable, migrations.RunPython.noop)]
