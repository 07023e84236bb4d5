"""R9 (acceptance finding F1): a refusal as a "repeated request" names the earlier request(s) it
repeats. The product's list of earlier requests on the same question holds candidates only; the
staff member names which of them this request repeats, each one of those candidates, and the
service refuses any other id at its field, changing nothing and telling nothing about that case.

Seed 004: the weighty reason is the patient who asks "keer op keer" a second opinion on the same
question. Domain contract R9: "the system shows earlier cases on the same question".
"""

import pytest

from secondopinion.audit.models import AccessEvent
from secondopinion.cases.inputs import StepInput
from secondopinion.cases.models import SecondOpinionCase, StatusChange
from secondopinion.cases.services import case_submit, case_transition
from secondopinion.core.errors import InvalidInput, RuleBlocked
from secondopinion.directory.models import Patient
from tests.api.conftest import ApiClient
from tests.conftest import submit_input
from tests.factories import PractitionerFactory

pytestmark = pytest.mark.django_db

REPEATED = {"refusal_reason": "repeated_request", "refusal_note": "Patiënt vraagt dit keer op keer."}


def refuse(cast, case: SecondOpinionCase, **values) -> SecondOpinionCase:
    return case_transition(
        actor=cast.coordinator, case_id=case.pk, to="refused", data=StepInput(**values), source="web"
    )


def unchanged(case: SecondOpinionCase) -> None:
    """The refused step changed nothing: status, version, reason, the named requests, the history."""
    before = (case.status, case.version)
    case.refresh_from_db()
    assert (case.status, case.version) == before
    assert (case.refusal_reason, case.refusal_note) == ("", "")
    assert list(case.repeats.all()) == []
    assert list(StatusChange.objects.filter(case=case).values_list("to_status", flat=True)) == ["submitted"]


def field_error(cast, case: SecondOpinionCase, ids: list) -> InvalidInput:
    with pytest.raises(InvalidInput) as err:
        refuse(cast, case, **REPEATED, repeats_case_ids=ids)
    assert err.value.field == "repeats_case_ids"
    return err.value


# ── The rule: a repeated request without a named earlier request is blocked ──────────────────────


def test_a_repeated_request_naming_no_earlier_request_is_blocked_by_r9(cast, submit):
    submit()  # a candidate exists, but the coordinator names none
    again = submit()

    with pytest.raises(RuleBlocked) as err:
        refuse(cast, again, **REPEATED)

    assert err.value.rule_ids == ["R9"]
    detail = err.value.violations[0].detail
    assert "Noem welke eerdere aanvraag" in detail.nl
    assert "Name the earlier request" in detail.en
    unchanged(again)


def test_naming_the_earlier_request_refuses_and_stores_it(cast, submit):
    first = submit()
    second = submit()
    again = submit()

    refused = refuse(cast, again, **REPEATED, repeats_case_ids=[first.pk, second.pk])

    assert (refused.status, refused.refusal_reason) == ("refused", "repeated_request")
    assert set(refused.repeats.values_list("pk", flat=True)) == {first.pk, second.pk}
    assert list(first.repeated_by.all()) == [refused]
    assert "R9" in StatusChange.objects.filter(case=again).latest("id").rule_ids


def test_a_candidate_beyond_the_newest_shown_may_be_named(cast, submit):
    from secondopinion.cases.earlier import EARLIER_SHOWN

    oldest = submit()
    for _ in range(EARLIER_SHOWN):
        submit()
    again = submit()

    refused = refuse(cast, again, **REPEATED, repeats_case_ids=[oldest.pk])

    assert list(refused.repeats.all()) == [oldest]


# ── Bad input: an id that is not a candidate is refused at its field, nothing changes ───────────


def test_a_later_request_is_not_a_candidate(cast, submit):
    submit()
    again = submit()
    later = submit()

    field_error(cast, again, [later.pk])

    unchanged(again)


def test_the_request_itself_is_not_a_candidate(cast, submit):
    submit()
    again = submit()

    field_error(cast, again, [again.pk])

    unchanged(again)


def test_a_request_on_another_question_is_not_a_candidate(cast, submit):
    submit()
    other_dentist = PractitionerFactory(discipline="dentist", organisation=cast.treating_practice)
    other_question = submit(treating_practitioner_id=other_dentist.pk, subject="diagnosis")
    again = submit()

    field_error(cast, again, [other_question.pk])

    unchanged(again)


