# The access log gets a pending lane (audit/sequencer.py): access_record inserts an event in chain 0
# with no seq and no hash, and the sequencer chains it later. seq may be empty while an event is
# pending; a check says an event is either pending (chain 0, no seq) or chained (chain > 0, a seq),
# and a partial index holds the sequencer's queue. The events already logged are all chained and
# stay as they are. The triggers are lifted for the schema change (SQLite rebuilds the table, which
# drops them) and installed again at the end, now letting through the sequencer's one UPDATE.

from django.db import migrations, models

from secondopinion.audit.triggers import install_append_only, remove_append_only


def lift(apps, schema_editor):
    remove_append_only(schema_editor.connection)


def install(apps, schema_editor):
    install_append_only(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0006_chains_and_checkpoints"),
    ]

    operations = [
        migrations.RunPython(lift, install, elidable=False),
        migrations.AlterField(
            model_name="accessevent",
            name="chain",
            field=models.PositiveSmallIntegerField(
                editable=False, help_text="Which hash chain: 1, 2, …; 0 while pending (not yet chained)."
            ),
        ),
        migrations.AlterField(
            model_name="accessevent",
            name="seq",
            field=models.BigIntegerField(
                editable=False, help_text="Place in its hash chain: 1, 2, 3, …; empty while pending.", null=True
            ),
        ),
        migrations.AddIndex(
            model_name="accessevent",
            index=models.Index(condition=models.Q(("chain", 0)), fields=["id"], name="access_event_pending"),
        ),
        migrations.AddConstraint(
            model_name="accessevent",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("chain", 0), ("seq__isnull", True)),
                    models.Q(("chain__gt", 0), ("seq__isnull", False)),
                    _connector="OR",
                ),
                name="access_event_pending_or_chained",
            ),
        ),
        migrations.RunPython(install, lift, elidable=False),
    ]
