"""Seed acceptance: the own dentist's records only with the patient's consent, and what happens without
it (R16, R17, R25), on the giver's and the patient's web forms.

Seed 000, "Vaststelling van de zorgvraag en delen van gegevens": "vraag deze dan (na toestemming van de
patiënt!) op bij de eigen behandelaar ... Als de patiënt geen toestemming geeft voor het opvragen van
gegevens bij de eigen tandarts, dan kan het noodzakelijk zijn om zelf aanvullend onderzoek te doen. De
kosten hiervan worden dan bij de patiënt in rekening gebracht. De patiënt kan eventueel ook zelf zijn of
haar gegevens op vragen bij de eigen tandarts." And "Kosten": "Overige noodzakelijke verrichtingen
kunnen volgens de tariefbeschikking worden gedeclareerd."
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from secondopinion.billing.models import BillingLine
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.documents.models import Document
from secondopinion.records.models import DataRequest
from tests.api.conftest import ApiClient, case_body
from tests.documents.files import png
from tests.reading import says, visible_text
from tests.scenarios.seed_web import EXPLAINED, client_for, declare_independent, done, page, step

pytestmark = pytest.mark.django_db

WITHOUT_ALTERNATIVE = {k: v for k, v in EXPLAINED.items() if k != "records_alternative_explained"}


@pytest.fixture
def assigned(cast) -> SecondOpinionCase:
    """The patient asked herself and gave no consent to request her records (seed 000)."""
    created = ApiClient(cast.patient_user).post("/cases", case_body(cast))
    assert created.status_code == 201, created.content
    case = SecondOpinionCase.objects.get(pk=created.json()["id"])
    done(step(cast.coordinator, case, "accept", note=""))
    done(step(cast.coordinator, case, "assign", giver_id=cast.giver.pk, note=""))
    declare_independent(cast.giver_user, case)
    return case


def test_without_consent_the_giver_first_explains_the_own_examination_at_the_patients_cost(cast, assigned):
    refused = step(cast.giver_user, assigned, "inform", **WITHOUT_ALTERNATIVE)

    text = visible_text(refused.content.decode())
    assert refused.status_code == 422
    assert says(text, "R17")
    assert "eigen aanvullend onderzoek op kosten van de patiënt nodig kan zijn" in text
    assigned.refresh_from_db()
    assert assigned.status == "assigned"

    done(step(cast.giver_user, assigned, "inform", **EXPLAINED))
    assigned.refresh_from_db()
    assert assigned.status == "informed"


def test_without_consent_the_own_dentist_is_not_asked_for_the_records(cast, assigned):
    done(step(cast.giver_user, assigned, "inform", **EXPLAINED))

    refused = step(cast.giver_user, assigned, "gather", note="")

    text = visible_text(refused.content.decode())
    assert refused.status_code == 422
    assert says(text, "R16")
    assert "Gegevens bij de eigen behandelaar worden pas opgevraagd na toestemming van de patiënt." in text
    assigned.refresh_from_db()
    assert assigned.status == "informed"
    done(step(cast.giver_user, assigned, "examine", note=""))
    request = client_for(cast.giver_user).post(
        reverse("web:data-request-add", args=[assigned.pk]), {"kinds": ["xrays"], "note": ""}
    )
    text = visible_text(request.content.decode())
    assert request.status_code == 422
    assert says(text, "R16")
    assert "Gegevens bij de eigen behandelaar worden pas opgevraagd na toestemming van de patiënt." in text
    assert not DataRequest.objects.exists()


def test_the_patient_brings_her_own_records_and_the_giver_bills_his_own_xray_beside_c011(cast, assigned):
    done(step(cast.giver_user, assigned, "inform", **EXPLAINED))

    brought = SimpleUploadedFile("rontgen-36.png", png(), content_type="image/png")
    done(
        client_for(cast.patient_user).post(
            reverse("web:document-add", args=[assigned.pk]), {"purpose": "patient_brought", "file": brought}
        )
    )
    done(step(cast.giver_user, assigned, "examine", note=""))
    today = timezone.localdate().isoformat()
    done(
        client_for(cast.giver_user).post(
            reverse("web:billing-add", args=[assigned.pk]), {"code": "X10", "quantity": 1, "date": today}
        )
    )

    assert Document.objects.filter(case=assigned, purpose="patient_brought").count() == 1
    assert not DataRequest.objects.exists()
    codes = set(BillingLine.objects.filter(case=assigned).values_list("tariff__code", flat=True))
    assert "X10" in codes
    mine = page(cast.patient_user, assigned)
    assert "X10" in mine
    assert not says(mine, "R17")


def test_an_outdated_code_for_the_second_opinion_is_refused_with_its_period(cast, assigned):
    """Seeds 001 and 002 still name C28; since 2018 it is C011 (R25: codes have validity periods)."""
    done(step(cast.giver_user, assigned, "inform", **EXPLAINED))
    done(step(cast.giver_user, assigned, "examine", note=""))

    refused = client_for(cast.giver_user).post(
        reverse("web:billing-add", args=[assigned.pk]),
        {"code": "C28", "quantity": 1, "date": timezone.localdate().isoformat()},
    )

    assert refused.status_code == 422
    assert "(geldig: 01-01-2010 t/m 31-12-2017)" in visible_text(refused.content.decode())
    assert not BillingLine.objects.filter(case=assigned, tariff__code="C28").exists()