def test_another_patients_request_is_not_a_candidate_and_the_answer_tells_nothing(cast, submit):
    otto = Patient.objects.get(user=cast.other_patient_user)
    theirs = case_submit(
        actor=cast.coordinator, data=submit_input(cast, patient_id=None, patient_bsn=otto.bsn), source="web"
    )
    earlier = submit()
    again = submit()
    # Another organisation's request of the same patient, on the same question: not the coordinator's.
    elsewhere = submit(organisation_id=cast.other_practice.pk)
    SecondOpinionCase.objects.filter(pk=elsewhere.pk).update(created_at=earlier.created_at)
    missing = SecondOpinionCase.objects.order_by("-pk").first().pk + 1000

    answers = {
        name: field_error(cast, again, [earlier.pk, case_id])
        for name, case_id in {"other patient": theirs.pk, "other org": elsewhere.pk, "none": missing}.items()
    }

    # One answer whatever the other case is: it names the field, never the case or its patient.
    assert len({(e.detail.nl, e.detail.en) for e in answers.values()}) == 1
    detail = answers["none"].detail
    assert "Kies alleen eerdere aanvragen uit de lijst" in detail.nl
    for text in (detail.nl, detail.en):
        assert theirs.reference not in text
        assert elsewhere.reference not in text
        assert "Otto" not in text
    unchanged(again)


@pytest.mark.parametrize("ids", [["abc"], [0], [-3], [2**63]], ids=["text", "zero", "negative", "huge"])
def test_an_id_no_case_can_have_is_refused_at_the_field(cast, submit, ids):
    submit()
    again = submit()

    field_error(cast, again, ids)

    unchanged(again)


def test_naming_earlier_requests_with_another_reason_is_refused_at_the_field(cast, submit):
    first = submit()
    again = submit()

    with pytest.raises(InvalidInput) as err:
        refuse(
            cast,
            again,
            refusal_reason="threat_or_violence",
            refusal_note="Bedreigend gedrag aan de balie.",
            repeats_case_ids=[first.pk],
        )

    assert err.value.field == "repeats_case_ids"
    unchanged(again)


# ── The API: the transition takes repeats_case_ids, the case answer lists what it repeats ─────────


def test_the_api_refuses_naming_the_earlier_request_and_shows_it(cast, submit):
    first = submit()
    again = submit()
    coordinator = ApiClient(cast.coordinator)

    answer = coordinator.post(
        f"/cases/{again.pk}/transitions", {"to": "refused", **REPEATED, "repeats_case_ids": [first.pk]}
    )

    assert answer.status_code == 200, answer.content
    assert [(r["id"], r["reference"]) for r in answer.json()["repeats"]] == [(first.pk, first.reference)]
    for reader in (cast.coordinator, cast.patient_user):
        read = ApiClient(reader).get(f"/cases/{again.pk}").json()
        assert [r["reference"] for r in read["repeats"]] == [first.reference]
    assert ApiClient(cast.other_coordinator).get(f"/cases/{again.pk}").status_code == 404


def test_the_api_blocks_without_a_named_request_and_names_the_field_of_a_bad_one(cast, submit):
    submit()
    again = submit()
    later = submit()
    coordinator = ApiClient(cast.coordinator)
    url = f"/cases/{again.pk}/transitions"

    blocked = coordinator.post(url, {"to": "refused", **REPEATED})
    newest = AccessEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    bad = coordinator.post(url, {"to": "refused", **REPEATED, "repeats_case_ids": [later.pk]})
    malformed = coordinator.post(url, {"to": "refused", **REPEATED, "repeats_case_ids": [0]})

    assert (blocked.status_code, blocked.json()["rule_ids"]) == (422, ["R9"])
    assert (bad.status_code, bad.json()["field"]) == (422, "repeats_case_ids")
    assert malformed.status_code == 422
    assert malformed.json()["field"].startswith("repeats_case_ids")  # "repeats_case_ids.0": the item
    # Refused input records no change: no event of an update after the blocked attempt.
    assert not AccessEvent.objects.filter(pk__gt=newest or 0, action="update").exists()
    unchanged(again)


def test_a_case_that_is_not_refused_as_repeated_lists_nothing_it_repeats(cast, submit):
    first = submit()

    read = ApiClient(cast.coordinator).get(f"/cases/{first.pk}").json()

    assert read["repeats"] == []


def test_the_fhir_task_of_the_refusal_names_the_service_requests_it_repeats(cast, submit):
    from tests.fhir.conftest import FhirClient

    first = submit()
    again = submit()
    refuse(cast, again, **REPEATED, repeats_case_ids=[first.pk])

    task = FhirClient(cast.coordinator).get(f"/Task/{again.pk}").json()
    listed = FhirClient(cast.coordinator).get("/Task?status=rejected").json()

    assert task["statusReason"]["text"].endswith(f"; repeats ServiceRequest/{first.pk}")
    assert "R9" in [c["code"] for c in task["statusReason"]["coding"]]
    texts = [e["resource"]["statusReason"]["text"] for e in listed["entry"]]
    assert texts == [task["statusReason"]["text"]]
