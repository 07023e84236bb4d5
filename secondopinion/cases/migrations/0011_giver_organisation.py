# R28: a complaint goes to the complaint scheme of the organisation the giver gave the second opinion
# for. The case keeps that organisation from the giver's assignment on, so a directory import that moves
# the giver later does not send a complaint to an organisation that had nothing to do with the case.
# Existing cases take the giver's organisation as the directory has it now (nothing older is kept).

import django.db.models.deletion
from django.db import migrations, models


def from_the_directory(apps, schema_editor):
    Case = apps.get_model("cases", "SecondOpinionCase")
    for case in Case.objects.filter(giver__isnull=False).select_related("giver").only("pk", "giver"):
        Case.objects.filter(pk=case.pk).update(giver_organisation_id=case.giver.organisation_id)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0010_established_care_question"),
    ]

    operations = [
        migrations.AddField(
            model_name="secondopinioncase",
            name="giver_organisation",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="directory.organisation",
            ),
        ),
        migrations.RunPython(from_the_directory, migrations.RunPython.noop),
    ]
