# The console no longer owns IncidentNote (now incidents.IncidentNote, same table).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('console', '0001_incident_notes'),
        ('incidents', '0002_incidentnote_from_console'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='IncidentNote')],
            database_operations=[],
        ),
    ]
