"""The final report as DocumentReference with its PDF and DOCX as Binary, the sendings as
Communication, the signer as Provenance, the consent ledger as Consent and the access log as
AuditEvent: each read through its own door, logged, and nothing for a stranger."""

import base64

import pytest

from secondopinion.audit.models import AccessEvent
from tests.fhir.conftest import outcome

pytestmark = pytest.mark.django_db


@pytest.fixture
def final_case(a_case, advance):
    return advance(a_case, "report_final")


def test_the_final_report_is_a_document_reference_with_pdf_and_docx_and_the_seal(cast, fhir_as, final_case):
    client = fhir_as("patient_user")

    found = client.get(f"/DocumentReference?patient=Patient/{cast.patient.pk}").json()

    report = next(e["resource"] for e in found["entry"] if e["resource"]["id"] == f"report-{final_case.pk}")
    final_case.report.refresh_from_db()
    assert report["masterIdentifier"]["value"] == final_case.report.content_hash
    assert report["docStatus"] == "final"
    urls = {a["attachment"]["contentType"]: a["attachment"]["url"] for a in report["content"]}
    assert urls["application/pdf"] == f"Binary/report-{final_case.pk}-pdf"
    assert len(urls) == 2
    event = AccessEvent.objects.order_by("-pk").first()
    assert (event.action, event.data, event.patient_id) == ("search", "documents", cast.patient.pk)


def test_the_pdf_comes_as_binary_or_as_itself_and_its_export_is_logged(cast, fhir_as, final_case):
    client = fhir_as("patient_user")

    as_json = client.get(f"/Binary/report-{final_case.pk}-pdf").json()
    raw = client.get(f"/Binary/report-{final_case.pk}-pdf", HTTP_ACCEPT="application/pdf")

    assert as_json["contentType"] == "application/pdf"
    assert base64.b64decode(as_json["data"]).startswith(b"%PDF")
    assert raw["Content-Type"] == "application/pdf"
    assert raw.content.startswith(b"%PDF")
    event = AccessEvent.objects.order_by("-pk").first()
    assert (event.action, event.data, event.case_id) == ("export", "report", final_case.pk)


def test_a_draft_report_is_no_document_reference(cast, fhir_as, a_case, advance):
    case = advance(a_case, "report_draft")

    assert fhir_as("coordinator").get(f"/DocumentReference/report-{case.pk}").status_code == 404
    assert fhir_as("coordinator").get(f"/Binary/report-{case.pk}-pdf").status_code == 404


def test_each_sending_is_a_communication_and_the_signer_a_provenance(cast, fhir_as, final_case):
    client = fhir_as("patient_user")

    sent = client.get(f"/Communication?based-on=ServiceRequest/{final_case.pk}").json()
    provenance = client.get(f"/Provenance/report-{final_case.pk}").json()

    assert sent["total"] >= 1
    communication = sent["entry"][0]["resource"]
    assert communication["payload"] == [
        {"contentReference": {"reference": f"DocumentReference/report-{final_case.pk}"}}
    ]
    assert communication["reasonCode"][0]["coding"][0]["code"] == "R23"
    assert provenance["agent"][0]["who"]["reference"] == f"Practitioner/{cast.giver.pk}"
    assert provenance["target"] == [{"reference": f"DocumentReference/report-{final_case.pk}"}]


def test_the_consent_ledger_as_consent(cast, fhir_as, final_case):
    found = fhir_as("patient_user").get(f"/Consent?patient={cast.patient.pk}").json()

    purposes = {
        e["resource"]["provision"]["purpose"][0]["code"]: e["resource"]["status"] for e in found["entry"]
    }
    assert purposes == {"inform_own_practitioner": "active"}


