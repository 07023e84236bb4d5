"""Tariffs and planned days are kept in the process (core/refcache.py): read once, then served without a
query, and a change saved through the ORM is seen at once; with the cache turned off every call reads."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from secondopinion.billing.models import PracticePrice, TariffAmount, TariffCode
from secondopinion.billing.prices import expected_cost, price_on
from secondopinion.core import refcache
from secondopinion.planning.models import StepDuration
from secondopinion.planning.selectors import step_days
from secondopinion.protocols.lifecycle import Status

pytestmark = pytest.mark.django_db

DAY = dt.date(2025, 7, 1)


def queries(call) -> tuple[object, int]:
    with CaptureQueriesContext(connection) as captured:
        value = call()
    return value, len(captured.captured_queries)


def test_a_price_is_read_once_and_then_served_without_a_query(cast):
    org = cast.giving_practice.pk

    first, first_queries = queries(lambda: price_on(code="C011", organisation_id=org, day=DAY))
    again, again_queries = queries(lambda: price_on(code="C011", organisation_id=org, day=DAY))

    assert (first_queries, again_queries) == (1, 0)
    assert first == again
    assert first is not None
    assert first.amount_cents == 13656


def test_a_saved_practice_price_is_seen_at_once(cast):
    org = cast.giving_practice.pk
    assert price_on(code="C011", organisation_id=org, day=DAY).amount_cents == 13656

    PracticePrice.objects.create(
        organisation=cast.giving_practice,
        tariff=TariffCode.objects.get(code="C011"),
        valid_from=dt.date(2025, 1, 1),
        amount_cents=9900,
    )

    assert price_on(code="C011", organisation_id=org, day=DAY).amount_cents == 9900


def test_a_deleted_tariff_amount_is_gone_at_once(cast):
    org = cast.other_practice.pk
    assert expected_cost(protocol="dental-knmt", organisation_id=org, day=DAY).price is not None

    TariffAmount.objects.filter(tariff__code="C011").get().delete()

    assert expected_cost(protocol="dental-knmt", organisation_id=org, day=DAY).price is None


def test_planned_days_are_read_once_and_a_change_is_seen_at_once(cast):
    org = cast.giving_practice.pk
    default, first_queries = queries(lambda: step_days(organisation_id=org, protocol="dental-knmt"))
    _, again_queries = queries(lambda: step_days(organisation_id=org, protocol="dental-knmt"))
    assert (first_queries, again_queries) == (1, 0)

    StepDuration.objects.create(
        organisation=cast.giving_practice, protocol="dental-knmt", status=Status.ACCEPTED, days=99
    )

    assert step_days(organisation_id=org, protocol="dental-knmt")[Status.ACCEPTED] == 99
    assert default[Status.ACCEPTED] != 99


def test_the_days_handed_out_are_the_callers_own(cast):
    """A caller that changes the dict it got changes nobody else's answer."""
    org = cast.giving_practice.pk
    mine = step_days(organisation_id=org, protocol="dental-knmt")
    mine[Status.ACCEPTED] = -1

    assert step_days(organisation_id=org, protocol="dental-knmt")[Status.ACCEPTED] != -1


def test_with_the_cache_off_every_call_reads(cast, settings):
    settings.TM_REFERENCE_CACHE_SECONDS = 0
    org = cast.giving_practice.pk

    counts = [queries(lambda: price_on(code="C011", organisation_id=org, day=DAY))[1] for _ in range(3)]

    assert counts == [1, 1, 1]


def test_an_entry_is_read_again_once_its_time_is_up(cast, settings, monkeypatch):
    settings.TM_REFERENCE_CACHE_SECONDS = 60
    org = cast.giving_practice.pk
    now = [1000.0]
    monkeypatch.setattr(refcache.time, "monotonic", lambda: now[0])

    reads = [queries(lambda: step_days(organisation_id=org, protocol="dental-knmt"))[1]]
    now[0] += 59
    reads.append(queries(lambda: step_days(organisation_id=org, protocol="dental-knmt"))[1])
    now[0] += 2
    reads.append(queries(lambda: step_days(organisation_id=org, protocol="dental-knmt"))[1])

    assert reads == [1, 0, 1]


def test_a_full_cache_starts_afresh(monkeypatch):
    monkeypatch.setattr(refcache, "MAX_ENTRIES", 3)
    cache = refcache.ReferenceCache("test")
    for key in range(5):
        cache.get(key, lambda key=key: key * 10)

    assert len(cache._entries) <= 3
    assert cache.get(4, lambda: "read again") == 40
