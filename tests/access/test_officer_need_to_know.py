"""Need to know (AVG, NEN 7510; R28): the complaints officer of the handling organisation reads a
case, its report and its documents only while a complaint about it is handled, and finds no other
case of the organisation, exactly as a stranger finds none: 404, nothing in the lists, nothing in
the event log of reads. With a complaint the officer reads it (the matrix, test_matrix.py)."""

import pytest
from django.urls import reverse

from secondopinion.audit.models import AccessEvent
from tests.access.complaints import _complaint
from tests.access.matrix_calls import api_call, web_client
from tests.access.world import PATIENT_NAMES, ROWS

pytestmark = pytest.mark.django_db

OFFICER = ROWS["complaints-officer"]


@pytest.mark.parametrize(
    "path",
    [
        "web:case",
        "web:report-pdf",
        "GET /api/v1/cases/{case_id}",
        "GET /api/v1/cases/{case_id}/timeline",
        "GET /api/v1/cases/{case_id}/report.pdf",
    ],
)
def test_without_a_complaint_the_officer_finds_no_case_of_the_organisation(world, path):
    case = world.case("own", "report_final")
    before = AccessEvent.objects.filter(actor=world.users[OFFICER.user], case=case).count()

    if path.startswith("web:"):
        response = web_client(world, OFFICER).get(reverse(path, args=[case.pk]))
    else:
        response = api_call(world, OFFICER, "get", path.split(" ")[1].format(case_id=case.pk))

    assert response.status_code == 404
    assert not any(name in response.content.decode(errors="replace") for name in PATIENT_NAMES)
    assert AccessEvent.objects.filter(actor=world.users[OFFICER.user], case=case).count() == before


def test_the_officers_lists_hold_only_the_cases_complained_about(world):
    quiet = world.case("own", "report_draft")
    complained = world.case("own", "report_final")
    _complaint(complained)

    page = web_client(world, OFFICER).get(reverse("web:home")).content.decode()
    listed = api_call(world, OFFICER, "get", "/api/v1/cases").content.decode()

    for body in (page, listed):
        assert complained.reference in body
        assert quiet.reference not in body


def test_a_complaint_opens_the_case_to_the_officer(world):
    case = world.case("own", "report_final")
    _complaint(case)

    response = web_client(world, OFFICER).get(reverse("web:case", args=[case.pk]))

    assert response.status_code == 200
    assert case.reference in response.content.decode()
