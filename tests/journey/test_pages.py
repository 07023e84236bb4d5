"""The decision aid, the reimbursement guide and finding a giver: pages without patient data."""

import datetime as dt

import pytest
from django.urls import reverse

from secondopinion.directory.models import Affiliation, DeclaredInterest
from secondopinion.journey.decide import Situation, decide
from tests.factories import OrganisationFactory, PractitionerFactory

pytestmark = pytest.mark.django_db

CARE_DOUBT = {
    "asked": "1",
    "protocol": "medical-specialist",
    "wants_transfer": "no",
    "treatment_ended": "no",
    "about_the_person": "no",
    "doubts_the_care": "yes",
    "work_done": "no",
}


def verdict_of(client, **answers):
    response = client.get(reverse("journey:decide"), {**CARE_DOUBT, **answers})
    assert response.status_code == 200
    return response.context["verdict"]


def test_the_decision_aid_asks_every_question_before_it_answers(client):
    response = client.get(reverse("journey:decide"), {"asked": "1", "protocol": "dental-knmt"})

    assert response.status_code == 422
    assert response.context["verdict"] is None
    assert set(response.context["form"].errors) == {
        "wants_transfer",
        "treatment_ended",
        "about_the_person",
        "doubts_the_care",
        "work_done",
    }
    assert 'href="#journey-wants_transfer"' in response.content.decode()


def test_a_doubt_about_the_care_is_a_second_opinion(client):
    verdict = verdict_of(client)

    assert verdict.key == "second_opinion"
    assert verdict.rule_ids == ("R5",)


def test_a_wish_for_another_practitioner_is_a_transfer_of_care(client):
    verdict = verdict_of(client, wants_transfer="yes")

    assert verdict.key == "transfer_of_care"
    assert verdict.rule_ids == ("R5", "R7")


def test_an_ended_treatment_needs_a_new_referral(client):
    verdict = verdict_of(client, treatment_ended="yes")

    assert verdict.key == "new_referral"
    assert "R4" in verdict.rule_ids


def test_an_unsure_end_of_treatment_sends_to_the_clinic_first(client):
    assert verdict_of(client, treatment_ended="unclear").key == "unclear"


def test_dissatisfaction_with_only_the_person_is_a_complaint(client):
    verdict = verdict_of(client, about_the_person="yes", doubts_the_care="no")

    assert verdict.key == "complain"
    assert verdict.rule_ids == ("R6",)


def test_a_doubt_about_the_care_beside_the_person_is_a_second_opinion_with_a_note(client):
    response = client.get(reverse("journey:decide"), {**CARE_DOUBT, "about_the_person": "yes"})

    assert response.context["verdict"].key == "second_opinion"
    assert "R6" in response.context["verdict"].rule_ids
    assert "vriendelijkheid of bereikbaarheid" in response.content.decode()


def test_finished_dental_work_is_not_a_second_opinion_under_r2(client):
    verdict = verdict_of(client, protocol="dental-knmt", work_done="yes")

    assert verdict.key == "complain"
    assert verdict.rule_ids == ("R2",)


def test_each_complaint_verdict_gives_its_own_reason_only(client):
    """A patient who said the person is not the problem is not told about friendliness; one who is
    unhappy with the person only is not told about finished dental work."""
    finished = client.get(
        reverse("journey:decide"), {**CARE_DOUBT, "protocol": "dental-knmt", "work_done": "yes"}
    ).content.decode()
    person = client.get(
        reverse("journey:decide"), {**CARE_DOUBT, "about_the_person": "yes", "doubts_the_care": "no"}
    ).content.decode()

    assert "al is uitgevoerd" in finished
    assert "vriendelijk" not in finished
    assert "niet over de persoon" in person
    assert "al is uitgevoerd" not in person


def test_finished_denture_work_may_still_be_judged(client):
    """R3: for a denturist the judgement of work already done is admissible; the R2 question is dental only."""
    assert verdict_of(client, protocol="denturist-ont", work_done="yes").key == "second_opinion"


def test_the_verdict_is_the_engines_intake_classification():
    verdict = decide(
        Situation(
            protocol="dental-knmt",
            wants_transfer=False,
            under_treatment="yes",
            treatment_started=True,
            subject="treatment_plan",
        )
    )

    assert verdict.classification == "not_admissible"


def test_the_decision_aid_speaks_english_when_asked(client):
    client.cookies["django_language"] = "en"

    response = client.get(reverse("journey:decide"), {**CARE_DOUBT, "wants_transfer": "yes"})

    body = response.content.decode()
    assert "You are looking for another practitioner" in body
    assert "transfer of care" in body


