"""The hash chains catch any edit, deletion, reordering or truncation of access-log rows.

access_record writes an event pending; the sequencer (audit/sequencer.py) chains it. `log` and
`write_chain` do both, as the task worker would a second later. The sequencer moves to the next
chain after each batch; here every batch goes to chain 1 unless a test chooses another with
`on_chain`."""

import datetime as dt
import hashlib
import json

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from secondopinion.audit.chain import GENESIS, HASHED_FIELDS, canonical, event_hash
from secondopinion.audit.models import AccessEvent, AuditChainHead
from secondopinion.audit.sequencer import chain_pending
from secondopinion.audit.services import access_record
from secondopinion.audit.verification import verify_log
from tests.audit.chaining import (
    EDITABLE,
    _move_seq,
    _one_chain,  # noqa: F401 (autouse: every batch to chain 1)
    chained,
    edited_value,
    event_values,
    log,
    on_chain,
    stored,
    write_chain,
)
from tests.audit.tampering import triggers_lifted


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values=st.lists(event_values, min_size=0, max_size=10))
def test_an_untouched_chain_verifies(values):
    with transaction.atomic():
        events = write_chain(values)

        result = verify_log(chunk_size=3)

        assert result.ok, result
        assert result.events == len(values)
        assert len({event.chain for event in events}) <= 1
        if events:
            chain = result.chain(events[0].chain)
            assert chain.events == chain.head_seq == len(values)
            assert chain.head_hash == events[-1].hash
            assert [event.seq for event in events] == list(range(1, len(values) + 1))
        assert str(result).startswith(f"OK: {len(values)} events in {1 if values else 0} of ")
        transaction.set_rollback(True)


@pytest.mark.django_db
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values=st.lists(event_values, min_size=2, max_size=10), data=st.data())
def test_any_edit_deletion_reordering_or_truncation_is_caught_at_the_first_broken_link(values, data):
    with transaction.atomic():
        events = write_chain(values)
        n = len(events)
        chain = events[0].chain
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
                AccessEvent.objects.filter(chain=chain, seq__gt=keep).delete()
                expected_seq, expected_id = keep + 1, None

        log_result = verify_log(chunk_size=data.draw(st.integers(1, 4), label="chunk"))
        result = log_result.chain(chain)

        assert not log_result.ok, f"{tampering} went unnoticed"
        assert log_result.broken == [result]
        assert (result.broken_seq, result.broken_id) == (expected_seq, expected_id), result
        assert result.problem
        assert str(result).startswith(f"chain {chain}: BROKEN at seq {expected_seq}")
        assert f"chain {chain}: BROKEN at seq {expected_seq}" in str(log_result)
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_the_hash_is_sha256_over_the_documented_canonical_json():
    (event,) = chained(
        access_record(
            actor=None,
            action="read",
            data="case",
            source="api",
            role="giver",
            basis="giver",
            on_behalf_of="Ünal",
        )
    )
    fields = stored(event)

    document = json.loads(canonical(fields, fields["prev_hash"]))
    raw = canonical(fields, fields["prev_hash"])

    assert raw.isascii()
    assert b" " not in raw
    assert list(document) == sorted(document)
    assert document == {
        "v": 2,
        "chain": event.chain,
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
    chain_pending()

    result = verify_log()
    chains = set(AccessEvent.objects.values_list("chain", flat=True))
    seqs = list(AccessEvent.objects.order_by("id").values_list("seq", flat=True))

    assert result.ok, result
    assert len(chains) == 1
    assert seqs == list(range(1, len(seqs) + 1))
    assert result.chain(chains.pop()).head_seq == len(seqs) >= 4
    assert set(AccessEvent.objects.filter(case=a_case).values_list("patient_id", flat=True)) == {
        cast.patient.pk
    }


@pytest.mark.django_db
def test_a_missing_head_is_reported_when_the_log_holds_events():
    event = log()
    with triggers_lifted():
        AuditChainHead.objects.filter(pk=event.chain).delete()

    result = verify_log()

    assert not result.ok
    assert [broken.chain for broken in result.broken] == [event.chain]
    assert "head is missing" in result.broken[0].problem


@pytest.mark.django_db
def test_a_head_moved_back_is_reported():
    first = log()
    log()
    with triggers_lifted():
        AuditChainHead.objects.filter(pk=first.chain).update(seq=1, hash=first.hash)

    result = verify_log().chain(first.chain)

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
    assert chain_pending() == 151

    seqs = list(AccessEvent.objects.order_by("id").values_list("chain", "seq"))
    chain = seqs[0][0]

    assert seqs == [(chain, seq) for seq in range(1, 152)]
    assert not AccessEvent.objects.filter(on_behalf_of="rolled-back").exists()
    assert AuditChainHead.objects.get(pk=chain).seq == 151
    assert verify_log().ok


# -- the canonical form: a template, byte for byte what json.dumps gives ---------------------------

any_text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=12)


