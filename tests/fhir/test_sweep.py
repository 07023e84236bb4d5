"""The sweep of foreign ids over the FHIR endpoint: every resource type the registry serves with a
scope (fhir/registry.py) is read by id by people who have no business with the case — a logged-in
stranger, the coordinator and the patient of another organisation — with the ids of a case that
went all the way to its final report (a representative, a document, sendings, consents, an access
event, a subscription). Each answer is 404 with an OperationOutcome that names nothing of the case,
and none of them logs an access to the patient. A resource type served with a scope but without an
id here fails `test_every_scoped_resource_type_is_swept`, so a new one joins the sweep before it
ships. The public directory (Practitioner, PractitionerRole, Organization) is any token's to read."""

import pytest

from secondopinion.audit.models import AccessEvent
from secondopinion.distribution.models import Sending
from secondopinion.documents.services import document_upload
from secondopinion.fhir.models import Subscription
from secondopinion.fhir.registry import KINDS
from tests.conftest import representation_in_force
from tests.documents import files
from tests.documents.conftest import upload
from tests.fhir.conftest import outcome

pytestmark = pytest.mark.django_db

STRANGERS = ("stranger", "other_coordinator", "other_patient_user")
PUBLIC = frozenset(name for name, kind in KINDS.items() if kind.scope is None)


def _ids(cast, case, fhir_as) -> dict[str, list[str]]:
    representative = representation_in_force(cast)
    document = document_upload(
        actor=cast.patient_user,
        case_id=case.pk,
        upload=upload("foto.png", files.png()),
        purpose="patient_brought",
        source="web",
    )
    created = fhir_as("coordinator").post(
        "/Subscription",
        {
            "resourceType": "Subscription",
            "status": "requested",
            "reason": "Follow our referrals",
            "criteria": f"Task?owner=Organization/{cast.giving_practice.pk}",
            "channel": {"type": "rest-hook", "endpoint": "https://ehr.example.nl/fhir/notify"},
        },
    )
    assert created.status_code == 201, created.content
    event = AccessEvent.objects.filter(patient=cast.patient).order_by("pk").first()
    sendings = [str(pk) for pk in Sending.objects.filter(case=case).values_list("pk", flat=True)]
    assert sendings, "the final report is sent to someone"
    assert Subscription.objects.exists()
    return {
        "Patient": [str(cast.patient.pk)],
        "RelatedPerson": [str(representative.pk)],
        "ServiceRequest": [str(case.pk)],
        "Task": [str(case.pk)],
        "DocumentReference": [f"report-{case.pk}", f"document-{document.pk}"],
        "Binary": [f"report-{case.pk}-pdf", f"report-{case.pk}-docx", f"document-{document.pk}"],
        "Communication": sendings,
        "Provenance": [f"report-{case.pk}"],
        "Consent": [str(pk) for pk in case.consents.values_list("pk", flat=True)],
        "AuditEvent": [str(event.pk)],
        "Subscription": [created.json()["id"]],
    }


@pytest.fixture
def swept(cast, a_case, advance, fhir_as) -> dict[str, list[str]]:
    case = advance(a_case, "report_final")
    return _ids(cast, case, fhir_as)


def test_every_scoped_resource_type_is_swept(swept):
    assert set(swept) == set(KINDS) - PUBLIC
    assert all(swept.values())


def test_the_ids_are_real_the_patient_and_the_coordinator_read_them(fhir_as, swept):
    """Without this, a sweep of ids that name nothing would pass for the wrong reason."""
    answers = {
        (kind, raw_id): fhir_as("coordinator" if kind == "Subscription" else "patient_user")
        .get(f"/{kind}/{raw_id}")
        .status_code
        for kind, ids in swept.items()
        for raw_id in ids
    }

    assert {key: status for key, status in answers.items() if status != 200} == {}


@pytest.mark.parametrize("who", STRANGERS)
def test_nobody_without_business_reads_any_resource_of_the_case_by_id(cast, fhir_as, swept, who):
    client = fhir_as(who)
    logged_before = AccessEvent.objects.filter(patient=cast.patient).count()
    leaks = []

    for kind, ids in swept.items():
        for raw_id in ids:
            response = client.get(f"/{kind}/{raw_id}")
            text = response.content.decode(errors="replace")
            if (
                response.status_code != 404
                or outcome(response)["issue"][0]["code"] != "not-found"
                or cast.patient.name in text
                or cast.patient.bsn in text
            ):
                leaks.append(f"{who} GET /{kind}/{raw_id}: {response.status_code} {text[:120]}")

    assert leaks == []
    assert AccessEvent.objects.filter(patient=cast.patient).count() == logged_before
