"""The timeline read with the case (cases/timeline.py) is the timeline a query of its own reads: the same
transitions with the same fields, actors and order, whatever the notes hold; and once the case moves on
in the same request, the timeline is read again rather than kept as it was."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from secondopinion.cases.inputs import StepInput
from secondopinion.cases.models import StatusChange
from secondopinion.cases.selectors import _TIMELINE, case_get, case_timeline
from secondopinion.cases.services import case_transition

pytestmark = pytest.mark.django_db

# What a note may hold that the column's JSON and its joining commas must carry unchanged.
AWKWARD = 'Komma, "aanhalingstekens", ],[ haken, \\ backslash,\nregel twee, tab\t, één 🦷 | pijp'


def _fields(change: StatusChange) -> dict:
    return {f.attname: getattr(change, f.attname) for f in change._meta.concrete_fields}


def _read(user, case_id):
    case, _roles = case_get(user=user, case_id=case_id, source="api")
    return case


def _own_query(case_id) -> list[StatusChange]:
    return list(StatusChange.objects.filter(case_id=case_id).select_related("actor").order_by("at", "id"))


def test_the_timeline_read_with_the_case_is_the_timeline_of_its_own_query(cast, advance, submit):
    case = advance(submit(), "report_final")
    first = StatusChange.objects.filter(case=case).order_by("at", "id").first()
    # Two transitions at the same moment are ordered by id, as the model's Meta orders them.
    StatusChange.objects.create(
        case=case,
        from_status="report_final",
        to_status="report_final",
        actor=cast.coordinator,
        actor_role="coordinator",
        rule_ids=["R23", "R24"],
        note=AWKWARD,
        internal_note=AWKWARD[::-1],
    )
    StatusChange.objects.filter(case=case, note=AWKWARD).update(at=first.at)
    expected = _own_query(case.pk)

    read = _read(cast.coordinator, case.pk)
    with CaptureQueriesContext(connection) as queries:
        found = case_timeline(read)
        names = [str(change.actor) for change in found]
        cases = [change.case for change in found]

    assert len(queries) == 0, "the timeline came with the case"
    assert len(found) == len(expected) > 3
    assert [_fields(change) for change in found] == [_fields(change) for change in expected]
    assert names == [str(change.actor) for change in expected]
    assert all(owner is read for owner in cases)
    assert found[1].note == AWKWARD
    assert found[1].rule_ids == ["R23", "R24"]
    assert all(change.at.utcoffset() == timedelta(0) for change in found)


def test_a_case_without_transitions_reads_an_empty_timeline(cast, submit):
    case = submit()
    StatusChange.objects.filter(case=case).delete()

    read = _read(cast.coordinator, case.pk)
    with CaptureQueriesContext(connection) as queries:
        assert case_timeline(read) == []
    assert len(queries) == 0


def test_once_the_case_moves_on_its_timeline_is_read_again(cast, submit):
    case = submit()
    read = _read(cast.coordinator, case.pk)
    assert [c.to_status for c in case_timeline(read)] == ["submitted"]

    moved = case_transition(
        actor=cast.coordinator,
        case_id=case.pk,
        to="withdrawn",
        data=StepInput(note="Op verzoek."),
        source="web",
    )
    read.status, read.version = moved.status, moved.version

    assert [c.to_status for c in case_timeline(read)] == ["submitted", "withdrawn"]
    assert [c.to_status for c in _TIMELINE.all(case_id=case.pk)] == ["submitted", "withdrawn"]
