import pytest

from secondopinion.audit.models import AccessEvent
from secondopinion.cases.models import StatusChange

pytestmark = pytest.mark.django_db


def test_a_dental_case_travels_from_submission_to_closure(a_case, advance):
    case = advance(a_case, "closed")

    assert case.status == "closed"
    assert list(StatusChange.objects.filter(case=case).values_list("to_status", flat=True)) == [
        "submitted",
        "accepted",
        "assigned",
        "informed",
        "in_examination",
        "report_draft",
        "report_final",
        "closed",
    ]
    assert case.report.state == "final"
    assert len(case.report.content_hash) == 64
    assert list(case.billing_lines.values_list("tariff__code", flat=True)) == ["C011"]
    # One update per step; the patient's consent to inform the own dentist (R23) is logged apart.
    assert (
        AccessEvent.objects.filter(case=case, action="update").exclude(data__startswith="consent:").count()
        == 7
    )
