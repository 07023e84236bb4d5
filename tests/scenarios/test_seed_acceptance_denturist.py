"""Seed acceptance: the denturist's own rules (seed 002, R3, R11), and what a dentist's or denturist's
patient reads when the request is not a second opinion (R5), on the request API and the web pages.

Seed 002: "in de praktijk wordt een second opinion vaak gebruikt als oordeel indien men niet tevreden is
over een behandeling van de tandprotheticus" (admissible, R3), while seed 000 makes it inadmissible at the
dentist (R2). "Laat dus in het stadium van de second opinion géén aanpassingen aan uw prothese aanbrengen":
the patient is told so from the moment she asks, not only once the practice accepted (before, her page was
silent until then). "bij voorkeur een tandprotheticus die lid is van de ONT of een tandarts" (R11, advice).

Seed 003's words for a treatment that ended ("ontslagbrief", "nieuwe verwijzing van uw huisarts",
"polikliniek") are a hospital's. A dentist's or denturist's patient whose request is redirected as a new
referral or as unclear read them before; now she reads her own practice's way: a new examination needs no
referral, and whether the treatment still runs is asked at the own practice.
"""

import pytest

from secondopinion.cases.models import SecondOpinionCase
from tests.api.conftest import ApiClient, case_body
from tests.factories import PractitionerFactory, UserFactory
from tests.reading import says
from tests.scenarios.seed_web import done, page, step

pytestmark = pytest.mark.django_db

HOSPITAL_WORDS = ("huisarts", "polikliniek", "ontslagbrief", "specialist")


def _denturist(cast, username: str, organisation, *, ont_member: bool = True):
    return PractitionerFactory(
        user=UserFactory(username=username),
        discipline="denturist",
        organisation=organisation,
        name=username.title(),
        ont_member=ont_member,
    )


def _denture_case(cast, **overrides) -> SecondOpinionCase:
    own = _denturist(cast, "tp-eigen", cast.treating_practice)
    body = case_body(
        cast,
        protocol="denturist-ont",
        treating_practitioner_id=own.pk,
        subject="finished_work",
        treatment_started=True,
        care_question="Mijn nieuwe prothese zit los en drukt. Is hij goed gemaakt?",
    )
    created = ApiClient(cast.patient_user).post("/cases", {**body, **overrides})
    assert created.status_code == 201, created.content
    return SecondOpinionCase.objects.get(pk=created.json()["id"])


def test_the_patient_is_told_not_to_have_her_prosthesis_adjusted_from_the_moment_she_asks(cast):
    case = _denture_case(cast)

    mine = page(cast.patient_user, case)

    assert "Laat uw prothese niet aanpassen" in mine
    assert "Laat niemand uw prothese aanpassen zolang uw aanvraag voor een second opinion loopt." in mine
    assert not says(mine, "R3")
    assert ApiClient(cast.patient_user).get(f"/cases/{case.pk}").json()["prosthesis_hold_since"] is None

    done(step(cast.coordinator, case, "accept", note=""))

    mine = page(cast.patient_user, case)
    assert "Prothese niet aanpassen" in mine
    assert "blijft de prothese" in mine
    assert "Laat niemand uw prothese aanpassen" not in mine
    assert ApiClient(cast.patient_user).get(f"/cases/{case.pk}").json()["prosthesis_hold_since"] is not None


def test_a_dental_patient_reads_no_prosthesis_advice(cast):
    created = ApiClient(cast.patient_user).post("/cases", case_body(cast))
    case = SecondOpinionCase.objects.get(pk=created.json()["id"])

    assert "prothese" not in page(cast.patient_user, case).replace("Uw vraag", "")


def test_a_judgement_of_a_finished_denture_is_taken_on_where_a_finished_crown_is_not(cast):
    denture = _denture_case(cast)

    crown = ApiClient(cast.patient_user).post(
        "/cases",
        case_body(
            cast,
            subject="finished_work",
            treatment_started=True,
            care_question="Mijn kroon op 46 is vorige maand geplaatst en past niet. Is hij goed gemaakt?",
        ),
    )
    done(step(cast.coordinator, denture, "accept", note=""))

    denture.refresh_from_db()
    assert denture.status == "accepted"
    assert crown.status_code in (409, 422), crown.content
    assert "R2" in crown.json()["rule_ids"]
    assert SecondOpinionCase.objects.filter(protocol="dental-knmt").count() == 0


def test_a_denturist_who_is_no_ont_member_may_give_it_with_the_advice_shown_to_staff(cast):
    case = _denture_case(cast)
    done(step(cast.coordinator, case, "accept", note=""))
    giver = _denturist(cast, "tp-gever", cast.giving_practice, ont_member=False)

    done(step(cast.coordinator, case, "assign", giver_id=giver.pk, note=""))

    case.refresh_from_db()
    assert case.status == "assigned"
    staff = page(cast.coordinator, case)
    assert says(staff, "R11")
    assert not says(page(cast.patient_user, case), "R11")


@pytest.mark.parametrize(
    ("protocol", "classification", "expected"),
    [
        (
            "dental-knmt",
            "new_referral",
            "maak dan een afspraak voor een nieuw onderzoek bij uw eigen of een andere tandarts",
        ),
        ("dental-knmt", "unclear", "Vraag dat na bij uw eigen tandartspraktijk."),
        (
            "denturist-ont",
            "new_referral",
            "bij uw eigen of een andere tandprotheticus. Daarvoor heeft u geen verwijzing nodig.",
        ),
        ("denturist-ont", "unclear", "Vraag dat na bij uw eigen tandprotheticus."),
        ("denturist-ont", "transfer_of_care", "schrijf u in bij een andere tandprotheticus"),
    ],
)
def test_an_oral_care_patient_redirected_reads_her_own_practices_way(
    cast, protocol, classification, expected
):
    case = _denture_case(cast) if protocol == "denturist-ont" else _dental(cast)

    done(step(cast.coordinator, case, "redirect", classification=classification, note=""))

    mine = page(cast.patient_user, case)
    start = mine.index("Hoe uw verzoek ervoor staat")
    told = mine[start : mine.index("Uw stappen", start)]
    assert expected in told
    assert not [word for word in HOSPITAL_WORDS if word in told.lower()], told
    english = page(cast.patient_user, case, "en")
    assert not [word for word in ("GP", "clinic", "discharge") if word in english.split("Your steps")[0]]


def test_a_hospital_patient_still_reads_the_gp_and_the_clinic(cast):
    """Seed 003 unchanged for the specialist: discharge letter, new GP referral, the clinic."""
    treating = PractitionerFactory(
        discipline="medical_specialist", specialism="neurologie", organisation=cast.treating_practice
    )
    created = ApiClient(cast.patient_user).post(
        "/cases",
        case_body(
            cast,
            protocol="medical-specialist",
            treating_practitioner_id=treating.pk,
            subject="diagnosis",
            treatment_started=True,
            care_question="Klopt de diagnose MS?",
        ),
    )
    case = SecondOpinionCase.objects.get(pk=created.json()["id"])

    done(step(cast.coordinator, case, "redirect", classification="new_referral", note=""))

    assert "nieuwe verwijzing van uw huisarts" in page(cast.patient_user, case)


def _dental(cast) -> SecondOpinionCase:
    created = ApiClient(cast.patient_user).post("/cases", case_body(cast))
    assert created.status_code == 201, created.content
    return SecondOpinionCase.objects.get(pk=created.json()["id"])
