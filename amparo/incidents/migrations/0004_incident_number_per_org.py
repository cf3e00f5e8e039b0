"""Incidents get a number per organization ("#7"), like reports' "R-27": existing incidents are
numbered in each organization by creation (id order), from 1."""

from django.db import migrations, models


def number_incidents(apps, schema_editor):
    Incident = apps.get_model("incidents", "Incident")
    org_ids = Incident.objects.filter(number=None).values_list("organization_id", flat=True).distinct()
    for org_id in org_ids:
        rows = Incident.objects.filter(organization_id=org_id)
        last = rows.exclude(number=None).order_by("-number").values_list("number", flat=True).first() or 0
        for pk in rows.filter(number=None).order_by("id").values_list("id", flat=True).iterator():
            last += 1
            Incident.objects.filter(pk=pk).update(number=last)


class Migration(migrations.Migration):

    dependencies = [
        ('incidents', '0003_incident_changes_marker_for_live_pages'),
        ('orgs', '0002_orgkey_to_crypto'),
    ]

    operations = [
        migrations.AddField(
            model_name='incident',
            name='number',
            field=models.PositiveIntegerField(blank=True, null=True),
        ),
        migrations.RunPython(number_incidents, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='incident',
            constraint=models.UniqueConstraint(fields=('organization', 'number'), name='incident_number_unique'),
        ),
    ]
