"""A refused attempt on another organisation's patient data is recorded with that organisation as
its target (audit/security.py: TARGET_PARAMETERS, TARGET_MODELS), so its complaints officer reviews
it (audit/security_review.py); an id that names nothing leaves the target organisation empty. And the
access decision comes before the form: a stranger gets 404 whatever the body."""

import pytest
from django.test import Client, RequestFactory

from secondopinion.aftercare.complaints import complaint_file
from secondopinion.api.models import ApiToken
from secondopinion.audit.models import SecurityEvent
from secondopinion.audit.security_review import security_events_for_review
from secondopinion.consent.models import Consent
from secondopinion.distribution.models import Sending
from secondopinion.letters.models import PatientLetter
from secondopinion.notifications.models import Alert
from tests.appointments.sweep import appointment_ids

pytestmark = pytest.mark.django_db
UNKNOWN = 987654


@pytest.fixture
def final(advance, submit):
    """A case of the giving practice (organisation A) with its final report sent (R23)."""
    return advance(submit(), "report_final")


@pytest.fixture
def ids(cast, final) -> dict[str, int]:
    """The ids of organisation A's objects a URL can name."""
    letter = PatientLetter.objects.create(
        case=final,
        kind="inform",
        language="nl",
        generated_by=cast.patient_user,
        generated_role="patient",
        content={},
        content_hash="0" * 64,
    )
    complaint = complaint_file(
        actor=cast.patient_user, case_id=final.pk, text="Te lang gewacht.", source="web"
    )
    alert = Alert.objects.create(
        recipient=cast.patient_user, case=final, kind="status", status="report_final"
    )
    consent = Consent.objects.filter(case=final, revoked_at__isnull=True).order_by("pk").first()
    assert consent is not None
    return {
        "case": final.pk,
        "patient": final.patient_id,
        "letter": letter.pk,
        "appointment": appointment_ids(final)["appointment_id"],
        "complaint": complaint.pk,
        "sending": Sending.objects.filter(case=final).order_by("pk").values_list("pk", flat=True)[0],
        "consent": consent.pk,
        "alert": alert.pk,
    }


def stranger(cast) -> Client:
    """The coordinator of another organisation (Tandartsen aan de Gracht), logged in."""
    client = Client(secure=True)
    client.force_login(cast.other_coordinator)
    return client


def fhir(cast) -> Client:
    token = ApiToken.issue(user=cast.other_coordinator, name="t")[1]
    return Client(secure=True, HTTP_AUTHORIZATION=f"Bearer {token}")


# (method, path from the ids, the kind and the id the event names)
WEB = [
    ("get", "/brieven/{letter}/brief.pdf", "letter"),
    ("get", "/appointments/{appointment}/calendar.ics", "appointment"),
    ("get", "/complaints/{complaint}/", "complaint"),
    ("get", "/reports/inbox/{sending}/report.pdf", "sending"),
    ("post", "/meldingen/{alert}/gelezen/", "alert"),
    ("get", "/mijn-gegevens/inzage/{patient}/", "patient"),
    # The case's id comes first: the consent is tried through the case of organisation A.
    ("post", "/cases/{case}/consents/{consent}/revoke/", "case"),
]
FHIR = [
    ("/fhir/R4/ServiceRequest/{case}", "case", {}),
    ("/fhir/R4/Binary/report-{case}-pdf", "case", {"HTTP_ACCEPT": "application/pdf"}),
    ("/fhir/R4/Consent/{consent}", "consent", {}),
]


def reviewed_by_the_officer(cast, event: SecurityEvent) -> bool:
    request = RequestFactory().get("/beveiligingslog/")
    request.user = cast.complaints_officer
    events = security_events_for_review(request=request, user=cast.complaints_officer, verified=True)
    return events.filter(pk=event.pk).exists()


def refusal(cast, path: str) -> SecurityEvent:
    return (
        SecurityEvent.objects.filter(actor=cast.other_coordinator, path=path)
        .exclude(kind="security_read")
        .get()
    )


@pytest.mark.parametrize(("method", "template", "kind"), WEB)
def test_a_web_refusal_names_the_organisation_of_the_case_and_its_officer_sees_it(
    cast, ids, method, template, kind
):
    path = template.format(**ids)

    response = getattr(stranger(cast), method)(path)

    assert response.status_code == 404
    assert "Petra" not in response.content.decode()
    event = refusal(cast, path)
    assert (event.kind, event.face, event.target_kind, event.target_id) == (
        "not_found",
        "web",
        kind,
        ids[kind],
    )
    assert event.target_organisation == cast.giving_practice
    assert reviewed_by_the_officer(cast, event)


@pytest.mark.parametrize(("template", "kind", "headers"), FHIR)
def test_a_fhir_refusal_names_its_target_and_is_an_api_event(cast, ids, template, kind, headers):
    path = template.format(**ids)

    response = fhir(cast).get(path, **headers)

    assert response.status_code == 404
    assert "Petra" not in response.content.decode()
    event = refusal(cast, path)
    assert (event.kind, event.face, event.target_kind, event.target_id) == (
        "not_found",
        "api",
        kind,
        ids[kind],
    )
    assert event.target_organisation == cast.giving_practice
    assert reviewed_by_the_officer(cast, event)


@pytest.mark.parametrize(
    ("client", "path", "kind"),
    [
        ("web", f"/brieven/{UNKNOWN}/brief.pdf", "letter"),
        ("web", f"/complaints/{UNKNOWN}/", "complaint"),
        ("web", f"/mijn-gegevens/inzage/{UNKNOWN}/", "patient"),
        ("fhir", f"/fhir/R4/ServiceRequest/{UNKNOWN}", "case"),
    ],
)
def test_an_id_that_names_nothing_leaves_the_target_organisation_empty(cast, ids, client, path, kind):
    response = (stranger(cast) if client == "web" else fhir(cast)).get(path)

    assert response.status_code == 404
    event = refusal(cast, path)
    assert (event.target_kind, event.target_id, event.target_organisation) == (kind, UNKNOWN, None)
    assert not reviewed_by_the_officer(cast, event)


# --- the access decision before the form ---------------------------------------------------------


@pytest.mark.parametrize("part", ["evaluation", "outcome", "messages", "complaint"])
def test_a_stranger_gets_404_and_a_security_event_whatever_the_body(cast, final, part):
    path = f"/cases/{final.pk}/{part}/"

    response = stranger(cast).post(path, {})

    assert response.status_code == 404
    assert "Petra" not in response.content.decode()
    event = refusal(cast, path)
    assert (event.kind, event.target_kind, event.target_id, event.target_organisation) == (
        "not_found",
        "case",
        final.pk,
        cast.giving_practice,
    )


@pytest.mark.parametrize(
    ("part", "who", "field"),
    [("evaluation", "patient_user", "decision"), ("outcome", "giver_user", "diagnosis")],
)
def test_who_may_act_still_hears_what_is_wrong_with_the_form(cast, final, part, who, field):
    client = Client(secure=True)
    client.force_login(getattr(cast, who))

    response = client.post(f"/cases/{final.pk}/{part}/", {})

    assert response.status_code == 422
    assert field in response.context["form"].errors
    assert not SecurityEvent.objects.filter(actor=getattr(cast, who)).exists()
