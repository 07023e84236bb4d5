"""R8, R18: the patient gives and revokes consent to a representative on their own page; a coordinator
records a consent signed on paper; the representative's access follows at once."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from secondopinion.api.models import ApiToken
from secondopinion.audit.models import AccessEvent
from secondopinion.cases.selectors import case_get
from secondopinion.cases.services import case_submit
from secondopinion.core.errors import InvalidInput, NotFound, NotPermitted, RuleBlocked
from secondopinion.directory.models import Representative
from secondopinion.directory.services import representation_consent_give, representation_consent_revoke
from secondopinion.documents.models import Document
from tests.conftest import submit_input
from tests.documents.files import pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def document_root(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }


@pytest.fixture
def representation(cast) -> Representative:
    return Representative.objects.create(user=cast.representative, patient=cast.patient, relation="partner")


def give(actor, representation, **kwargs):
    return representation_consent_give(
        actor=actor, representative_id=representation.pk, source="web", **{"confirmed": True, **kwargs}
    )


def representation_events():
    return AccessEvent.objects.filter(data="representation", action="update")


def submit_as_representative(cast):
    data = submit_input(cast, requester_kind="representative")
    return case_submit(actor=cast.representative, data=data, source="web")


def test_the_patient_gives_consent_in_the_app(cast, representation):
    given = give(cast.patient_user, representation)

    given.refresh_from_db()
    assert given.consent_in_force
    assert given.consent_method == "in_app"
    assert given.consent_recorded_by_name == ""


def test_it_refuses_a_consent_without_the_ticked_declaration(cast, representation):
    with pytest.raises(InvalidInput) as refused:
        give(cast.patient_user, representation, confirmed=False)

    assert refused.value.field == "confirmed"
    representation.refresh_from_db()
    assert representation.consent_given_at is None
    assert not representation_events().exists()


def test_the_patient_revokes_consent(cast, representation):
    give(cast.patient_user, representation)

    revoked = representation_consent_revoke(
        actor=cast.patient_user, representative_id=representation.pk, source="web"
    )

    revoked.refresh_from_db()
    assert not revoked.consent_in_force
    assert revoked.consent_revoked_at >= revoked.consent_given_at


def test_a_revoked_consent_can_be_given_again(cast, representation):
    give(cast.patient_user, representation)
    representation_consent_revoke(actor=cast.patient_user, representative_id=representation.pk, source="web")

    again = give(cast.patient_user, representation)

    assert again.consent_in_force


def test_it_refuses_to_revoke_a_consent_that_is_not_in_force(cast, representation):
    with pytest.raises(InvalidInput):
        representation_consent_revoke(
            actor=cast.patient_user, representative_id=representation.pk, source="web"
        )


@pytest.mark.parametrize("who", ["stranger", "other_patient_user", "giver_user", "complaints_officer"])
def test_someone_else_finds_no_such_representation(cast, representation, who):
    with pytest.raises(NotFound):
        give(getattr(cast, who), representation)
    with pytest.raises(NotFound):
        representation_consent_revoke(
            actor=getattr(cast, who), representative_id=representation.pk, source="web"
        )

    assert not representation_events().exists()


def test_the_representative_cannot_consent_for_themself(cast, representation):
    with pytest.raises(NotPermitted):
        give(cast.representative, representation)

    representation.refresh_from_db()
    assert representation.consent_given_at is None


def test_each_change_writes_one_access_event_naming_the_patient(cast, representation):
    give(cast.patient_user, representation)
    representation_consent_revoke(actor=cast.patient_user, representative_id=representation.pk, source="api")

    events = list(representation_events().order_by("id"))
    assert [(e.actor_id, e.role, e.basis, e.patient_id, e.source) for e in events] == [
        (cast.patient_user.pk, "patient", "patient", cast.patient.pk, "web"),
        (cast.patient_user.pk, "patient", "patient", cast.patient.pk, "api"),
    ]


def test_the_representative_submits_once_the_patient_consented(cast, representation):
    with pytest.raises(RuleBlocked) as blocked:
        submit_as_representative(cast)
    assert blocked.value.rule_ids == ["R8"]

    give(cast.patient_user, representation)

    case = submit_as_representative(cast)
    assert case.requester == cast.representative


def test_the_representative_loses_access_to_the_case_the_moment_consent_is_revoked(cast, representation):
    give(cast.patient_user, representation)
    case = submit_as_representative(cast)
    client = Client(secure=True)
    client.force_login(cast.representative)
    assert client.get(reverse("web:case", args=[case.pk])).status_code == 200

    representation_consent_revoke(actor=cast.patient_user, representative_id=representation.pk, source="web")

    assert client.get(reverse("web:case", args=[case.pk])).status_code == 404
    with pytest.raises(NotFound):
        case_get(user=cast.representative, case_id=case.pk, source="web")


def test_a_coordinator_finds_no_representation_of_a_patient_without_a_case_at_their_organisation(
    cast, representation
):
    # A coordinator acts only for patients with a case at their organisation (tests/security/).
    with pytest.raises(NotFound):
        give(cast.coordinator, representation)

    representation.refresh_from_db()
    assert not representation.consent_in_force
    assert not representation_events().exists()


def test_a_coordinator_keeps_the_signed_form_with_the_patients_case_at_their_organisation(
    cast, representation, a_case
):
    with pytest.raises(InvalidInput) as refused:
        give(cast.coordinator, representation)
    assert refused.value.field == "file"

    form = SimpleUploadedFile("toestemming.pdf", pdf(), content_type="application/pdf")
    given = give(cast.coordinator, representation, signed_form=form)

    assert given.consent_method == "signed_upload"
    assert Document.objects.filter(case=a_case, purpose="consent_form").count() == 1
    assert representation_events().get().case_id == a_case.pk


def test_the_patients_page_lists_the_representatives_and_gives_consent(cast, representation):
    client = Client(secure=True)
    client.force_login(cast.patient_user)
    page = client.get(reverse("web:representatives"), HTTP_ACCEPT_LANGUAGE="nl")
    assert page.status_code == 200
    assert escape(str(cast.representative)) in page.content.decode()

    url = reverse("web:representation-consent", args=[representation.pk])
    unticked = client.post(url, {})
    assert unticked.status_code == 422
    assert client.post(url, {"confirmed": "on"}).status_code == 302

    representation.refresh_from_db()
    assert representation.consent_in_force
    revoke = client.post(reverse("web:representation-revoke", args=[representation.pk]))
    assert revoke.status_code == 302
    representation.refresh_from_db()
    assert representation.consent_revoked_at is not None


@pytest.mark.parametrize("who", ["representative", "stranger", "coordinator"])
def test_the_patients_page_exists_only_for_a_patient(cast, representation, who):
    client = Client(secure=True)
    client.force_login(getattr(cast, who))

    assert client.get(reverse("web:representatives")).status_code == 404


def test_the_coordinator_finds_the_patient_by_bsn_and_date_of_birth_and_records_the_paper_consent(
    cast, representation, a_case
):
    client = Client(secure=True)
    client.force_login(cast.coordinator)
    url = reverse("web:representation-paper")
    found = {"bsn": cast.patient.bsn, "date_of_birth": cast.patient.date_of_birth.isoformat()}

    page = client.post(url, found)
    assert page.status_code == 200
    assert escape(str(cast.representative)) in page.content.decode()
    wrong_birth = client.post(url, {**found, "date_of_birth": "1900-01-01"})
    assert escape(str(cast.representative)) not in wrong_birth.content.decode()

    form = SimpleUploadedFile("toestemming.pdf", pdf(), content_type="application/pdf")
    done = client.post(url, {**found, "representative": representation.pk, "confirmed": "on", "file": form})
    assert done.status_code == 302
    representation.refresh_from_db()
    assert representation.consent_method == "signed_upload"


def test_the_paper_page_exists_only_for_a_coordinator(cast):
    client = Client(secure=True)
    client.force_login(cast.patient_user)

    assert client.get(reverse("web:representation-paper")).status_code == 404


def test_the_api_lists_gives_and_revokes(cast, representation):
    token = ApiToken.issue(user=cast.patient_user, name="t")[1]
    client = Client(secure=True, HTTP_AUTHORIZATION=f"Bearer {token}")

    listed = client.get("/api/v1/patients/me/representatives").json()
    assert [(r["id"], r["consent_in_force"]) for r in listed] == [(representation.pk, False)]
    refused = client.post(
        f"/api/v1/representatives/{representation.pk}/consent", {}, content_type="application/json"
    )
    assert refused.status_code == 422
    given = client.post(
        f"/api/v1/representatives/{representation.pk}/consent",
        {"confirmed": True},
        content_type="application/json",
    )
    assert given.status_code == 200
    assert given.json()["consent_in_force"] is True
    revoked = client.post(f"/api/v1/representatives/{representation.pk}/consent/revoke")
    assert revoked.status_code == 200
    assert revoked.json()["consent_revoked_at"] is not None


def test_the_api_hides_the_representation_from_a_stranger(cast, representation):
    token = ApiToken.issue(user=cast.stranger, name="t")[1]
    client = Client(secure=True, HTTP_AUTHORIZATION=f"Bearer {token}")

    assert client.get("/api/v1/patients/me/representatives").status_code == 404
    response = client.post(
        f"/api/v1/representatives/{representation.pk}/consent",
        {"confirmed": True},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")


@pytest.mark.parametrize(
    ("language", "heading", "declaration"),
    [
        ("nl", "Mijn vertegenwoordigers", "namens mij mag optreden"),
        ("en", "My representatives", "may act for me in my second-opinion requests"),
    ],
)
def test_the_patients_page_speaks_dutch_and_english(cast, representation, language, heading, declaration):
    client = Client(secure=True)
    client.force_login(cast.patient_user)

    body = client.get(reverse("web:representatives"), HTTP_ACCEPT_LANGUAGE=language).content.decode()

    assert heading in body
    assert declaration in body


def test_revoking_the_representation_withdraws_the_reports_sent_to_the_representative(
    cast, representation, advance
):
    from secondopinion.distribution.models import Sending

    give(cast.patient_user, representation)
    case = advance(submit_as_representative(cast), "report_final")
    sent = Sending.objects.filter(case=case, recipient_user=cast.representative)
    assert sent.count() == 1
    others = Sending.objects.filter(case=case).exclude(recipient_user=cast.representative)
    assert others.exists()

    representation_consent_revoke(actor=cast.patient_user, representative_id=representation.pk, source="web")

    assert sent.get().withdrawn_at is not None
    assert not others.filter(withdrawn_at__isnull=False).exists()  # the patient's own copy stays
