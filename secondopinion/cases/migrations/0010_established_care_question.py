# The giver's restatement of the care question (R15) is kept beside the patient's own question, which no
# longer changes. Existing cases get an empty restatement: where the giver established the question
# before, `care_question` already holds the giver's words (the patient's were overwritten and are not
# kept anywhere else), and the pages keep showing it as the established question, as they did.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0009_statuschange_internal_note"),
    ]

    operations = [
        migrations.AddField(
            model_name="secondopinioncase",
            name="established_care_question",
            field=models.TextField(
                blank=True, help_text="R15: the care question as the giver establishes it with the patient."
            ),
        ),
    ]