def test_the_patient_reads_who_looked_at_her_file_as_audit_events(cast, fhir_as, final_case):
    client = fhir_as("patient_user")

    found = client.get(f"/AuditEvent?patient=Patient/{cast.patient.pk}&_count=5").json()

    assert found["total"] > 5
    assert len(found["entry"]) == 5
    first = found["entry"][0]["resource"]
    assert first["entity"][0]["what"] == {"reference": f"Patient/{cast.patient.pk}"}
    assert client.get(f"/AuditEvent/{first['id']}").status_code == 200
    assert client.call("delete", f"/AuditEvent/{first['id']}").status_code == 405


def test_an_audit_event_names_the_practitioner_as_her_web_page_does(cast, fhir_as, final_case):
    """Who looked is named the same on the web ("who looked at my file") and in FHIR: a practitioner by
    the directory name, not the account's."""
    from secondopinion.audit.models import AccessEvent
    from secondopinion.audit.selectors import access_rows

    client = fhir_as("patient_user")
    found = client.get(f"/AuditEvent?patient=Patient/{cast.patient.pk}&_count=100").json()
    by_id = {int(e["resource"]["id"]): e["resource"]["agent"][0]["who"]["display"] for e in found["entry"]}
    giver_events = AccessEvent.objects.filter(pk__in=by_id, actor=cast.giver_user).order_by("pk")

    assert giver_events.exists()
    assert cast.giver.name != str(cast.giver_user)
    for row in access_rows(giver_events):
        assert by_id[row.event.pk] == row.person == cast.giver.name


@pytest.mark.parametrize("who", ["stranger", "other_coordinator", "other_patient_user"])
def test_a_stranger_reads_none_of_it(cast, fhir_as, final_case, who):
    client = fhir_as(who)
    event = AccessEvent.objects.filter(patient=cast.patient).order_by("pk").first()
    before = AccessEvent.objects.count()

    paths = [
        f"/DocumentReference/report-{final_case.pk}",
        f"/Binary/report-{final_case.pk}-pdf",
        f"/Provenance/report-{final_case.pk}",
        f"/AuditEvent/{event.pk}",
        f"/Consent/{final_case.consents.first().pk}",
    ]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 404, path
        assert outcome(response)["issue"][0]["code"] == "not-found"
    for path in ("/DocumentReference", "/Communication", "/Consent"):
        assert client.get(f"{path}?patient={cast.patient.pk}").json()["total"] == 0
    assert client.get(f"/AuditEvent?patient={cast.patient.pk}").status_code == 404
    assert AccessEvent.objects.count() == before


def test_the_giver_may_not_read_the_patients_access_log(cast, fhir_as, final_case):
    assert fhir_as("giver_user").get(f"/AuditEvent?patient={cast.patient.pk}").status_code == 404


@pytest.mark.parametrize(
    ("who", "path"),
    [
        ("treating_user", "/DocumentReference?patient={patient}"),
        ("treating_user", "/Communication?patient={patient}"),
        ("patient_user", "/Consent?patient={patient}"),
        ("patient_user", "/AuditEvent?patient={patient}"),
        ("patient_user", "/DocumentReference?patient={patient}"),
        ("coordinator", "/Communication?patient={patient}"),
    ],
)
def test_a_search_reads_as_many_queries_for_three_cases_as_for_one(cast, fhir_as, submit, advance, who, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = fhir_as(who)
    url = path.format(patient=cast.patient.pk)
    advance(submit(), "report_final")
    client.get(url)  # the token's first use is recorded once
    with CaptureQueriesContext(connection) as one:
        first = client.get(url).json()
    for _ in range(2):
        advance(submit(), "report_final")

    with CaptureQueriesContext(connection) as three:
        again = client.get(url).json()

    assert again["total"] > first["total"] > 0
    assert len(three) == len(one), [q["sql"][:120] for q in three.captured_queries]


@pytest.mark.parametrize("path", ["/DocumentReference", "/Communication", "/AuditEvent"])
def test_a_search_over_every_case_needs_the_patient(fhir_as, path):
    response = fhir_as("coordinator").get(path)

    assert response.status_code == 400
    assert outcome(response)["issue"][0]["expression"] == ["patient"]
