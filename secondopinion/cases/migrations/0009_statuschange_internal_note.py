# A step may now carry an internal note beside its note. The notes written before stay what they were
# written as, notes everyone who reads the case reads (the patient's side too): every existing step
# gets an empty internal note, and no note moves.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0008_patient_newest_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="statuschange",
            name="internal_note",
            field=models.TextField(
                blank=True,
                help_text="The practice's own remark on the step; never shown to the patient's side "
                "(access/permissions.py READ_INTERNAL_NOTES).",
            ),
        ),
    ]
