"""EntryDeadline and LockException now belong to progress (progress/0001): the state only.

Their tables are not dropped: progress's models use them under the same names.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0002_deadlines_lock_exceptions_source_checksum"),
        ("progress", "0001_initial"),
        ("reports", "0003_reminder_deadline_from_progress"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="LockException"),
                migrations.DeleteModel(name="EntryDeadline"),
            ],
            database_operations=[],
        ),
    ]
