# The access log becomes several hash chains plus sealed checkpoints (audit/chain.py).
#
# The events logged so far were one chain, hashed in canonical version 1: they all become chain 1,
# v 1, with their seqs and hashes as they were, and the single head row (id 1) stays the head of
# chain 1. No event row is updated: on PostgreSQL ADD COLUMN ... DEFAULT fills existing rows
# without firing row triggers, and on SQLite Django rebuilds the table by copying its rows (INSERT,
# not UPDATE). The triggers are lifted for the schema changes only and installed again at the end,
# now on the checkpoints table too (a rebuilt SQLite table has lost its triggers anyway).

from django.db import migrations, models

from secondopinion.audit.triggers import install_append_only, remove_append_only


def lift(apps, schema_editor):
    remove_append_only(schema_editor.connection)


def install(apps, schema_editor):
    install_append_only(schema_editor.connection)


def create_heads(apps, schema_editor):
    """A head for every chain (access_record would create them on first use anyway)."""
    from secondopinion.audit.chain import GENESIS
    from secondopinion.audit.models import chain_count

    AuditChainHead = apps.get_model("audit", "AuditChainHead")
    AuditChainHead.objects.bulk_create(
        [AuditChainHead(id=chain, seq=0, hash=GENESIS) for chain in range(1, chain_count() + 1)],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0005_securityevent"),
    ]

    operations = [
        migrations.RunPython(lift, install, elidable=False),
        migrations.AddField(
            model_name="accessevent",
            name="chain",
            field=models.PositiveSmallIntegerField(
                default=1, editable=False, help_text="Which hash chain: 1, 2, …"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="accessevent",
            name="v",
            field=models.PositiveSmallIntegerField(
                default=1, editable=False, help_text="Version of the hashed canonical form."
            ),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="accessevent",
            name="seq",
            field=models.BigIntegerField(editable=False, help_text="Place in its hash chain: 1, 2, 3, …"),
        ),
        migrations.AddConstraint(
            model_name="accessevent",
            constraint=models.UniqueConstraint(fields=("chain", "seq"), name="access_event_chain_seq"),
        ),
        migrations.RemoveConstraint(
            model_name="auditchainhead",
            name="audit_chain_head_single_row",
        ),
        migrations.AlterField(
            model_name="auditchainhead",
            name="id",
            field=models.PositiveSmallIntegerField(editable=False, primary_key=True, serialize=False),
        ),
        migrations.AddConstraint(
            model_name="auditchainhead",
            constraint=models.CheckConstraint(
                condition=models.Q(("id__gte", 1)), name="audit_chain_head_id_positive"
            ),
        ),
        migrations.CreateModel(
            name="AuditCheckpoint",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("seq", models.BigIntegerField(editable=False, unique=True)),
                ("at", models.DateTimeField(editable=False)),
                (
                    "heads",
                    models.TextField(
                        editable=False, help_text="chain:seq:hash of every head, comma-separated"
                    ),
                ),
                ("prev_hash", models.CharField(editable=False, max_length=64)),
                ("hash", models.CharField(editable=False, max_length=64)),
            ],
            options={
                "ordering": ["seq"],
            },
        ),
        migrations.RunPython(create_heads, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(install, lift, elidable=False),
    ]
