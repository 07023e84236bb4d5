"""The hash chain catches any edit, deletion, reordering or truncation of access-log rows."""

import datetime as dt
import hashlib
import json

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from secondopinion.audit.chain import GENESIS, HASHED_FIELDS, canonical, event_hash, verify_chain
from secondopinion.audit.kinds import known_names
from secondopinion.audit.models import HEAD_ID, AccessEvent, AuditChainHead
from secondopinion.audit.services import access_record
from tests.audit.tampering import triggers_lifted
from tests.factories import PatientFactory, UserFactory

ACTIONS = list(AccessEvent.Action.values)
SOURCES = list(AccessEvent.Source.values)
ROLES = ["patient", "representative", "referrer", "treating", "giver", "coordinator", "user"]
# PostgreSQL stores no NUL, and lone surrogates are not text.
words = st.text(
    alphabet=st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), min_size=1, max_size=16
).filter(str.strip)

event_values = st.fixed_dictionaries(
    {
        "action": st.sampled_from(ACTIONS),
        "data": st.sampled_from(known_names()),  # access_record refuses a name that is no DataKind
        "source": st.sampled_from(SOURCES),
        "role": st.sampled_from(ROLES),
        "basis": st.sampled_from(ROLES) | st.just("consent"),
        "on_behalf_of": st.just("") | words,
        "emergency": st.booleans(),
        "with_actor": st.booleans(),
    }
)
# Every hashed field but seq (moving seqs is the reordering below) and case_id, plus both hashes.
EDITABLE = ["actor_id", "actor_name", "role", "on_behalf_of", "patient_id", "data", "action", "source"]
EDITABLE += ["basis", "emergency", "at", "prev_hash", "hash"]


def write_chain(values: list[dict]) -> list[AccessEvent]:
    actor = UserFactory()
    events = []
    for v in values:
        kwargs = {k: v[k] for k in v if k != "with_actor"}
        events.append(access_record(actor=actor if v["with_actor"] else None, **kwargs))
    return events


def stored(event: AccessEvent) -> dict:
    return AccessEvent.objects.values(*HASHED_FIELDS, "prev_hash", "hash").get(pk=event.pk)


def edited_value(field: str, old, draw):
    """A value for `field` that differs from `old` and that the database accepts."""
    if field == "actor_id":
        return None if old is not None else UserFactory().pk
    if field == "patient_id":
        return None if old is not None else PatientFactory().pk
    if field == "action":
        return draw(st.sampled_from([a for a in ACTIONS if a != old]))
    if field == "source":
        return draw(st.sampled_from([s for s in SOURCES if s != old]))
    if field == "emergency":
        return not old
    if field == "at":
        return old + dt.timedelta(microseconds=draw(st.integers(1, 10**9)) * draw(st.sampled_from([-1, 1])))
    if field in ("prev_hash", "hash"):
        return draw(st.text(alphabet="0123456789abcdef", min_size=64, max_size=64).filter(lambda h: h != old))
    return draw(words.filter(lambda w: w != old))


def _move_seq(event_id: int, seq: int) -> None:
    AccessEvent.objects.filter(pk=event_id).update(seq=seq)


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values=st.lists(event_values, min_size=0, max_size=10))
def test_an_untouched_chain_verifies(values):
    with transaction.atomic():
        events = write_chain(values)

        result = verify_chain(chunk_size=3)

        assert result.ok, result
        assert result.events == len(values)
        assert result.head_seq == len(values)
        assert result.head_hash == (events[-1].hash if events else GENESIS)
        assert str(result) == f"OK: {len(values)} events, head {result.head_hash}"
        transaction.set_rollback(True)


