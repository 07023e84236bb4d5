# The hash chain's fields and its head. seq starts nullable; 0003 fills it for events already
# logged, 0004 makes it required and unique and installs the append-only triggers. Three
# migrations, so PostgreSQL never alters a table with row changes pending in the same transaction.

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='accessevent',
            name='at',
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False),
        ),
        migrations.AddField(
            model_name='accessevent',
            name='seq',
            field=models.BigIntegerField(editable=False, help_text='Place in the hash chain: 1, 2, 3, …', null=True),
        ),
        migrations.AddField(
            model_name='accessevent',
            name='prev_hash',
            field=models.CharField(default='', editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='accessevent',
            name='hash',
            field=models.CharField(default='', editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.CreateModel(
            name='AuditChainHead',
            fields=[
                ('id', models.PositiveSmallIntegerField(default=1, editable=False, primary_key=True, serialize=False)),
                ('seq', models.BigIntegerField(default=0)),
                ('hash', models.CharField(default='0000000000000000000000000000000000000000000000000000000000000000', max_length=64)),
            ],
            options={
                'constraints': [models.CheckConstraint(condition=models.Q(('id', 1)), name='audit_chain_head_single_row')],
            },
        ),
    ]
