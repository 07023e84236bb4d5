# seq becomes required and unique; then the database itself refuses UPDATE and DELETE on the
# access log, and any move backwards of its head (secondopinion/audit/triggers.py, per vendor).

from django.db import migrations, models

from secondopinion.audit.triggers import install_append_only, remove_append_only


def install(apps, schema_editor):
    install_append_only(schema_editor.connection)


def remove(apps, schema_editor):
    remove_append_only(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0003_chain_existing_events'),
    ]

    operations = [
        migrations.AlterField(
            model_name='accessevent',
            name='seq',
            field=models.BigIntegerField(editable=False, help_text='Place in the hash chain: 1, 2, 3, …', unique=True),
        ),
        migrations.RunPython(install, remove, elidable=False),
    ]
