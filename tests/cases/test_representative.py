"""R8: a representative acts only with the patient's knowledge and consent; revoking it ends that."""

import pytest
from django.utils import timezone

from secondopinion.cases.models import SecondOpinionCase
from secondopinion.cases.selectors import case_get
from secondopinion.cases.services import case_submit
from secondopinion.core.errors import InvalidInput, NotFound, RuleBlocked
from secondopinion.directory.models import Representative
from tests.conftest import submit_input

pytestmark = pytest.mark.django_db


def as_representative(cast, **representation):
    Representative.objects.create(
        user=cast.representative, patient=cast.patient, relation="partner", **representation
    )
    data = submit_input(cast, requester_kind="representative")
    return case_submit(actor=cast.representative, data=data, source="web")


def test_a_representative_with_the_patients_consent_submits_and_sees_the_case(cast):
    case = as_representative(cast, consent_given_at=timezone.now(), consent_method="signed_upload")

    assert case.requester == cast.representative
    assert case_get(user=cast.representative, case_id=case.pk, source="web")[1] == frozenset(
        {"representative"}
    )


def test_a_representative_cannot_submit_before_the_patient_consents(cast):
    with pytest.raises(RuleBlocked) as blocked:
        as_representative(cast)

    assert blocked.value.rule_ids == ["R8"]
    assert SecondOpinionCase.objects.count() == 0


def test_someone_who_is_not_a_registered_representative_cannot_ask_for_the_patient(cast):
    # The one answer for a patient one may not submit for (no BSN or id oracle).
    with pytest.raises(InvalidInput) as refused:
        case_submit(
            actor=cast.stranger, data=submit_input(cast, requester_kind="representative"), source="web"
        )
    assert refused.value.field == "patient_id"


def test_revoking_the_consent_ends_the_representatives_access(cast):
    case = as_representative(cast, consent_given_at=timezone.now(), consent_method="in_app")

    Representative.objects.filter(user=cast.representative).update(consent_revoked_at=timezone.now())

    with pytest.raises(NotFound):
        case_get(user=cast.representative, case_id=case.pk, source="web")
