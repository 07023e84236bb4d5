"""A prepared query gives what its queryset gives: the same rows, fields, annotations and
select_related objects, for any values, in fewer steps (core/prepared.py)."""

import json

import pytest
from django.db import connection
from django.db.models import Count, Value
from django.test.utils import CaptureQueriesContext

from secondopinion.accounts.models import User
from secondopinion.core.prepared import IdsIn, Prepared
from secondopinion.directory.models import Patient

pytestmark = pytest.mark.django_db


def _patients(user_id: int):
    return (
        Patient.objects.select_related("user")
        .annotate(n_cases=Count("cases"), label=Value("x"))
        .filter(user_id=user_id)
        .order_by("pk")
    )


PATIENTS = Prepared(_patients, "user_id")


def _fields(obj) -> dict:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def test_the_prepared_rows_are_the_querysets_rows_for_every_value(cast):
    users = list(User.objects.order_by("pk"))
    for user in users:
        expected = list(_patients(user.pk))
        with CaptureQueriesContext(connection) as queries:
            found = PATIENTS.all(user_id=user.pk)
        assert len(queries) == 1
        assert [_fields(p) for p in found] == [_fields(p) for p in expected]
        assert [(p.n_cases, p.label) for p in found] == [(p.n_cases, p.label) for p in expected]
        for got, want in zip(found, expected, strict=True):
            with CaptureQueriesContext(connection) as related:
                assert _fields(got.user) == _fields(want.user)
            assert len(related) == 0  # select_related filled it
    assert PATIENTS.first(user_id=cast.patient_user.pk).pk == cast.patient.pk
    assert PATIENTS.first(user_id=-1) is None


def test_a_value_the_query_does_not_use_is_refused_at_once():
    unused = Prepared(lambda user_id: Patient.objects.all(), "user_id")

    with pytest.raises(ValueError, match="user_id"):
        unused.all(user_id=1)
    with pytest.raises(TypeError):
        PATIENTS.all(patient=1)


def test_a_text_value_is_swapped_in_like_a_number(cast):
    by_name = Prepared(
        lambda username: User.objects.filter(username=username).order_by("pk"), texts=("username",)
    )

    for user in User.objects.order_by("pk"):
        assert [found.pk for found in by_name.all(username=user.username)] == [user.pk]
    assert by_name.all(username="nobody-has-this-name") == []
    assert by_name.all(username="") == []


def _users_in(ids: str):
    return User.objects.filter(IdsIn("pk", ids)).order_by("pk")


USERS_IN = Prepared(_users_in, texts=("ids",))


def test_ids_in_finds_the_listed_ids_whatever_their_number_with_one_statement(cast):
    """A page of rows by id (IdsIn): the same rows as `pk__in`, for none, one or many ids and for ids
    that do not exist, from one SQL statement whatever the list's length, so that it can be prepared."""
    users = list(User.objects.order_by("pk").values_list("pk", flat=True))
    assert len(users) >= 10
    lists = [[], [users[0]], users[:3], users[2:], [users[-1], users[0], -5, users[-1]], [-1]]
    statements = set()
    for ids in lists:
        expected = list(User.objects.filter(pk__in=ids).order_by("pk").values_list("pk", flat=True))
        assert [u.pk for u in USERS_IN.all(ids=json.dumps(ids))] == expected
        assert list(_users_in(json.dumps(ids)).values_list("pk", flat=True)) == expected
        statements.add(_users_in(json.dumps(ids)).query.sql_with_params()[0])
    assert len(statements) == 1, statements


@pytest.mark.skipif(
    connection.vendor != "postgresql" or not connection.settings_dict["OPTIONS"].get("prepare_threshold"),
    reason="prepared statements: PostgreSQL with TM_PG_PREPARE_THRESHOLD above 0",
)
def test_the_access_log_insert_becomes_a_prepared_statement_and_writes_the_same_event(cast):
    """Every read of patient data writes the same INSERT: bound on the server, PostgreSQL prepares it
    on the connection after `prepare_threshold` runs and stops parsing and planning it. The events it
    writes are whole, as before."""
    from secondopinion.audit.models import AccessEvent
    from secondopinion.audit.services import access_record

    threshold = connection.settings_dict["OPTIONS"]["prepare_threshold"]
    written = [
        access_record(
            actor=cast.coordinator,
            action="read",
            data="case",
            source="web",
            role="coordinator",
            basis="coordinator",
            patient=cast.patient,
        )
        for _ in range(threshold + 1)
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT statement FROM pg_prepared_statements WHERE statement LIKE %s",
            ["INSERT INTO audit_accessevent%"],
        )
        assert cursor.fetchall(), "the access-log INSERT is not prepared"
    for event in written:
        stored = AccessEvent.objects.get(pk=event.pk)
        assert (stored.actor_id, stored.patient_id, stored.case_id) == (
            cast.coordinator.pk,
            cast.patient.pk,
            None,
        )
        assert (stored.action, stored.data, stored.role, stored.chain, stored.seq) == (
            "read",
            "case",
            "coordinator",
            0,
            None,
        )
        assert (stored.actor_name, stored.source, stored.basis, stored.on_behalf_of, stored.emergency) == (
            str(cast.coordinator),
            "web",
            "coordinator",
            "",
            False,
        )
        assert (stored.v, stored.prev_hash, stored.hash) == (event.v, "", "")
        assert stored.at == event.at


def test_count_gives_the_number_of_rows_without_making_them(cast):
    """Prepared.count: the rows the (sliced) queryset gives, counted, in one statement."""
    upto = Prepared(lambda user_id: User.objects.filter(pk__gte=user_id).order_by("pk")[:3], "user_id")
    ids = list(User.objects.order_by("pk").values_list("pk", flat=True))

    for user_id in [ids[0], ids[-2], ids[-1], ids[-1] + 1]:
        with CaptureQueriesContext(connection) as queries:
            counted = upto.count(user_id=user_id)
        assert counted == len(User.objects.filter(pk__gte=user_id).order_by("pk")[:3])
        assert len(queries) == 1
