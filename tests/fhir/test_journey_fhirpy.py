"""An integrator's journey with fhirpy, a published FHIR client nobody here wrote, against the live
server: the GP posts a referral Bundle and finds the patient by BSN, the practice follows the Task by
polling _lastUpdated until it is completed, the GP fetches the report's DocumentReference and its PDF,
and the patient reads the AuditEvents of her file."""

import base64

import pytest
from django.utils import timezone
from fhirpy import SyncFHIRClient
from fhirpy.base.exceptions import OperationOutcome, ResourceNotFound

from secondopinion.api.models import ApiToken
from secondopinion.cases.models import SecondOpinionCase
from tests.fhir.conftest import referral_bundle

BSN = "http://fhir.nl/fhir/NamingSystem/bsn"


def _client(live_server, user) -> SyncFHIRClient:
    _token, secret = ApiToken.issue(user=user, name="integrator")
    return SyncFHIRClient(f"{live_server.url}/fhir/R4", authorization=f"Bearer {secret}")


@pytest.mark.django_db(transaction=True)
def test_an_integrator_follows_a_referral_from_bundle_to_report(live_server, cast, advance):
    gp, practice = _client(live_server, cast.gp_user), _client(live_server, cast.coordinator)
    patient_app, stranger = _client(live_server, cast.patient_user), _client(live_server, cast.stranger)

    # The GP's system posts the referral, twice (a retry): one case.
    answer = gp.execute("", method="post", data=referral_bundle(cast))
    again = gp.execute("", method="post", data=referral_bundle(cast))
    location = answer["entry"][3]["response"]["location"]
    assert again["entry"][3]["response"]["location"] == location
    assert SecondOpinionCase.objects.count() == 1
    case_id = int(location.split("/")[1])

    # The patient by BSN, as the GP now holds a role in her case; a stranger finds nobody.
    found = gp.resources("Patient").search(identifier=f"{BSN}|{cast.patient.bsn}").fetch()
    assert [p.id for p in found] == [str(cast.patient.pk)]
    assert stranger.resources("Patient").search(identifier=f"{BSN}|{cast.patient.bsn}").fetch() == []
    with pytest.raises(ResourceNotFound):
        stranger.reference("Task", case_id).to_resource()

    # The practice polls its Tasks by _lastUpdated and sees each step, up to completed.
    owner = f"Organization/{cast.giving_practice.pk}"
    seen: list[str] = []
    case = SecondOpinionCase.objects.get(pk=case_id)
    for target in ("submitted", "accepted", "in_examination", "report_final"):
        since = timezone.now()
        case = advance(case, target)
        tasks = practice.resources("Task").search(owner=owner).fetch_all()
        task = next(t for t in tasks if t.id == str(case_id))
        seen.append(task.status)
        changed = (
            practice.resources("Task").search(owner=owner, _lastUpdated=f"ge{since.isoformat()}").fetch()
        )
        assert [t.id for t in changed] == ([str(case_id)] if target != "submitted" else [])
    assert seen == ["requested", "accepted", "in-progress", "completed"]
    focus = practice.resources("Task").search(owner=owner).include("Task", "focus").fetch_raw()
    assert {e["resource"]["resourceType"] for e in focus["entry"]} == {"Task", "ServiceRequest"}

    # The GP fetches the report's DocumentReference and its PDF.
    references = gp.resources("DocumentReference").search(patient=f"Patient/{cast.patient.pk}").fetch()
    report = next(r for r in references if r.id == f"report-{case_id}")
    pdf_url = next(c.attachment.url for c in report.content if c.attachment.contentType == "application/pdf")
    binary = gp.reference(reference=pdf_url).to_resource()
    assert base64.b64decode(binary.data).startswith(b"%PDF")

    # The patient reads who looked at her file, page by page, with the GP's reads among them.
    events = (
        patient_app.resources("AuditEvent").search(patient=f"Patient/{cast.patient.pk}").limit(10).fetch_all()
    )
    assert len(events) > 10  # more than one page, followed by its next links
    actors = {e.agent[0].who.display for e in events}
    assert cast.gp.name in actors  # by her directory name, as her web page names the GP
    assert str(cast.stranger) not in actors

    # An error is an OperationOutcome fhirpy understands.
    with pytest.raises(OperationOutcome):
        practice.resources("Task").search(colour="blue").fetch()
