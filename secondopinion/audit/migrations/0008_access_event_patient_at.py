# "Who looked at my file" reads a patient's events newest first, a page at a time: with 20,000,000
# events the plain patient index left PostgreSQL walking the time index backwards through most of
# the log (bench/scale_data.py). On PostgreSQL the index is built CONCURRENTLY, so a large log keeps
# taking events while it is built (hence a non-atomic migration); elsewhere as usual.

from django.db import migrations, models

INDEX = models.Index(fields=["patient", "-at", "-id"], name="access_event_patient_at")


def create(apps, schema_editor):
    model = apps.get_model("audit", "AccessEvent")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS access_event_patient_at "
            "ON audit_accessevent (patient_id, at DESC, id DESC)"
        )
    else:
        schema_editor.add_index(model, INDEX)


def drop(apps, schema_editor):
    model = apps.get_model("audit", "AccessEvent")
    schema_editor.remove_index(model, INDEX)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("audit", "0007_pending_lane"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddIndex(model_name="accessevent", index=INDEX)],
            database_operations=[migrations.RunPython(create, drop, elidable=False)],
        ),
    ]
