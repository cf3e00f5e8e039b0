"""Give every report stored before per-organization references its number: in each
organization, by arrival (received_at, then id), from 1."""

from django.db import migrations


def number_reports(apps, schema_editor):
    Report = apps.get_model("reports", "Report")
    org_ids = Report.objects.filter(number=None).values_list("organization_id", flat=True).distinct()
    for org_id in org_ids:
        rows = Report.objects.filter(organization_id=org_id).order_by("received_at", "id")
        last = rows.exclude(number=None).order_by("-number").values_list("number", flat=True).first() or 0
        for pk in rows.filter(number=None).values_list("id", flat=True).iterator():
            last += 1
            Report.objects.filter(pk=pk).update(number=last)


class Migration(migrations.Migration):
    dependencies = [("reports", "0004_report_number_per_org")]
    operations = [migrations.RunPython(number_reports, migrations.RunPython.noop)]
