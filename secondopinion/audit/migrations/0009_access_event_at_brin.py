# Every event is written once and its row is never moved far from the time it happened: the B-tree
# over `at` grew with the whole log and cost every write an index entry. On PostgreSQL a BRIN index
# over `at` replaces it (block ranges: a few pages for millions of events, and still finds a period);
# elsewhere a plain index of a new name. The single-column patient index goes too: the
# patient-and-time index (0008) begins with the patient. On PostgreSQL indexes are built and dropped
# CONCURRENTLY, so a large log keeps taking events meanwhile (hence a non-atomic migration).

import django.utils.timezone
from django.db import migrations, models

BRIN = "CREATE INDEX CONCURRENTLY IF NOT EXISTS access_event_at_brin ON audit_accessevent USING brin (at)"
PLAIN = "CREATE INDEX IF NOT EXISTS access_event_at ON audit_accessevent (at)"


def _single_column_indexes(schema_editor, column: str) -> list[str]:
    """The names of the non-unique indexes over exactly `column` (Django's generated names)."""
    with schema_editor.connection.cursor() as cursor:
        constraints = schema_editor.connection.introspection.get_constraints(cursor, "audit_accessevent")
    return [
        name
        for name, spec in constraints.items()
        if spec["index"] and not spec["unique"] and not spec["primary_key"] and spec["columns"] == [column]
    ]


def forwards(apps, schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    old = _single_column_indexes(schema_editor, "at") + _single_column_indexes(schema_editor, "patient_id")
    schema_editor.execute(BRIN if postgres else PLAIN)
    for name in old:
        if name in ("access_event_at", "access_event_at_brin"):
            continue
        quoted = schema_editor.quote_name(name)
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {quoted}" if postgres else f"DROP INDEX IF EXISTS {quoted}")


def backwards(apps, schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    concurrently = "CONCURRENTLY " if postgres else ""
    schema_editor.execute(
        f"CREATE INDEX {concurrently}IF NOT EXISTS audit_accessevent_at_2cb776fd ON audit_accessevent (at)"
    )
    schema_editor.execute(
        f"CREATE INDEX {concurrently}IF NOT EXISTS audit_accessevent_patient_id_ec566345 "
        "ON audit_accessevent (patient_id)"
    )
    name = "access_event_at_brin" if postgres else "access_event_at"
    schema_editor.execute(f"DROP INDEX {concurrently}IF EXISTS {name}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("audit", "0008_access_event_patient_at"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="accessevent",
                    name="at",
                    field=models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                migrations.AlterField(
                    model_name="accessevent",
                    name="patient",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=models.deletion.PROTECT,
                        related_name="access_events",
                        to="directory.patient",
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(forwards, backwards, elidable=False)],
        ),
    ]
