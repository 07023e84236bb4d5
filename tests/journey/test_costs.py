"""Before submitting, the wizard's summary tells what the second opinion costs at the chosen practice,
what the insurance usually pays for this patient (a child's dental care is paid by the basic insurance,
an adult's mostly not) and how long it takes: in Dutch and in English, in plain words."""

import datetime as dt

import pytest
from django.utils import timezone

from secondopinion.billing.models import PracticePrice, TariffAmount, TariffCode
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.directory.models import Representative
from secondopinion.planning.models import StepDuration
from tests.audit.test_who_looked_labels import MACHINE_NAME
from tests.factories import OrganisationFactory, PatientFactory, PractitionerFactory
from tests.journey.test_wizard import url, walk
from tests.reading import visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def patient(client, cast):
    client.force_login(cast.patient_user)
    return client


def summary(client, language: str) -> str:
    response = client.get(url("summary"), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert MACHINE_NAME.search(text) is None, MACHINE_NAME.search(text)
    return text


def this_year_amount(cents: int) -> None:
    c011 = TariffCode.objects.get(code="C011")
    year = timezone.localdate().year
    TariffAmount.objects.filter(valid_from__year=year).delete()
    TariffAmount.objects.create(
        tariff=c011, valid_from=dt.date(year, 1, 1), valid_until=dt.date(year, 12, 31), amount_cents=cents
    )


def test_an_adult_reads_the_cost_and_that_the_basic_insurance_does_not_pay_before_submitting(patient, cast):
    this_year_amount(14210)
    walk(patient, cast)

    dutch = summary(patient, "nl")
    english = summary(patient, "en")

    assert "Kosten en tijd" in dutch
    assert "De second opinion kost € 142,10: het NZa-tarief voor C011" in dutch
    assert "Voor volwassenen betaalt de basisverzekering bijna geen zorg van de tandarts" in dutch
    assert "The second opinion costs €142.10: the NZa tariff for C011" in english
    assert "For adults the basic insurance pays for almost no care by the dentist" in english
    assert "basisverzekering vergoedt meestal met verwijzing" not in dutch
    # Shown before the request exists.
    assert not SecondOpinionCase.objects.exists()


def test_the_practices_own_price_comes_first(patient, cast):
    this_year_amount(14210)
    PracticePrice.objects.create(
        organisation=cast.giving_practice,
        tariff=TariffCode.objects.get(code="C011"),
        valid_from=dt.date(2020, 1, 1),
        amount_cents=12500,
    )
    walk(patient, cast)

    assert "De praktijk rekent € 125,00 voor de second opinion" in summary(patient, "nl")
    assert "The practice charges €125.00 for the second opinion" in summary(patient, "en")


def test_without_this_years_amount_the_latest_known_is_named_as_such(patient, cast):
    walk(patient, cast)

    english = summary(patient, "en")

    assert "The amount for this year is not known here yet. In 2025 the second opinion" in english
    assert "€136.56" in english


def test_a_child_reads_that_the_basic_insurance_pays_the_dentist(patient, cast):
    cast.patient.date_of_birth = timezone.localdate().replace(year=timezone.localdate().year - 10, day=1)
    cast.patient.save()
    walk(patient, cast)

    assert "Dan betaalt de basisverzekering de zorg van de tandarts, ook een second opinion." in summary(
        patient, "nl"
    )
    assert "The patient is younger than 18." in summary(patient, "en")


def test_a_representative_reads_the_guidance_for_the_childs_age(client, cast):
    child = PatientFactory(name="Sem de Vries", date_of_birth=dt.date(timezone.localdate().year - 8, 1, 1))
    Representative.objects.create(
        user=cast.representative, patient=child, relation="parent", consent_given_at=timezone.now()
    )
    client.force_login(cast.representative)
    walk(
        client,
        cast,
        who={"requester_kind": "representative", "represented": child.pk},
        consents={"own_practitioner_informed": "no", "patient_agrees": "on"},
    )

    assert "The patient is younger than 18." in summary(client, "en")


def test_a_medical_specialist_names_no_amount_and_asks_for_a_referral(patient, cast):
    neurologist = PractitionerFactory(
        discipline="medical_specialist", specialism="neurologie", organisation=cast.treating_practice
    )
    hospital = OrganisationFactory(name="Ziekenhuis Oost", city="Utrecht", kind="hospital")
    PractitionerFactory(discipline="medical_specialist", specialism="neurologie", organisation=hospital)
    walk(
        patient,
        cast,
        practitioner={"treating_practitioner": neurologist.pk},
        place={"organisation": hospital.pk},
        referral={"has_referral": "no"},
    )

    english = summary(patient, "en")

    assert "A hospital or GP practice bills the second opinion under its own tariff agreements" in english
    assert "Without one, the basic insurance usually does not pay." in english
    assert "€" not in english


def test_the_summary_says_how_long_it_takes_at_this_practice(patient, cast):
    walk(patient, cast)
    assert "takes about 8 weeks at this practice" in summary(patient, "en")

    for status in ("submitted", "accepted", "assigned", "informed", "in_examination", "report_draft"):
        StepDuration.objects.create(
            organisation=cast.giving_practice, protocol="dental-knmt", status=status, days=1
        )

    assert "takes about 1 week at this practice" in summary(patient, "en")
    assert "duurt bij deze praktijk ongeveer 1 week" in summary(patient, "nl")
