"""EntryDeadline and LockException move here from plans: the state only, the tables stay.

The tables keep their names (plans_entrydeadline, plans_lockexception), so an existing database
keeps its rows untouched; plans/0003 drops the models from the plans app's state. The content
types move with the models, so permissions granted on them are kept.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = ("entrydeadline", "lockexception")


def move_content_types(apps, schema_editor, source="plans", target="progress"):
    content_types = apps.get_model("contenttypes", "ContentType").objects.using(schema_editor.connection.alias)
    for model in MOVED:
        if not content_types.filter(app_label=target, model=model).exists():
            content_types.filter(app_label=source, model=model).update(app_label=target)


def restore_content_types(apps, schema_editor):
    move_content_types(apps, schema_editor, source="progress", target="plans")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("plans", "0002_deadlines_lock_exceptions_source_checksum"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="LockException",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("year", models.PositiveSmallIntegerField(verbose_name="year")),
                        ("expires_at", models.DateTimeField(verbose_name="expires at")),
                        ("reason", models.TextField(blank=True, verbose_name="reason")),
                        ("granted_at", models.DateTimeField(auto_now_add=True, verbose_name="granted at")),
                        (
                            "granted_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="granted by",
                            ),
                        ),
                        (
                            "plan",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="lock_exceptions",
                                to="plans.plan",
                                verbose_name="plan",
                            ),
                        ),
                        (
                            "unit",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="lock_exceptions",
                                to="plans.unit",
                                verbose_name="unit",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "lock exception",
                        "verbose_name_plural": "lock exceptions",
                        "db_table": "plans_lockexception",
                        "ordering": ["plan", "year", "unit"],
                    },
                ),
                migrations.CreateModel(
                    name="EntryDeadline",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("year", models.PositiveSmallIntegerField(verbose_name="year")),
                        ("deadline", models.DateTimeField(verbose_name="deadline")),
                        (
                            "plan",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="deadlines",
                                to="plans.plan",
                                verbose_name="plan",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "entry deadline",
                        "verbose_name_plural": "entry deadlines",
                        "db_table": "plans_entrydeadline",
                        "ordering": ["plan", "year"],
                        "constraints": [
                            models.UniqueConstraint(fields=("plan", "year"), name="deadline_unique_per_plan_year")
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, restore_content_types),
    ]
