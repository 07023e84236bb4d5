"""The worklist's page, prepared once per reader side and order (web/worklist.py), gives exactly
what its queryset gives: the same cases in the same order, with the same days, due dates and unread
counts, for every side and order, on SQLite and on PostgreSQL."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from secondopinion.aftercare.services import message_send
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.cases.services import case_submit
from secondopinion.web import worklist
from tests.conftest import submit_input

pytestmark = pytest.mark.django_db

SIDES = ("practice", "patient", "")
COLUMNS = ("pk", "status", "created_at", "entered_at", "due_days", "due_at", "_rank")


def _cases(cast, advance) -> list[int]:
    """Cases in several states, one with unread messages from the patient and one with an answer."""
    ids = [case_submit(actor=cast.patient_user, data=submit_input(cast), source="web").pk for _ in range(4)]
    advance(SecondOpinionCase.objects.get(pk=ids[1]), "accepted")
    advance(SecondOpinionCase.objects.get(pk=ids[2]), "assigned")
    for _ in range(2):
        message_send(actor=cast.patient_user, case_id=ids[0], body="Is er al nieuws?", source="web")
    message_send(actor=cast.coordinator, case_id=ids[2], body="We plannen u in.", source="web")
    return ids


def _facts(case: SecondOpinionCase, side: str) -> tuple:
    unread = (getattr(case, "unread_messages"),) if side else ()  # noqa: B009
    return (
        tuple(getattr(case, column, None) for column in COLUMNS)
        + unread
        + (
            case.patient.name,
            case.treating_practitioner.name if case.treating_practitioner else None,
            case.organisation.name,
        )
    )


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("sort", worklist.SORTS)
def test_the_prepared_page_is_the_querysets_page_for_every_side_and_order(cast, advance, side, sort):
    ids = _cases(cast, advance)
    for keys in (ids, ids[::-1], ids[1:3], []):
        expected = list(
            worklist.ordered(
                worklist.annotated(
                    SecondOpinionCase.objects.filter(pk__in=keys).select_related(
                        "patient", "treating_practitioner", "giver", "organisation"
                    ),
                    reader_side=side,
                ),
                sort,
            )
        )
        with CaptureQueriesContext(connection) as queries:
            found = worklist.page_cases(keys, reader_side=side, sort=sort)
            facts = [_facts(case, side) for case in found]  # select_related: no further query
        assert len(queries) == 1
        assert facts == [_facts(case, side) for case in expected]
    if side == "practice":
        unread = {
            case.pk: case.unread_messages for case in worklist.page_cases(ids, reader_side=side, sort=sort)
        }
        assert unread[ids[0]] == 2
        assert unread[ids[2]] == 0
