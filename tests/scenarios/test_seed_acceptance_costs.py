"""Seed acceptance: what a second opinion costs, what may be billed on it, and what the patient reads about
costs when the request ends without one (R1, R25, R26), on the giver's and the patient's web pages and the API.

Seed 000, "Kosten": "Voor het geven van een second opinion kan code C011 ... worden gedeclareerd. Deze
prestatie bestaat uit: consult(en); een uitgebreid, niet routinematig onderzoek ...; het maken en bespreken
van het schriftelijke oordeel ... Overige noodzakelijke verrichtingen kunnen volgens de tariefbeschikking
worden gedeclareerd." Seed 002: "Het is nooit de bedoeling dat degene die de second opinion uitvoert de
behandeling overneemt." Seed 003: the hospital's care is billed through its own agreements with the insurer.

The seeds price the opinion that is given and are silent on a request that stops before it. A Dutch
patient expects a request redirected or refused at intake to cost nothing, and a withdrawn one to cost what
was done and nothing more; before, her page still quoted the C011 amount and "extra X-rays cost extra".
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from secondopinion.billing.models import BillingLine
from secondopinion.cases.models import SecondOpinionCase
from tests.api.conftest import ApiClient, case_body
from tests.factories import PractitionerFactory, UserFactory
from tests.reading import says, visible_text
from tests.scenarios.seed_web import EXPLAINED, client_for, declare_independent, done, page, step

pytestmark = pytest.mark.django_db

ESTIMATE = "€ 136,56"  # the C011 amount of 2025 the patient was quoted while the request ran
NOTHING = "Er is geen second opinion gegeven. U betaalt niets voor deze aanvraag."


def _submitted(cast, **overrides) -> SecondOpinionCase:
    created = ApiClient(cast.patient_user).post("/cases", case_body(cast, **overrides))
    assert created.status_code == 201, created.content
    return SecondOpinionCase.objects.get(pk=created.json()["id"])


def _examining(cast, giver=None, **overrides) -> SecondOpinionCase:
    case = _submitted(cast, **overrides)
    giver = giver or cast.giver
    done(step(cast.coordinator, case, "accept", note=""))
    done(step(cast.coordinator, case, "assign", giver_id=giver.pk, note=""))
    declare_independent(giver.user, case)
    done(step(giver.user, case, "inform", **EXPLAINED))
    done(step(giver.user, case, "examine", note=""))
    return case


def _bill(user, case, code: str, quantity: int = 1):
    today = timezone.localdate().isoformat()
    return client_for(user).post(
        reverse("web:billing-add", args=[case.pk]), {"code": code, "quantity": quantity, "date": today}
    )


def _costs(text: str) -> str:
    start = text.index("Kosten en tijd")
    return text[start : text.index("Wanneer", start)]


def _expected_cost_text(cast, case) -> str:
    answer = ApiClient(cast.patient_user).get(f"/cases/{case.pk}")
    assert answer.status_code == 200
    return answer.json()["expected_cost"]["text"]


def test_a_request_redirected_at_intake_costs_the_patient_nothing(cast):
    case = _submitted(cast, wants_transfer=True)
    assert ESTIMATE in _costs(page(cast.patient_user, case))  # while it runs she reads the expected cost

    done(step(cast.coordinator, case, "redirect", classification="transfer_of_care", note=""))

    costs = _costs(page(cast.patient_user, case))
    assert NOTHING in costs
    assert ESTIMATE not in costs
    assert "röntgenfoto" not in costs
    assert "Wat uw verzekering betaalt" not in costs
    assert not any(says(costs, f"R{n}") for n in range(1, 29))
    assert _expected_cost_text(cast, case) == NOTHING
    assert _bill(cast.coordinator, case, "C011").status_code == 409
    assert not BillingLine.objects.filter(case=case).exists()


def test_a_request_refused_for_a_weighty_reason_costs_the_patient_nothing(cast):
    case = _submitted(cast)

    done(
        step(
            cast.coordinator,
            case,
            "refuse",
            refusal_reason="no_same_discipline",
            refusal_note="Wij hebben geen tandarts die onafhankelijk van uw eigen praktijk kan oordelen.",
        )
    )

    costs = _costs(page(cast.patient_user, case))
    assert NOTHING in costs
    assert ESTIMATE not in costs
    english = ApiClient(cast.patient_user, "en").get(f"/cases/{case.pk}").json()["expected_cost"]["text"]
    assert english == "No second opinion was given. You pay nothing for this request."


def test_withdrawn_during_the_examination_the_patient_pays_what_was_done_and_nothing_more(cast):
    case = _examining(cast)
    done(_bill(cast.giver_user, case, "C011"))

    done(step(cast.patient_user, case, "withdraw", note="", confirm="on"))

    costs = _costs(page(cast.patient_user, case))
    assert (
        "U heeft uw aanvraag ingetrokken. Er komen geen kosten meer bij. Wat al gedaan is, staat hieronder."
        in costs
    )
    assert "C011" in costs
    assert "Tot nu toe in rekening gebracht" in costs
    assert "Wat uw verzekering betaalt" in costs  # for what was billed, her insurance still matters
    assert "röntgenfoto's nodig" not in costs
    refused = _bill(cast.giver_user, case, "X10")
    assert refused.status_code == 409
    assert "Declaratieregels worden vastgelegd tijdens het onderzoek en de rapportage." in visible_text(
        refused.content.decode()
    )
    assert list(BillingLine.objects.filter(case=case).values_list("tariff__code", flat=True)) == ["C011"]


def test_withdrawn_before_anything_was_billed_nothing_is_billed(cast):
    case = _submitted(cast)

    done(step(cast.patient_user, case, "withdraw", note="", confirm="on"))

    assert (
        "U heeft uw aanvraag ingetrokken. Er is niets in rekening gebracht en er komen geen kosten meer bij."
        in _costs(page(cast.patient_user, case))
    )


def test_c011_covers_the_whole_second_opinion_and_is_billed_once(cast):
    """Seed 000: C011 covers the consults, the examination and the written opinion: one line per case."""
    case = _examining(cast)
    done(_bill(cast.giver_user, case, "C011"))

    again = _bill(cast.giver_user, case, "C011")
    twice = _bill(cast.giver_user, case, "X10", quantity=2)

    assert again.status_code == 422
    assert "C011 wordt één keer per second opinion gedeclareerd (R25)." in visible_text(
        again.content.decode()
    )
    assert twice.status_code == 302  # two X-rays are two procedures beside it (the tariff decision)
    lines = BillingLine.objects.filter(case=case).order_by("id")
    assert [(line.tariff.code, line.quantity) for line in lines] == [("C011", 1), ("X10", 2)]


@pytest.mark.parametrize("code", ["V71", "E13", "P21"])
def test_the_giver_cannot_bill_a_treatment_on_a_second_opinion(cast, code):
    """Seeds 000, 002, 004 (R1): the opinion is advice, never a treatment; only its own code and diagnostics."""
    case = _examining(cast)

    refused = _bill(cast.giver_user, case, code)

    assert refused.status_code == 422
    assert f"Code {code} hoort niet bij dit protocol; kies uit: C011, C28, X10, X21." in visible_text(
        refused.content.decode()
    )
    assert not BillingLine.objects.filter(case=case).exists()


def test_a_hospital_second_opinion_bills_no_code_here_and_the_patient_asks_the_hospital(cast):
    """Seed 003: the hospital bills under its own agreements with the insurer; no dental code applies."""
    treating = PractitionerFactory(
        user=UserFactory(username="neuroloog-eigen"),
        discipline="medical_specialist",
        specialism="neurologie",
        organisation=cast.treating_practice,
    )
    giver = PractitionerFactory(
        user=UserFactory(username="neuroloog-gever"),
        discipline="medical_specialist",
        specialism="neurologie",
        organisation=cast.giving_practice,
    )
    case = _examining(
        cast,
        giver=giver,
        protocol="medical-specialist",
        treating_practitioner_id=treating.pk,
        subject="diagnosis",
        treatment_started=True,
        care_question="Klopt de diagnose MS?",
    )

    refused = _bill(giver.user, case, "C011")

    assert refused.status_code == 422
    assert "de zorg wordt via het eigen declaratiesysteem (DBC) gedeclareerd" in visible_text(
        refused.content.decode()
    )
    costs = _costs(page(cast.patient_user, case))
    assert "vraag de praktijk of het ziekenhuis wat het kost" in costs
    assert "C011" not in costs
    assert "Zonder verwijzing betaalt de basisverzekering meestal niet" in costs
