"""R23: who receives the report, per protocol, who asked, referral and the consent ledger (R18).

The pure mapping (protocols/distribution.py) is tested on every shipped protocol; the database side
(`distribution_recipients`) on the fixed cast."""

import pytest

from secondopinion.consent.services import consent_record, consent_revoke
from secondopinion.distribution.selectors import distribution_recipients
from secondopinion.protocols.distribution import (
    GP,
    PATIENT,
    REFERRER,
    REPRESENTATIVE,
    REQUESTER,
    SPECIALIST,
    TREATING,
    Person,
    addressees,
)
from secondopinion.protocols.engine import Distribution
from secondopinion.protocols.registry import PROTOCOLS

PATIENT_P = Person("user:1")
REPRESENTATIVE_P = Person("user:2")
TREATING_P = Person("user:3", "dentist")
GP_P = Person("user:4", "gp")
SPECIALIST_P = Person("user:5", "medical_specialist")
INFORM = frozenset({"inform_own_practitioner"})


def kinds(found) -> dict[str, tuple[str, str]]:
    return {a.person.key: (a.kind, a.basis) for a in found}


CASES = [
    # (requester kind, requester, treating, referrer, consents, expected {person: (kind, basis)})
    pytest.param(
        "patient",
        PATIENT_P,
        TREATING_P,
        None,
        frozenset(),
        {"user:1": (PATIENT, "role:requester")},
        id="patient-on-own-initiative-without-consent",
    ),
    pytest.param(
        "patient",
        PATIENT_P,
        TREATING_P,
        None,
        INFORM,
        {"user:1": (PATIENT, "role:requester"), "user:3": (TREATING, "consent:inform_own_practitioner")},
        id="patient-on-own-initiative-with-consent",
    ),
    pytest.param(
        "patient",
        PATIENT_P,
        TREATING_P,
        None,
        frozenset({"request_records", "consult_colleague"}),
        {"user:1": (PATIENT, "role:requester")},
        id="another-purpose-informs-nobody",
    ),
    pytest.param(
        "patient",
        PATIENT_P,
        TREATING_P,
        TREATING_P,
        frozenset(),
        {"user:1": (PATIENT, "role:requester"), "user:3": (TREATING, "role:referrer")},
        id="treating-practitioner-referred",
    ),
    pytest.param(
        "representative",
        REPRESENTATIVE_P,
        TREATING_P,
        GP_P,
        frozenset(),
        {
            "user:2": (REPRESENTATIVE, "role:requester"),
            "user:1": (PATIENT, "role:patient"),
            "user:4": (REFERRER, "role:referrer"),
        },
        id="representative-with-a-gp-referral",
    ),
    pytest.param(
        "referrer",
        GP_P,
        TREATING_P,
        GP_P,
        frozenset(),
        {"user:4": (REFERRER, "role:requester"), "user:1": (PATIENT, "role:patient")},
        id="a-referrer-asks",
    ),
    pytest.param(
        "practitioner",
        SPECIALIST_P,
        SPECIALIST_P,
        GP_P,
        frozenset(),
        {
            "user:5": (REQUESTER, "role:requester"),
            "user:1": (PATIENT, "role:patient"),
            "user:4": (GP, "role:gp_or_specialist"),
        },
        id="specialist-asks-himself-and-informs-the-gp",
    ),
    pytest.param(
        "practitioner",
        GP_P,
        SPECIALIST_P,
        GP_P,
        frozenset(),
        {
            "user:4": (REQUESTER, "role:requester"),
            "user:1": (PATIENT, "role:patient"),
            "user:5": (SPECIALIST, "role:gp_or_specialist"),
        },
        id="gp-asks-and-informs-the-specialist",
    ),
]


@pytest.mark.parametrize("code", sorted(PROTOCOLS))
@pytest.mark.parametrize(("kind", "requester", "treating", "referrer", "consents", "expected"), CASES)
def test_r23_recipients_per_protocol_referral_and_consent(
    code, kind, requester, treating, referrer, consents, expected
):
    found = addressees(
        PROTOCOLS[code].distribution,
        requester_kind=kind,
        requester=requester,
        patient=PATIENT_P,
        treating=treating,
        referrer=referrer,
        consents_in_force=consents,
    )

    assert kinds(found) == expected
    assert {a.rule_id for a in found} == {"R23"}


def test_each_person_receives_the_report_once_under_the_most_specific_basis():
    found = addressees(
        Distribution(),
        requester_kind="patient",
        requester=PATIENT_P,
        patient=PATIENT_P,
        treating=TREATING_P,
        referrer=TREATING_P,
        consents_in_force=INFORM,
    )

    assert [(a.person.key, a.basis) for a in found] == [
        ("user:1", "role:requester"),
        ("user:3", "role:referrer"),
    ]


def test_a_protocol_without_a_consent_purpose_never_sends_on_consent():
    found = addressees(
        Distribution(consent_purpose=""),
        requester_kind="patient",
        requester=PATIENT_P,
        patient=PATIENT_P,
        treating=TREATING_P,
        referrer=None,
        consents_in_force=INFORM,
    )

    assert kinds(found) == {"user:1": (PATIENT, "role:requester")}


def test_someone_without_an_account_is_not_addressed():
    found = addressees(
        Distribution(),
        requester_kind="patient",
        requester=None,
        patient=None,
        treating=None,
        referrer=None,
        consents_in_force=INFORM,
    )

    assert found == ()


# The database side, on the fixed cast ------------------------------------------------------------


def _recipients(case) -> dict[str, tuple[str, str, int | None]]:
    return {r.user.username: (r.kind, r.basis, r.consent_id) for r in distribution_recipients(case)}


def test_the_ledger_at_this_moment_decides_whether_the_own_dentist_receives_it(cast, submit, advance):
    case = advance(submit(), "report_final")  # the happy path gives the consent at `informed`
    consent = case.consents.get(purpose="inform_own_practitioner")

    assert _recipients(case) == {
        "petra": (PATIENT, "role:requester", None),
        "tandarts": (TREATING, "consent:inform_own_practitioner", consent.pk),
    }

    consent_revoke(actor=cast.patient_user, case_id=case.pk, consent_id=consent.pk, source="web")

    assert _recipients(case) == {"petra": (PATIENT, "role:requester", None)}


def test_a_referring_dentist_receives_it_without_consent(cast, submit, advance):
    case = advance(submit(referrer_id=cast.treating.pk), "report_final")
    for consent in case.consents.filter(revoked_at__isnull=True):
        consent_revoke(actor=cast.patient_user, case_id=case.pk, consent_id=consent.pk, source="web")

    assert _recipients(case)["tandarts"] == (TREATING, "role:referrer", None)


def test_nobody_receives_a_draft(cast, submit, advance):
    case = advance(submit(), "report_draft")

    assert distribution_recipients(case) == []


def test_consent_for_another_purpose_sends_nothing_to_the_dentist(cast, submit, advance):
    case = advance(submit(), "report_final")
    consent_revoke(
        actor=cast.patient_user,
        case_id=case.pk,
        consent_id=case.consents.get(purpose="inform_own_practitioner").pk,
        source="web",
    )
    consent_record(
        actor=cast.patient_user, case_id=case.pk, purpose="consult_colleague", method="in_app", source="web"
    )

    assert "tandarts" not in _recipients(case)
