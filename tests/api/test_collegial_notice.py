"""R6: a collegial notice goes from the giver to the treating practitioner, never into the report."""

import io

import pytest
from pypdf import PdfReader

from secondopinion.audit.models import AccessEvent
from secondopinion.reports.models import CollegialNotice

pytestmark = pytest.mark.django_db
NOTICE = "De indicatie voor extractie van 36 is in het dossier onvoldoende onderbouwd."


def test_the_giver_sends_a_notice_the_treating_dentist_reads_it_and_the_patient_never_sees_it(
    api_as, a_case, advance
):
    case = advance(a_case, "in_examination")

    sent = api_as("giver_user").post(f"/cases/{case.pk}/collegial-notices", {"text": NOTICE})
    inbox = api_as("treating_user").get("/collegial-notices").json()
    patient_view = api_as("patient_user").get(f"/cases/{case.pk}").content.decode()

    assert sent.status_code == 201
    assert [n["text"] for n in inbox] == [NOTICE]
    assert NOTICE not in patient_view
    assert api_as("patient_user").get("/collegial-notices").json() == []
    assert AccessEvent.objects.filter(action="send", data="collegial-notice", case=case).count() == 1

    advance(case, "report_final")
    pdf = api_as("patient_user").get(f"/cases/{case.pk}/report.pdf")
    assert NOTICE not in "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)


@pytest.mark.parametrize(("who", "status"), [("coordinator", 403), ("patient_user", 403), ("stranger", 404)])
def test_only_the_giver_sends_a_collegial_notice(api_as, a_case, advance, who, status):
    case = advance(a_case, "assigned")

    assert api_as(who).post(f"/cases/{case.pk}/collegial-notices", {"text": NOTICE}).status_code == status
    assert CollegialNotice.objects.count() == 0


def test_a_report_that_quotes_the_notice_cannot_be_finalised(api_as, a_case, advance):
    case = advance(a_case, "report_draft")
    giver = api_as("giver_user")
    giver.post(f"/cases/{case.pk}/collegial-notices", {"text": NOTICE})

    response = giver.post(
        f"/cases/{case.pk}/transitions",
        {
            "to": "report_final",
            "report": {"deviations": NOTICE, "consequences": "Geen.", "advice": "Bespreek het."},
        },
    )

    assert response.status_code == 422
    assert response.json()["rule_ids"] == ["R6"]
