import django.db.models.deletion
from django.db import migrations, models


def to_the_givers_scheme(apps, schema_editor):
    """R28: a complaint filed before its organisation was stored went to the giver's organisation's
    scheme, or, without a giver, to the handling organisation's."""
    Complaint = apps.get_model("aftercare", "Complaint")
    for complaint in Complaint.objects.select_related("case__giver"):
        case = complaint.case
        complaint.organisation_id = case.giver.organisation_id if case.giver_id else case.organisation_id
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
        migrations.RunPython(to_the_givers_scheme, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="complaint",
            name="organisation",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="directory.organisation"
            ),
        ),
    ]
