"""The acceptance audit's refusal and withdrawal findings (R9; seeds 003 and 004): a first request is
not refused as a repeated one, a withdrawal is the patient's act, and a refused patient reads why.

Seed 003: "Een arts kan alleen een second opinion weigeren als deze daar zwaarwegende redenen voor
heeft." Seed 004: the example is a patient who asks "niet eenmaal …, maar keer op keer".
"""

import pytest
from django.urls import reverse

from secondopinion.cases import selectors
from secondopinion.cases.inputs import StepInput
from secondopinion.cases.models import SecondOpinionCase, StatusChange
from secondopinion.cases.services import case_submit, case_transition
from secondopinion.cases.snapshot import snapshot_of, taking_step
from secondopinion.core.errors import RuleBlocked
from secondopinion.core.roles import Role
from secondopinion.protocols.common import R9
from secondopinion.protocols.lifecycle import Status
from secondopinion.protocols.snapshot import CaseSnapshot
from secondopinion.protocols.vocabulary import REFUSAL_REASONS, REFUSAL_REASONS_FOR_PATIENT
from tests.conftest import representation_in_force, submit_input
from tests.reading import says, visible_text

pytestmark = pytest.mark.django_db

REPEATED = {"refusal_reason": "repeated_request", "refusal_note": "Patiënt vraagt dit keer op keer."}
BY_TELEPHONE = "Patiënt belde op 3 maart 2026 en trok het verzoek telefonisch in."


def refuse(cast, case: SecondOpinionCase, **values) -> SecondOpinionCase:
    return case_transition(
        actor=cast.coordinator, case_id=case.pk, to="refused", data=StepInput(**values), source="web"
    )


def withdraw(actor, case: SecondOpinionCase, note: str = "") -> SecondOpinionCase:
    return case_transition(
        actor=actor, case_id=case.pk, to="withdrawn", data=StepInput(note=note), source="web"
    )


def unchanged(case: SecondOpinionCase) -> None:
    """The blocked step changed nothing: the status, the version, the step's data, the history."""
    before = (case.status, case.version)
    case.refresh_from_db()
    assert (case.status, case.version) == before
    assert (case.refusal_reason, case.refusal_note) == ("", "")
    assert list(StatusChange.objects.filter(case=case).values_list("to_status", flat=True)) == ["submitted"]


def by_the_representative(cast) -> SecondOpinionCase:
    """A request the representative made for the patient, with her consent in force (R8)."""
    representation_in_force(cast)
    data = submit_input(cast, requester_kind="representative")
    return case_submit(actor=cast.representative, data=data, source="web")


