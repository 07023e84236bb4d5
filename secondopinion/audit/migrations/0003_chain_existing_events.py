# Chain the events logged before the hash chain existed, in the order they were written
# (at, id), with the same hash function access_record uses, and set the head.

from django.db import migrations

from secondopinion.audit.chain import GENESIS
from secondopinion.audit.chain import LEGACY_HASHED_FIELDS as HASHED_FIELDS
from secondopinion.audit.chain import legacy_event_hash as event_hash


def chain_existing_events(apps, schema_editor):
    AccessEvent = apps.get_model('audit', 'AccessEvent')
    AuditChainHead = apps.get_model('audit', 'AuditChainHead')
    prev_hash, seq = GENESIS, 0
    for event in AccessEvent.objects.order_by('at', 'id').iterator(chunk_size=2000):
        seq += 1
        event.seq = seq
        fields = {name: getattr(event, name) for name in HASHED_FIELDS}
        event.prev_hash = prev_hash
        event.hash = event_hash(fields, prev_hash)
        event.save(update_fields=['seq', 'prev_hash', 'hash'])
        prev_hash = event.hash
    AuditChainHead.objects.update_or_create(pk=1, defaults={'seq': seq, 'hash': prev_hash})


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0002_hash_chain_fields'),
    ]

    operations = [
        migrations.RunPython(chain_existing_events, migrations.RunPython.noop, elidable=False),
    ]
