# The access log names the actor, the patient and the case by id without foreign-key constraints in the
# database (audit/models.py says why). On PostgreSQL the three constraints are dropped, which changes no
# row, index or trigger. SQLite checks a foreign key without locking the row it names, and dropping one
# there means rebuilding the log's table: its constraints stay, and only the state changes.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

COLUMNS = {
    "actor_id": "accounts_user",
    "patient_id": "directory_patient",
    "case_id": "cases_secondopinioncase",
}


def _foreign_keys(schema_editor) -> dict[str, str]:
    """The foreign-key constraints of the log's columns in COLUMNS: {column: constraint name}."""
    with schema_editor.connection.cursor() as cursor:
        found = schema_editor.connection.introspection.get_constraints(cursor, "audit_accessevent")
    return {
        spec["columns"][0]: name
        for name, spec in found.items()
        if spec["foreign_key"] and spec["columns"] and spec["columns"][0] in COLUMNS
    }


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in _foreign_keys(schema_editor).values():
        schema_editor.execute(
            f"ALTER TABLE audit_accessevent DROP CONSTRAINT {schema_editor.quote_name(name)}"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    present = _foreign_keys(schema_editor)
    for column, table in COLUMNS.items():
        if column in present:
            continue
        schema_editor.execute(
            f"ALTER TABLE audit_accessevent ADD CONSTRAINT audit_accessevent_{column}_fk "
            f"FOREIGN KEY ({column}) REFERENCES {table} (id) DEFERRABLE INITIALLY DEFERRED"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0009_access_event_at_brin"),
        ("cases", "0012_case_repeats"),
        ("directory", "0011_verbose_names"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="accessevent",
                    name="actor",
                    field=models.ForeignKey(
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                migrations.AlterField(
                    model_name="accessevent",
                    name="case",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="cases.secondopinioncase",
                    ),
                ),
                migrations.AlterField(
                    model_name="accessevent",
                    name="patient",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="access_events",
                        to="directory.patient",
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(forwards, backwards, elidable=False)],
        ),
    ]