def page(client, user, case: SecondOpinionCase, language: str = "nl") -> str:
    client.force_login(user)
    response = client.get(reverse("web:case", args=[case.pk]), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return visible_text(response.content.decode())


# ── FAIL 3: "repeated request" needs an earlier request on the same question ─────────────────────


def test_a_first_request_cannot_be_refused_as_a_repeated_request(cast, a_case):
    with pytest.raises(RuleBlocked) as err:
        refuse(cast, a_case, **REPEATED)

    assert err.value.rule_ids == ["R9"]
    detail = err.value.violations[0].detail
    assert "geen eerder verzoek over dezelfde vraag" in detail.nl
    assert "no earlier request on the same question" in detail.en
    unchanged(a_case)


def test_a_request_after_an_earlier_one_on_the_same_question_may_be_refused_as_repeated(cast, submit):
    earlier = submit()  # the patient asked before: same protocol, same own practitioner
    again = submit()

    refused = refuse(cast, again, **REPEATED, repeats_case_ids=[earlier.pk])

    assert (refused.status, refused.refusal_reason) == ("refused", "repeated_request")


def test_an_earlier_request_about_another_practitioner_and_subject_is_not_the_same_question(cast, submit):
    submit(
        treating_practitioner_id=cast.colleague.pk, subject="diagnosis"
    )  # another dentist, another subject
    case = submit()

    with pytest.raises(RuleBlocked) as err:
        refuse(cast, case, **REPEATED)

    assert err.value.rule_ids == ["R9"]


def test_an_earlier_request_of_another_patient_does_not_count(cast, submit):
    otto = cast.other_patient_user  # Otto asked, not Petra
    case_submit(actor=otto, data=submit_input(cast, patient_id=otto.patient.pk), source="web")
    case = submit()

    with pytest.raises(RuleBlocked):
        refuse(cast, case, **REPEATED)


def test_a_first_request_may_still_be_refused_for_another_weighty_reason(cast, a_case):
    refused = refuse(
        cast,
        a_case,
        refusal_reason="threat_or_violence",
        refusal_note="Bedreigend gedrag aan de balie op 3 maart.",
    )

    assert refused.status == "refused"


def test_the_rule_reads_whether_the_patient_asked_before_from_the_snapshot(cast, submit):
    first = submit()
    second = submit()

    assert snapshot_of(first).earlier_requests is False
    assert snapshot_of(second).earlier_requests is True
    asked = CaseSnapshot(protocol="dental-knmt", status="submitted", **REPEATED)
    assert R9.check(asked, "refused") is not None
    assert (
        R9.check(
            CaseSnapshot(
                protocol="dental-knmt",
                status="submitted",
                earlier_requests=True,
                repeats_named=True,
                **REPEATED,
            ),
            "refused",
        )
        is None
    )


def test_the_coordinator_is_told_on_the_page_and_nothing_changes(client, cast, a_case):
    client.force_login(cast.coordinator)
    url = reverse("web:step-refuse", args=[a_case.pk])

    response = client.post(url, {**REPEATED, "confirmed": "yes"}, HTTP_ACCEPT_LANGUAGE="nl")

    text = visible_text(response.content.decode())
    assert "geen eerder verzoek over dezelfde vraag" in text
    assert says(text, "R9")  # staff read the rule's id
    unchanged(a_case)


def test_the_api_refuses_it_in_english_too(cast, a_case):
    from tests.api.conftest import ApiClient

    response = ApiClient(cast.coordinator, "en").post(
        f"/cases/{a_case.pk}/transitions", {"to": "refused", **REPEATED}
    )

    assert response.status_code == 422, response.content
    body = response.json()
    assert body["rule_ids"] == ["R9"]
    assert any("no earlier request on the same question" in v["detail"] for v in body["violations"])
    unchanged(a_case)


# ── FAIL 4: a withdrawal is the patient's; the practice records one only with how and when ────────


def test_the_coordinator_cannot_end_a_request_as_withdrawn_without_a_note(cast, a_case):
    with pytest.raises(RuleBlocked) as err:
        withdraw(cast.coordinator, a_case)

    assert err.value.rule_ids == ["R9"]
    assert "hoe en wanneer" in err.value.violations[0].detail.nl
    assert "how and when" in err.value.violations[0].detail.en
    unchanged(a_case)


def test_a_note_too_short_to_say_how_is_not_enough(cast, a_case):
    with pytest.raises(RuleBlocked):
        withdraw(cast.coordinator, a_case, "tel.")
    unchanged(a_case)


def test_the_coordinator_records_the_patients_withdrawal_with_how_and_when(cast, a_case, advance):
    case = advance(a_case, "assigned")

    withdrawn = withdraw(cast.coordinator, case, BY_TELEPHONE)

    assert withdrawn.status == "withdrawn"
    change = StatusChange.objects.filter(case=case).latest("at", "id")
    assert (change.actor_role, change.note) == (Role.COORDINATOR, BY_TELEPHONE)
    assert "R9" in change.rule_ids


def test_the_patient_withdraws_without_giving_a_reason(cast, a_case):
    assert withdraw(cast.patient_user, a_case).status == "withdrawn"


def test_the_representative_withdraws_for_the_patient_without_a_reason(cast):
    case = by_the_representative(cast)

    assert withdraw(cast.representative, case).status == "withdrawn"


def test_the_step_options_ask_the_coordinator_for_the_note_and_not_the_patient(cast, a_case):
    def withdrawal(roles: frozenset[Role]):
        return next(o for o in selectors.case_step_options(a_case, roles) if o.to == Status.WITHDRAWN)

    assert [v.rule_id for v in withdrawal(frozenset({Role.COORDINATOR})).needs] == ["R9"]
    assert withdrawal(frozenset({Role.PATIENT})).needs == ()
    assert withdrawal(frozenset({Role.REPRESENTATIVE})).needs == ()


def test_the_snapshot_judges_who_takes_the_step(cast, a_case):
    snapshot = snapshot_of(a_case)

    assert R9.check(taking_step(snapshot, Role.PATIENT), "withdrawn") is None
    assert R9.check(taking_step(snapshot, Role.COORDINATOR), "withdrawn") is not None
    assert R9.check(taking_step(snapshot, Role.COORDINATOR, BY_TELEPHONE), "withdrawn") is None
    assert R9.check(taking_step(snapshot, None), "withdrawn") is not None  # nobody known: the strict case


def test_the_coordinators_form_asks_how_and_when_and_the_patients_does_not(client, cast, a_case):
    staff = page(client, cast.coordinator, a_case)
    patient = page(client, cast.patient_user, a_case)

    assert "Hoe en wanneer heeft de patiënt het verzoek ingetrokken?" in staff
    assert "Ja, de patiënt heeft dit verzoek ingetrokken." in staff
    assert "Hoe en wanneer" not in patient
    assert "Ja, trek dit verzoek in." in patient


def test_a_web_withdrawal_by_the_coordinator_without_a_note_changes_nothing(client, cast, a_case):
    client.force_login(cast.coordinator)

    client.post(reverse("web:step-withdraw", args=[a_case.pk]), {"confirm": "on"})

    unchanged(a_case)


def test_the_patient_reads_that_the_practice_recorded_her_withdrawal_and_how(client, cast, a_case):
    withdraw(cast.coordinator, a_case, BY_TELEPHONE)

    text = page(client, cast.patient_user, a_case)

    assert "Dit verzoek is ingetrokken." in text
    assert "heeft de praktijk vastgelegd dat u dit verzoek heeft ingetrokken" in text
    assert BY_TELEPHONE in text
    assert "Klopt dit niet? Neem dan contact op met de praktijk." in text
    assert not says(text, "R9")


def test_the_patients_own_withdrawal_is_not_told_as_the_practices(client, cast, a_case):
    withdraw(cast.patient_user, a_case, "Toch niet nodig.")

    text = page(client, cast.patient_user, a_case)

    assert "Dit verzoek is ingetrokken." in text
    assert "heeft de praktijk vastgelegd" not in text


def test_the_patient_reads_the_practices_note_in_english(client, cast, a_case):
    withdraw(cast.coordinator, a_case, BY_TELEPHONE)

    text = page(client, cast.patient_user, a_case, "en")

    assert "the practice recorded that you withdrew this request" in text
    assert "Is this not right? Then contact the practice." in text


# ── FAIL 6: the refused patient reads the weighty reason, and what she can do ──────────────────────

THREAT = {
    "refusal_reason": "threat_or_violence",
    "refusal_note": "Bedreigend gedrag aan de balie op 3 maart.",
}


def test_the_refused_patient_reads_the_reason_in_plain_words_and_what_she_can_do(client, cast, a_case):
    refuse(cast, a_case, **THREAT)

    text = page(client, cast.patient_user, a_case)

    assert "Waarom uw verzoek is geweigerd" in text
    assert "Er was sprake van agressie of bedreiging." in text
    assert "Bedreigend gedrag aan de balie op 3 maart." in text  # her own record: the practice's explanation
    assert "U kunt een andere praktijk of zorgverlener om een second opinion vragen." in text
    assert "Zoek een andere second opinion-gever" in text
    assert "Vindt u dat de weigering niet klopt? Dan kunt u een klacht indienen." in text
    assert not says(text, "R9")
    assert "threat_or_violence" not in text


def test_the_refused_patient_reads_it_in_english(client, cast, a_case):
    refuse(cast, a_case, **THREAT)

    text = page(client, cast.patient_user, a_case, "en")

    assert "Why your request was refused" in text
    assert "There was aggression or a threat." in text
    assert "A second opinion remains your right." in text
    assert "Do you think the refusal is not right? Then you can make a complaint." in text
    assert not says(text, "R9")


def test_a_repeated_request_is_explained_to_the_patient(client, cast, submit):
    earlier = submit()
    again = submit()
    refuse(cast, again, **REPEATED, repeats_case_ids=[earlier.pk])

    text = page(client, cast.patient_user, again)

    assert f"U vroeg eerder een second opinion over dezelfde vraag: {earlier.reference} van " in text
    assert "Patiënt vraagt dit keer op keer." in text


def test_the_representative_reads_the_reason_too(client, cast):
    case = by_the_representative(cast)
    refuse(cast, case, **THREAT)

    text = page(client, cast.representative, case)

    assert "Er was sprake van agressie of bedreiging." in text
    assert "Bedreigend gedrag aan de balie op 3 maart." in text


def test_the_page_of_a_case_that_is_not_refused_says_no_reason(client, cast, a_case):
    text = page(client, cast.patient_user, a_case)

    assert "Waarom uw verzoek is geweigerd" not in text


@pytest.mark.parametrize("reason", list(REFUSAL_REASONS))
def test_every_weighty_reason_has_plain_words_for_the_patient_in_both_languages(reason):
    words = REFUSAL_REASONS_FOR_PATIENT[reason]

    assert words.nl.strip()
    assert words.en.strip()
    assert words.nl != words.en
    for text in (words.nl, words.en):
        assert not says(text, "R9")
        assert reason not in text
