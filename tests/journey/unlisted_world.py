"""A request whose own practitioner the patient named in her own words, sent as the wizard sends it
(journey/unlisted.py unlisted_submit), without walking the wizard's pages."""

from secondopinion.journey.models import UnlistedRequest
from secondopinion.journey.unlisted import unlisted_submit
from tests.journey.test_wizard import PATIENT_ANSWERS

QUESTION = PATIENT_ANSWERS["question"]["care_question"]


def waiting_answers(cast, *, by_representative: bool = False, protocol: str = "dental-knmt") -> dict:
    """The wizard's answers of a request for the cast's patient at the giving practice, naming her own
    practitioner "J. de Boer" in her own words."""
    answers = {
        "requester_kind": "representative" if by_representative else "patient",
        "unlisted": {"name": "J. de Boer", "practice": "Tandartspraktijk Het Anker", "place": "Zwolle"},
        "protocol": protocol,
        "care_question": QUESTION,
        **PATIENT_ANSWERS["situation"],
        "has_referral": "yes",
        "organisation": cast.giving_practice.pk,
        "request_records": True,
        "inform_own_practitioner": True,
        "own_practitioner_informed": "yes",
    }
    if by_representative:
        answers["represented"] = cast.patient.pk
    return answers


def waiting_request(
    cast, *, by_representative: bool = False, protocol: str = "dental-knmt"
) -> UnlistedRequest:
    """The cast's patient's request (or her representative's, whose representation must be in force),
    waiting at the giving practice for a coordinator to look up "J. de Boer"."""
    answers = waiting_answers(cast, by_representative=by_representative, protocol=protocol)
    actor = cast.representative if by_representative else cast.patient_user
    return unlisted_submit(actor=actor, answers=answers, source="web")
