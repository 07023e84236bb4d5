# The new index first, so that a patient's cases are never without one while the old goes.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0007_worklist_order_index"),
        ("directory", "0008_organisation_contact"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="secondopinioncase",
            index=models.Index(fields=["patient", "-created_at", "-id"], name="case_patient_newest"),
        ),
        migrations.AlterField(
            model_name="secondopinioncase",
            name="patient",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="cases",
                to="directory.patient",
            ),
        ),
    ]
