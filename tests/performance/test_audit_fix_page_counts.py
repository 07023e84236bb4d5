"""Query counts of the pages this round of audit fixes changed: the treating practitioner's collegial
notices (each notice read is now logged against its case, in one INSERT), a representative's "who
looked at the file" (it now names the patient), and the patient's invitation form (each request shown
with its question). Each costs the same for few and many rows. Counts, never wall time."""

import pytest
from django.urls import reverse
from django.utils import timezone

from secondopinion.audit.models import AccessEvent
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.cases.services import case_submit
from secondopinion.directory.models import Representative
from secondopinion.reports.models import CollegialNotice
from tests.conftest import submit_input
from tests.performance.counting import api_client, client_for
from tests.performance.test_list_query_counts import constant, giver_reads

pytestmark = pytest.mark.django_db


def _noticed_cases(cast, n: int) -> None:
    """`n` more requests of Petra on her own dentist, each with a collegial notice to him."""
    for _ in range(n):
        case = case_submit(actor=cast.patient_user, data=submit_input(cast), source="web")
        CollegialNotice.objects.create(case=case, author=cast.giver_user, text="Een collegiale melding.")


def test_the_collegial_notices_cost_the_same_for_3_and_30_notices_and_log_each_case(cast):
    _noticed_cases(cast, 3)
    client = client_for(cast.treating_user)

    few, many, queries = constant(
        lambda: client.get(reverse("web:notices")), lambda: _noticed_cases(cast, 27)
    )

    assert many == few, queries
    last = AccessEvent.objects.filter(actor=cast.treating_user, data="collegial-notices")
    assert last.filter(case__isnull=False).values("case").distinct().count() == 30


def test_the_collegial_notices_over_the_api_cost_the_same_for_3_and_30_notices(cast):
    _noticed_cases(cast, 3)
    client, headers = api_client(cast.treating_user)

    few, many, queries = constant(
        lambda: client.get("/api/v1/collegial-notices", **headers), lambda: _noticed_cases(cast, 27)
    )

    assert many == few, queries


def test_a_representatives_access_log_costs_the_same_for_3_and_30_events(cast):
    Representative.objects.create(
        user=cast.representative, patient=cast.patient, relation="partner", consent_given_at=timezone.now()
    )

    giver_reads(cast, 3)
    client = client_for(cast.representative)
    url = reverse("web:access-log-for", args=[cast.patient.pk])

    few, many, queries = constant(lambda: client.get(url), lambda: giver_reads(cast, 27))

    assert many == few, queries


def test_the_invitation_form_with_each_requests_question_costs_the_same_for_3_and_30_requests(cast):
    def more(n: int) -> None:
        for _ in range(n):
            case_submit(actor=cast.patient_user, data=submit_input(cast), source="web")

    more(3)
    client = client_for(cast.patient_user)

    few, many, queries = constant(
        lambda: client.get(reverse("web:representative-invitations")), lambda: more(27)
    )

    assert many == few, queries
    assert SecondOpinionCase.objects.filter(patient=cast.patient).count() == 30