def test_the_reimbursement_guide_names_c011_and_invents_no_price(client):
    response = client.get(reverse("journey:reimbursement"))

    body = response.content.decode()
    assert response.status_code == 200
    assert "C011" in body
    assert "C28" in body  # the older code, with its validity period (R25)
    assert "€" not in body
    assert "vraag de praktijk" in body.lower()
    assert "huisarts zelf" in body  # R26: the second opinion on the GP himself
    # The dental exception the case page tells (billing/reimbursement.py), here too: a referral is not
    # what decides for the dentist; under 18 the basic insurance pays, for adults almost nothing.
    assert "ook niet met een verwijzing" in body
    assert "onder 18 jaar" in body


def test_the_front_page_promises_the_advice_in_writing_only_where_agreed(client):
    """Seed 001: put in writing on request, agreed beforehand; seed 000: a dentist always writes it."""
    dutch = client.get(reverse("web:home")).content.decode()
    client.cookies["django_language"] = "en"
    english = client.get(reverse("web:home")).content.decode()

    assert "u krijgt het advies op papier" not in dutch
    assert "spreekt u vooraf af; een tandarts legt het altijd schriftelijk vast" in dutch
    assert "op papier als dat vooraf is afgesproken" in dutch
    assert "you receive the written advice" not in english
    assert "in writing if that was agreed beforehand" in english


def test_the_givers_list_excludes_connected_practitioners_with_their_reasons(client, cast):
    affiliated = PractitionerFactory(
        name="Oud-collega", discipline="dentist", organisation=cast.other_practice
    )
    Affiliation.objects.create(
        practitioner=affiliated, organisation=cast.treating_practice, start=dt.date(2020, 1, 1)
    )
    interested = PractitionerFactory(
        name="Belanghebbende", discipline="dentist", organisation=cast.other_practice
    )
    DeclaredInterest.objects.create(
        practitioner=interested, related_practitioner=cast.treating, description="zwager"
    )

    response = client.get(reverse("journey:givers"), {"practitioner": cast.treating.pk})

    assert response.status_code == 200
    eligible = {p.pk for p in response.context["eligible"]}
    connected = {c.practitioner.pk: [str(r) for r in c.reasons] for c in response.context["connected"]}
    assert cast.giver.pk in eligible
    assert not eligible & {cast.colleague.pk, affiliated.pk, interested.pk, cast.treating.pk}
    assert "dezelfde organisatie" in connected[cast.colleague.pk][0]
    assert "dezelfde organisatie" in connected[affiliated.pk][0]
    assert "belang" in connected[interested.pk][0]
    assert cast.treating.pk not in connected
    assert "zorgbemiddeling" in response.content.decode()


def test_the_givers_list_filters_by_place_and_discipline(client, cast):
    denturist = PractitionerFactory(
        discipline="denturist", organisation=OrganisationFactory(name="Prothese Zuid", city="Maastricht")
    )
    dentist_far = PractitionerFactory(
        discipline="dentist", organisation=OrganisationFactory(name="Tandarts Noord", city="Groningen")
    )

    everyone = client.get(reverse("journey:givers"), {"practitioner": denturist.pk})
    dentists_in_amersfoort = client.get(
        reverse("journey:givers"),
        {"practitioner": denturist.pk, "discipline": "dentist", "city": "amersfoort"},
    )

    assert {cast.giver.pk, dentist_far.pk} <= {p.pk for p in everyone.context["eligible"]}  # R11
    assert [p.pk for p in dentists_in_amersfoort.context["eligible"]] == [cast.giver.pk]


def test_the_givers_list_refuses_a_discipline_outside_the_practitioners(client, cast):
    response = client.get(reverse("journey:givers"), {"practitioner": cast.treating.pk, "discipline": "gp"})

    assert response.status_code == 422
    assert "discipline" in response.context["form"].errors


def test_the_givers_search_finds_the_practitioner_by_place(client, cast):
    response = client.get(reverse("journey:givers"), {"q": "Amersfoort"})

    assert [p.pk for p in response.context["found"]] == [cast.giver.pk]


def test_a_dental_second_opinion_is_not_told_a_referral_gets_it_paid(client):
    """R26: for oral care a referral is not what the insurance asks; for a specialist it is."""
    dental = verdict_of(client, protocol="dental-knmt")
    specialist = verdict_of(client)

    dental_steps = " ".join(step.nl for step in dental.outcome.next_steps)
    specialist_steps = " ".join(step.nl for step in specialist.outcome.next_steps)
    assert "aanvullende tandartsverzekering" in dental_steps
    assert "dan vergoedt de basisverzekering meestal" not in dental_steps
    assert "dan vergoedt de basisverzekering meestal" in specialist_steps


def test_the_wizards_referral_question_tells_a_dental_patient_a_referral_changes_nothing():
    from django.utils import translation

    from secondopinion.journey.forms import ReferralForm

    with translation.override("nl"):
        dental = str(ReferralForm(protocol="dental-knmt").fields["has_referral"].help_text)
        specialist = str(ReferralForm(protocol="medical-specialist").fields["has_referral"].help_text)

    assert "verandert een verwijzing niets" in dental
    assert "alleen met een verwijzing" in specialist
