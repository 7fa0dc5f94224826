"""The reminder's deadline is now progress.EntryDeadline: the same table, so the state only."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("progress", "0001_initial"),
        ("reports", "0002_default_schedules"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="reminderlog",
                    name="deadline",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="progress.entrydeadline",
                        verbose_name="entry deadline",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
