"""Seed acceptance: triage at intake (refusal only for a weighty reason, R9; redirection, R5, R7) and what
the patient may do once the second opinion is over (R27), on the coordinator's and the patient's pages.

Seed 003: "Het aanvragen van een second opinion is een recht van de patiënt. Een arts kan alleen een
second opinion weigeren als deze daar zwaarwegende redenen voor heeft." Seed 004: "Een voorbeeld daarvan
is een situatie waarin een patiënt niet eenmaal een second opinion wil, maar keer op keer weer." Seed
004, "5. Evaluatie second opinion": "Als je je second opinion hebt ontvangen, is het in principe de
bedoeling dat je terugkeert naar je oorspronkelijke arts ... Je kunt natuurlijk ook besluiten een andere
arts te zoeken, een behandeling wel of juist niet voort te zetten of het oordeel van je oorspronkelijke
arts te accepteren." And: "Het is bij een second opinion in principe niet zo dat je er vervolgens voor
kunt kiezen om patiënt te worden bij de arts die je van een tweede mening heeft voorzien."
"""

import pytest
from django.urls import reverse

from secondopinion.aftercare.models import Evaluation
from secondopinion.cases.models import SecondOpinionCase
from tests.reading import says, visible_text
from tests.scenarios.seed_web import client_for, done, page, step, to_report_final

pytestmark = pytest.mark.django_db

RULE_IDS = [f"R{n}" for n in range(1, 29)]


def _closed(cast, submit, decision: str = "accept_opinion") -> SecondOpinionCase:
    case = submit()
    to_report_final(cast.coordinator, cast.giver_user, case)
    done(step(cast.coordinator, case, "close", closure_decision=decision, note=""))
    return case


def test_a_refusal_without_a_weighty_reason_is_not_recorded(cast, submit):
    """Seed 003: only a weighty reason; the coordinator who gives none is told at the field, and the
    request stays with the patient's right intact."""
    case = submit()

    refused = step(
        cast.coordinator, case, "refuse", refusal_reason="", refusal_note="Wij hebben het te druk."
    )

    assert refused.status_code == 422
    assert says(visible_text(refused.content.decode()), "R9")
    case.refresh_from_db()
    assert (case.status, case.refusal_reason) == ("submitted", "")


def test_asked_again_and_again_the_third_request_is_refused_naming_both_earlier_ones(cast, submit):
    """Seed 004 "keer op keer weer": the third request on the same question; the coordinator ticks the
    two earlier ones, and the patient reads them by their reference, without rule ids."""
    first, second, third = submit(), submit(), submit()

    done(
        step(
            cast.coordinator,
            third,
            "refuse",
            refusal_reason="repeated_request",
            repeats_case_ids=[first.pk, second.pk],
            refusal_note="U vroeg al twee keer een second opinion over dezelfde kies.",
        )
    )

    third.refresh_from_db()
    assert third.status == "refused"
    mine = page(cast.patient_user, third)
    assert first.reference in mine
    assert second.reference in mine
    assert "U vroeg al twee keer een second opinion over dezelfde kies." in mine
    assert not [rule for rule in RULE_IDS if says(mine, rule)]
    assert "Een second opinion blijft uw recht." in mine


def test_a_redirection_must_say_what_the_request_is_instead(cast, submit):
    """Seed 004: "of je behoefte hebt aan een second opinion, of dat je simpelweg een andere arts wilt":
    the coordinator who redirects without saying which is told at the field; nothing changes."""
    case = submit()

    refused = step(cast.coordinator, case, "redirect", classification="", note="")

    assert refused.status_code == 422
    case.refresh_from_db()
    assert case.status == "submitted"


def test_after_the_report_the_patient_reads_she_returns_to_her_own_dentist_and_her_choices(cast, submit):
    """Seed 004 "5. Evaluatie": back to the own practitioner; accept, continue or stop, or another
    practitioner; the giver does not normally become her practitioner. Also once she has evaluated."""
    case = _closed(cast, submit)

    before = page(cast.patient_user, case)
    done(
        client_for(cast.patient_user).post(
            reverse("aftercare:evaluation", args=[case.pk]),
            {"decision": "other_practitioner", "satisfaction": "4", "comment": ""},
        )
    )
    after = page(cast.patient_user, case)

    for text in (before, after):
        assert "Ga met het rapport terug naar uw eigen behandelaar." in text
        assert (
            "het advies overnemen, de behandeling voortzetten of stoppen, of een andere behandelaar zoeken"
            in (text)
        )
        assert "De second opinion-gever wordt in principe niet uw behandelaar." in text
        assert not [rule for rule in RULE_IDS if says(text, rule)]
    english = page(cast.patient_user, case, "en")
    assert "The second-opinion giver does not normally become your practitioner." in english


def test_her_own_decision_stands_once_and_staff_read_it(cast, submit):
    """Seed 004 "5.": the patient decides herself; recorded once, a second evaluation changes nothing,
    and the coordinator reads her word beside what was recorded at closure."""
    case = _closed(cast, submit, decision="accept_opinion")
    patient = client_for(cast.patient_user)
    url = reverse("aftercare:evaluation", args=[case.pk])
    done(patient.post(url, {"decision": "stop_treatment", "satisfaction": "3", "comment": ""}))

    again = patient.post(url, {"decision": "accept_opinion", "satisfaction": "5", "comment": ""})

    assert again.status_code in (409, 422)
    evaluation = Evaluation.objects.get(case=case)
    assert (evaluation.decision, evaluation.satisfaction) == ("stop_treatment", 3)
    coordinator = page(cast.coordinator, case)
    assert "Niet hetzelfde als het besluit dat bij het afsluiten is vastgelegd." in coordinator


def test_a_closed_second_opinion_keeps_its_report_and_cannot_be_withdrawn(cast, submit):
    """Seed 000 §2: the findings are kept in the patient record; once closed the report stays available
    to her and the request can no longer be withdrawn (withdrawal is for a request still running)."""
    case = _closed(cast, submit)

    assert client_for(cast.patient_user).get(reverse("web:report-pdf", args=[case.pk])).status_code == 200
    attempt = step(cast.patient_user, case, "withdraw", note="", confirm="on")

    assert attempt.status_code in (403, 404, 409, 422)
    case.refresh_from_db()
    assert case.status == "closed"
    assert "Intrekken" not in page(cast.patient_user, case).split("Toestemmingen")[0]


def test_the_case_is_not_closed_without_what_the_patient_decided(cast, submit):
    """Seed 004 "5. Evaluatie": closing records the patient's own decision; without one the coordinator
    is told (R27) and the case stays open; "not decided yet" is a decision she may have."""
    case = submit()
    to_report_final(cast.coordinator, cast.giver_user, case)

    refused = step(cast.coordinator, case, "close", closure_decision="", note="")

    assert refused.status_code == 422
    assert "Leg bij afsluiten vast wat de patiënt besluit." in visible_text(refused.content.decode())
    case.refresh_from_db()
    assert case.status == "report_final"
    done(step(cast.coordinator, case, "close", closure_decision="undecided", note=""))
    case.refresh_from_db()
    assert (case.status, case.closure_decision) == ("closed", "undecided")
