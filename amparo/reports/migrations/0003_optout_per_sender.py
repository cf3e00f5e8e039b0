from django.db import migrations, models


class Migration(migrations.Migration):
    """Opt-outs are kept per sender (hotline, alerts). Every existing row was a STOP
    to a hotline number, so it becomes a hotline opt-out; the field keeps no
    default afterwards, so new code must say which sender it means."""

    dependencies = [
        ("reports", "0002_add_responder_reply_route"),
    ]

    operations = [
        migrations.AddField(
            model_name="optout",
            name="sender",
            field=models.CharField(choices=[("hotline", "Hotline"), ("alerts", "Alerts")], default="hotline",
                                   max_length=8),
            preserve_default=False,
        ),
        migrations.RemoveConstraint(
            model_name="optout",
            name="optout_unique",
        ),
        migrations.AddConstraint(
            model_name="optout",
            constraint=models.UniqueConstraint(fields=("organization", "sender", "caller_hash"),
                                               name="optout_per_sender_unique"),
        ),
    ]
