import django.db.models.deletion
from django.db import migrations, models


def to_the_handling_scheme(apps, schema_editor):
    """A complaint filed before its organisation was stored went to the handling organisation's scheme
    and was handled by its complaints officer (the scheme text it stored is that organisation's): it
    stays there. Only complaints filed from now on go to the giver's organisation's scheme (R28)."""
    Complaint = apps.get_model("aftercare", "Complaint")
    for complaint in Complaint.objects.select_related("case"):
        complaint.organisation_id = complaint.case.organisation_id
        complaint.save(update_fields=["organisation"])


class Migration(migrations.Migration):
    dependencies = [
        ("aftercare", "0002_wkkgz_complaints_and_outcomes"),
        ("directory", "0008_organisation_contact"),
    ]

    operations = [
        migrations.AddField(
            model_name="complaint",
            name="organisation",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="directory.organisation",
            ),
        ),
        migrations.RunPython(to_the_handling_scheme, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="complaint",
            name="organisation",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="directory.organisation"
            ),
        ),
    ]
