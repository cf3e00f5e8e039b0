# OrgKey moves from orgs to crypto, which uses it. State only: the table
# orgs_orgkey and its wrapped keys stay as they are.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('orgs', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='OrgKey',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('purpose', models.CharField(choices=[('data', 'data'), ('hash', 'hash')], max_length=8)),
                        ('wrapped', models.TextField()),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('organization', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='keys', to='orgs.organization')),
                    ],
                    options={'db_table': 'orgs_orgkey'},
                ),
            ],
            database_operations=[],
        ),
    ]