@settings(max_examples=200, deadline=None)
@given(
    version=st.sampled_from([1, 2]),
    chain=st.integers(1, 64),
    seq=st.integers(1, 10**12),
    ids=st.tuples(*[st.none() | st.integers(1, 10**9)] * 3),
    texts=st.tuples(*[any_text] * 7),
    emergency=st.booleans(),
    at=st.datetimes(
        min_value=dt.datetime(2000, 1, 1),  # noqa: DTZ001  (naive bound, UTC values)
        timezones=st.just(dt.UTC),
    ),
)
def test_the_fast_canonical_form_is_the_sorted_compact_ascii_json(
    version, chain, seq, ids, texts, emergency, at
):
    fields = dict(zip(("actor_id", "patient_id", "case_id"), ids, strict=True))
    fields |= dict(
        zip(("actor_name", "role", "on_behalf_of", "data", "action", "source", "basis"), texts, strict=True)
    )
    fields |= {"v": version, "chain": chain, "seq": seq, "emergency": emergency, "at": at}
    prev = "ab" * 32
    document = {name: fields[name] for name in HASHED_FIELDS if name not in ("chain", "at")}
    document |= {"at": at.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), "prev_hash": prev}
    if version == 2:
        document["chain"] = chain

    expected = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=True)

    assert canonical(fields, prev) == expected.encode("ascii")


@pytest.mark.django_db
def test_an_event_of_the_single_chain_before_the_split_still_verifies_in_chain_1_as_version_1():
    """What migration audit/0006 left: the old events in chain 1 with v 1 and their old hashes; new
    events in chain 1 go on from them in version 2."""
    at = dt.datetime(2026, 11, 22, 9, 1, 2, tzinfo=dt.UTC)  # no microseconds: SQLite stores no fraction
    fields = {
        "seq": 1,
        "at": at,
        "actor_id": None,
        "actor_name": "system",
        "role": "giver",
        "on_behalf_of": "Ünal",
        "patient_id": None,
        "case_id": None,
        "data": "case",
        "action": "read",
        "source": "web",
        "basis": "giver",
        "emergency": False,
    }
    v1 = {**fields, "at": "2026-11-22T09:01:02.000000Z", "prev_hash": GENESIS, "v": 1}
    old_hash = hashlib.sha256(json.dumps(v1, sort_keys=True, separators=(",", ":")).encode()).hexdigest()
    AccessEvent.objects.create(**fields, chain=1, v=1, prev_hash=GENESIS, hash=old_hash)
    AuditChainHead.objects.update_or_create(pk=1, defaults={"seq": 1, "hash": old_hash})

    assert verify_log().ok
    with pytest.MonkeyPatch.context() as monkeypatch:
        on_chain(monkeypatch, 1)
        newer = log()

    result = verify_log()

    assert (newer.chain, newer.seq, newer.v, newer.prev_hash) == (1, 2, 2, old_hash)
    assert result.ok, result
    assert result.chain(1).events == 2


@pytest.mark.django_db
def test_version_1_is_refused_outside_chain_1(monkeypatch):
    on_chain(monkeypatch, 3)
    event = log()
    fields = stored(event) | {"v": 1}
    with triggers_lifted():
        AccessEvent.objects.filter(pk=event.pk).update(v=1, hash=event_hash(fields, GENESIS))

    result = verify_log().chain(3)

    assert (result.ok, result.broken_seq, result.broken_id) == (False, 1, event.pk)
    assert "version 1 is not allowed in chain 3" in result.problem
