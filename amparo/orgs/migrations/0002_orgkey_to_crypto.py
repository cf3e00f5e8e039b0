# orgs no longer owns OrgKey (now crypto.OrgKey, same table).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('orgs', '0001_initial'),
        ('crypto', '0001_orgkey_from_orgs'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='OrgKey')],
            database_operations=[],
        ),
    ]