@pytest.mark.django_db
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values=st.lists(event_values, min_size=2, max_size=10), data=st.data())
def test_any_edit_deletion_reordering_or_truncation_is_caught_at_the_first_broken_link(values, data):
    with transaction.atomic():
        events = write_chain(values)
        n = len(events)
        tampering = data.draw(st.sampled_from(["edit", "delete", "swap", "truncate"]), label="tampering")

        with triggers_lifted():
            if tampering == "edit":
                victim = events[data.draw(st.integers(0, n - 1), label="row")]
                field = data.draw(st.sampled_from(EDITABLE), label="field")
                new = edited_value(field, stored(victim)[field], data.draw)
                AccessEvent.objects.filter(pk=victim.pk).update(**{field: new})
                expected_seq, expected_id = victim.seq, victim.pk
            elif tampering == "delete":
                victim = events[data.draw(st.integers(0, n - 1), label="row")]
                AccessEvent.objects.filter(pk=victim.pk).delete()
                # The gap shows at the next event; a deleted last event shows against the head.
                expected_seq = victim.seq + 1 if victim.seq < n else victim.seq
                expected_id = events[victim.seq].pk if victim.seq < n else None
            elif tampering == "swap":
                i, j = sorted(data.draw(st.lists(st.integers(0, n - 1), min_size=2, max_size=2, unique=True)))
                a, b = events[i], events[j]
                _move_seq(a.pk, -1)
                _move_seq(b.pk, a.seq)
                _move_seq(a.pk, b.seq)
                expected_seq, expected_id = a.seq, b.pk
            else:
                keep = data.draw(st.integers(0, n - 1), label="kept")
                AccessEvent.objects.filter(seq__gt=keep).delete()
                expected_seq, expected_id = keep + 1, None

        result = verify_chain(chunk_size=data.draw(st.integers(1, 4), label="chunk"))

        assert not result.ok, f"{tampering} went unnoticed"
        assert (result.broken_seq, result.broken_id) == (expected_seq, expected_id), result
        assert result.problem
        assert str(result).startswith(f"BROKEN at seq {expected_seq}")
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_the_hash_is_sha256_over_the_documented_canonical_json():
    event = access_record(
        actor=None, action="read", data="case", source="api", role="giver", basis="giver", on_behalf_of="Ünal"
    )
    fields = stored(event)

    document = json.loads(canonical(fields, fields["prev_hash"]))
    raw = canonical(fields, fields["prev_hash"])

    assert raw.isascii()
    assert b" " not in raw
    assert list(document) == sorted(document)
    assert document == {
        "v": 1,
        "seq": 1,
        "at": event.at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "actor_id": None,
        "actor_name": "system",
        "role": "giver",
        "on_behalf_of": "Ünal",
        "patient_id": None,
        "case_id": None,
        "data": "case",
        "action": "read",
        "source": "api",
        "basis": "giver",
        "emergency": False,
        "prev_hash": GENESIS,
    }
    assert fields["hash"] == hashlib.sha256(raw).hexdigest() == event_hash(fields, GENESIS)


@pytest.mark.django_db
def test_events_of_a_case_carry_its_patient_and_chain_in_the_order_they_were_written(cast, a_case, advance):
    advance(a_case, "informed")

    result = verify_chain()
    seqs = list(AccessEvent.objects.order_by("id").values_list("seq", flat=True))

    assert result.ok, result
    assert seqs == list(range(1, len(seqs) + 1))
    assert result.head_seq == len(seqs) >= 4
    assert set(AccessEvent.objects.filter(case=a_case).values_list("patient_id", flat=True)) == {
        cast.patient.pk
    }


@pytest.mark.django_db
def test_a_missing_head_is_reported_when_the_log_holds_events():
    access_record(actor=None, action="read", data="case", source="web", role="giver", basis="giver")
    with triggers_lifted():
        AuditChainHead.objects.filter(pk=HEAD_ID).delete()

    result = verify_chain()

    assert not result.ok
    assert "head is missing" in result.problem


@pytest.mark.django_db
def test_a_head_moved_back_is_reported():
    first = access_record(actor=None, action="read", data="case", source="web", role="giver", basis="giver")
    access_record(actor=None, action="read", data="case", source="web", role="giver", basis="giver")
    with triggers_lifted():
        AuditChainHead.objects.filter(pk=HEAD_ID).update(seq=1, hash=first.hash)

    result = verify_chain()

    assert not result.ok
    assert result.broken_seq == 2
    assert "moved back" in result.problem


@pytest.mark.django_db
def test_many_writes_give_gap_free_increasing_seqs_and_a_head_at_the_last():
    for _ in range(150):
        with transaction.atomic():
            access_record(actor=None, action="read", data="case", source="web", role="giver", basis="giver")

    def a_service_that_fails_after_logging() -> None:
        with transaction.atomic():
            access_record(
                actor=None,
                action="read",
                data="case",
                source="web",
                role="giver",
                basis="giver",
                on_behalf_of="rolled-back",
            )
            raise RuntimeError("the caller's transaction fails")

    with pytest.raises(RuntimeError):
        a_service_that_fails_after_logging()
    access_record(actor=None, action="read", data="report", source="web", role="giver", basis="giver")

    seqs = list(AccessEvent.objects.order_by("id").values_list("seq", flat=True))

    assert seqs == list(range(1, 152))
    assert not AccessEvent.objects.filter(on_behalf_of="rolled-back").exists()
    assert AuditChainHead.objects.get().seq == 151
    assert verify_chain().ok
