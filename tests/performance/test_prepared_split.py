"""What a prepared query works out once: psycopg's parse of its `%s` markers, however long its text,
and where each row's instances come from (core/prepared.py). The rows stay the queryset's rows."""

from unittest import mock

import pytest
from django.db import connection
from django.db.models import FETCH_PEERS, Count, Value

from secondopinion.core import prepared
from secondopinion.core.prepared import Prepared
from secondopinion.directory.models import Patient

pytestmark = pytest.mark.django_db

SERVER_BOUND = pytest.mark.skipif(
    connection.vendor != "postgresql" or not connection.settings_dict["OPTIONS"].get("prepare_threshold"),
    reason="server-bound cursors: PostgreSQL with TM_PG_PREPARE_THRESHOLD above 0",
)


def _long(user_id: int):
    """Over psycopg's 4 KB and 50 parameters: sixty annotations, each a parameter."""
    labels = {
        f"label_{i:02}_named_at_length_as_an_orm_names_its_columns": Value(f"value {i}") for i in range(60)
    }
    return Patient.objects.select_related("user").annotate(n=Count("cases"), **labels).filter(user_id=user_id)


LONG = Prepared(_long, "user_id")


def _peers(lowest: int):
    return (
        Patient.objects.select_related("user").filter(pk__gte=lowest).order_by("pk").fetch_mode(FETCH_PEERS)
    )


PEERS = Prepared(_peers, "lowest")


@SERVER_BOUND
def test_a_long_prepared_text_is_split_once_and_then_reused(cast):
    from psycopg import _queries

    compiled = LONG._prepare("default")
    assert len(compiled.sql) > _queries.MAX_CACHED_STATEMENT_LENGTH
    assert len(compiled.params) > _queries.MAX_CACHED_STATEMENT_PARAMS
    LONG.all(user_id=cast.patient_user.pk)
    with mock.patch.object(_queries, "_query2pg_nocache", wraps=_queries._query2pg_nocache) as split:
        for _ in range(3):
            found = LONG.all(user_id=cast.patient_user.pk)
    assert split.call_count == 0
    assert (compiled.sql, connection.connection.info.encoding) in prepared._SPLITS
    expected = _long(cast.patient_user.pk).get()
    assert [
        (p.pk, p.n, p.label_07_named_at_length_as_an_orm_names_its_columns, p.user.pk) for p in found
    ] == [
        (
            expected.pk,
            expected.n,
            expected.label_07_named_at_length_as_an_orm_names_its_columns,
            expected.user.pk,
        )
    ]


def test_the_rows_are_made_as_the_queryset_makes_them(cast):
    for user_id in (cast.patient_user.pk, cast.other_patient_user.pk, -1):
        expected = list(_long(user_id))
        found = LONG.all(user_id=user_id)
        assert [
            (p.pk, p.n, p.label_59_named_at_length_as_an_orm_names_its_columns, p.user.username)
            for p in found
        ] == [
            (p.pk, p.n, p.label_59_named_at_length_as_an_orm_names_its_columns, p.user.username)
            for p in expected
        ]
        assert all(type(p) is Patient and not p._state.adding and p._state.db == "default" for p in found)


def test_where_the_queryset_links_peers_the_prepared_rows_are_linked_too(cast):
    peers = PEERS.all(lowest=0)
    assert [(p.pk, p.user.pk) for p in peers] == [(p.pk, p.user.pk) for p in _peers(0)]
    assert len(peers) == 2
    for patient in peers:
        assert {ref() for ref in patient._state.peers} == set(peers)
