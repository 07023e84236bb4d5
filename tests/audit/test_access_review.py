"""A complaints officer reviews the access log of the cases their organisation handles (NEN 7513).
Reading the log needs the second factor, and is itself logged."""

import pytest
from django.test import Client
from django.urls import reverse

from secondopinion.audit.models import AccessEvent
from secondopinion.audit.selectors import access_events_for_review
from secondopinion.cases.selectors import case_get
from secondopinion.core.errors import InvalidInput, NotFound, NotPermitted
from tests.accounts.conftest import authenticator, code
from tests.conftest import PASSWORD
from tests.factories import OrganisationFactory, StaffFactory, UserFactory
from tests.reading import visible_text

pytestmark = [pytest.mark.django_db, pytest.mark.second_factor]
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def verified_client(username: str, user) -> Client:
    """Log in through the real forms: password, then the authenticator's code."""
    device = authenticator(user)
    client = Client()
    client.post(reverse("web:login"), {"username": username, "password": PASSWORD})
    client.post(reverse("web:otp-verify"), {"otp": code(device), "next": "/"})
    return client


def test_the_officer_sees_who_accessed_the_organisations_cases_and_the_review_is_logged(cast, a_case):
    case_get(user=cast.coordinator, case_id=a_case.pk, source="web")
    client = verified_client("klachten", cast.complaints_officer)

    response = client.get(reverse("web:access-review"), {"case": a_case.reference}, **EN)

    page = response.content.decode()
    assert response.status_code == 200
    assert a_case.reference in page
    assert "Petra de Vries" in page
    review = AccessEvent.objects.filter(actor=cast.complaints_officer, data="access_log").get()
    assert (review.action, review.role, review.basis, review.source) == (
        "search",
        "complaints_officer",
        "complaints_officer",
        "web",
    )
    assert review.patient == a_case.patient


def test_without_the_second_factor_the_log_stays_closed_and_nothing_is_logged(cast, a_case):
    client = Client()
    client.force_login(cast.complaints_officer)  # a password session without a code

    refused = client.get(reverse("web:access-review"), **EN)

    assert refused.status_code in (302, 403)
    assert "Petra de Vries" not in refused.content.decode()
    assert not AccessEvent.objects.filter(data="access_log").exists()
    with pytest.raises(NotPermitted):
        access_events_for_review(user=cast.complaints_officer, verified=False)


@pytest.mark.parametrize("member", ["coordinator", "giver_user", "patient_user", "stranger"])
def test_nobody_but_a_complaints_officer_finds_the_review(cast, a_case, member):
    with pytest.raises(NotFound):
        access_events_for_review(user=getattr(cast, member), verified=True)


def test_an_officer_of_another_organisation_sees_none_of_these_events(cast, a_case):
    case_get(user=cast.coordinator, case_id=a_case.pk, source="web")
    elsewhere = StaffFactory(
        organisation=OrganisationFactory(name="Elders"), function="complaints_officer", user=UserFactory()
    ).user

    events = access_events_for_review(user=elsewhere, verified=True)

    assert list(events) == []


def test_a_case_reference_that_is_not_one_is_refused_naming_the_field(cast):
    with pytest.raises(InvalidInput) as error:
        access_events_for_review(user=cast.complaints_officer, verified=True, case_reference="gisteren")

    assert error.value.field == "case"
    assert "TM-2026-00012" in error.value.detail.en
    assert not AccessEvent.objects.filter(data="access_log").exists()


def test_the_review_page_speaks_dutch_by_default(cast, a_case):
    client = verified_client("klachten", cast.complaints_officer)

    page = client.get(reverse("web:access-review")).content.decode()

    assert "Toegangslog" in page


INTRO = {
    "nl": (
        "Elke toegang tot patiëntgegevens in de casussen die uw organisatie behandelt, en, in casussen van "
        "andere organisaties, wat gaat over een klacht die bij uw organisatie is ingediend (NEN 7513). Wat "
        "gaat over een klacht bij een andere organisatie, ziet u hier niet."
    ),
    "en": (
        "Every access to patient data in the cases your organisation handles, and, in other organisations' "
        "cases, what concerns a complaint made to your organisation (NEN 7513). What concerns a complaint "
        "made to another organisation is not shown here."
    ),
}


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_intro_says_which_events_the_review_holds(cast, language):
    """Its own organisation's cases, and on other organisations' cases what concerns a complaint made to
    it (R28); never what concerns a complaint made elsewhere (review_scope)."""
    client = verified_client("klachten", cast.complaints_officer)

    page = client.get(reverse("web:access-review"), HTTP_ACCEPT_LANGUAGE=language).content.decode()

    assert INTRO[language] in " ".join(visible_text(page).split())
