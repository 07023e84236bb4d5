"""R27: the patient's own decision after the opinion and their satisfaction, once, after closure."""

import pytest

from secondopinion.aftercare.models import Evaluation
from secondopinion.aftercare.selectors import outcome_summary
from secondopinion.aftercare.services import evaluation_record
from secondopinion.audit.models import AccessEvent
from secondopinion.core.errors import InvalidInput, NotFound, NotPermitted, TransitionNotAllowed
from tests.access.complaints import _complaint

pytestmark = pytest.mark.django_db


def evaluate(actor, case, **overrides):
    values = {"decision": "accept_opinion", "satisfaction": 4, "comment": "Duidelijk uitgelegd.", **overrides}
    return evaluation_record(actor=actor, case_id=case.pk, source="web", **values)


def test_the_patient_records_the_decision_and_satisfaction_once_the_case_is_closed(cast, closed_case):
    evaluation = evaluate(cast.patient_user, closed_case)

    assert (evaluation.decision, evaluation.satisfaction, evaluation.recorded_role) == (
        "accept_opinion",
        4,
        "patient",
    )
    logged = AccessEvent.objects.filter(case=closed_case, data="evaluation")
    assert list(logged.values_list("action", "role")) == [("create", "patient")]


def test_it_refuses_an_evaluation_before_the_case_is_closed(cast, submit, advance):
    case = advance(submit(), "report_final")

    with pytest.raises(TransitionNotAllowed) as refused:
        evaluate(cast.patient_user, case)

    assert "once it has been closed" in refused.value.detail.en  # the patient reads it: no rule id
    assert "R27" not in refused.value.detail.en
    assert not Evaluation.objects.exists()


def test_it_refuses_a_second_evaluation(cast, closed_case):
    evaluate(cast.patient_user, closed_case)

    with pytest.raises(TransitionNotAllowed):
        evaluate(cast.patient_user, closed_case, decision="stop_treatment")

    assert Evaluation.objects.get().decision == "accept_opinion"
    assert AccessEvent.objects.filter(case=closed_case, data="evaluation").count() == 1


@pytest.mark.parametrize("who", ["coordinator", "giver_user", "complaints_officer"])
def test_it_refuses_anyone_but_the_patients_side(cast, closed_case, who):
    if who == "complaints_officer":
        _complaint(closed_case)  # the officer is related to a case complained about (need to know)
    with pytest.raises(NotPermitted):
        evaluate(getattr(cast, who), closed_case)


def test_a_stranger_learns_nothing_of_the_case(cast, closed_case):
    with pytest.raises(NotFound):
        evaluate(cast.stranger, closed_case)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"decision": "fire_the_dentist"}, "decision"),
        ({"satisfaction": 0}, "satisfaction"),
        ({"satisfaction": 6}, "satisfaction"),
        ({"comment": "x" * 4001}, "comment"),
        ({"comment": "a\x00"}, "comment"),
    ],
)
def test_it_refuses_an_evaluation_outside_the_vocabulary_or_scale(cast, closed_case, overrides, field):
    with pytest.raises(InvalidInput) as refused:
        evaluate(cast.patient_user, closed_case, **overrides)

    assert refused.value.field == field
    assert not Evaluation.objects.exists()


def test_staff_see_how_many_evaluated_and_the_average_satisfaction(cast, submit, advance):
    evaluate(cast.patient_user, advance(submit(), "closed"), satisfaction=5)
    evaluate(cast.patient_user, advance(submit(), "closed"), satisfaction=2, decision="other_practitioner")

    summary = outcome_summary(user=cast.coordinator)

    assert summary is not None
    assert (summary.count, summary.average) == (2, 3.5)
    assert dict(summary.decisions) == {"accept_opinion": 1, "other_practitioner": 1}
    assert outcome_summary(user=cast.other_coordinator).count == 0
    assert outcome_summary(user=cast.patient_user) is None
