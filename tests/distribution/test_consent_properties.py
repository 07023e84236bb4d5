"""R18, R19, R23 as properties: whatever the order of giving and revoking consent, finalising,
reading and consulting, no path discloses the report or the record to anyone without the consent
the rules require at that moment, and a revocation stops the very next disclosure.

Each example builds its own case (on the patient's own initiative, or referred by the treating
dentist) and rolls it back afterwards; the model below is what the rules require, written out."""

from dataclasses import dataclass, field

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from secondopinion.access.policy import can_read_report
from secondopinion.cases import selectors
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.consent.models import Consent
from secondopinion.consent.services import consent_record, consent_revoke
from secondopinion.core.errors import NotFound, RuleBlocked, TransitionNotAllowed
from secondopinion.distribution.models import Sending
from secondopinion.notifications.models import Notification
from secondopinion.records.models import ColleagueConsultation
from secondopinion.records.services import colleague_consult
from tests.conftest import HAPPY_PATH

pytestmark = pytest.mark.django_db

PURPOSES = ("inform_own_practitioner", "request_records", "consult_colleague")
OPERATIONS = st.one_of(
    st.tuples(st.sampled_from(("give", "revoke")), st.sampled_from(PURPOSES)),
    st.just(("finalise", "")),
    st.just(("read", "")),
    st.just(("consult", "")),
)


@dataclass
class Ledger:
    """What the rules require, kept beside the product: the purposes in force and those revoked."""

    in_force: set[str] = field(default_factory=set)
    ever_revoked: set[str] = field(default_factory=set)
    final: bool = False


def _case_in_draft(cast, submit, advance, referred: bool) -> SecondOpinionCase:
    """A case whose report is a draft, with no consent in the ledger (the happy path's is revoked)."""
    case = advance(submit(**({"referrer_id": cast.treating.pk} if referred else {})), "report_draft")
    for consent in Consent.objects.filter(case=case):
        consent.delete()
    return case


def _give(cast, case, purpose, ledger):
    consent_record(actor=cast.patient_user, case_id=case.pk, purpose=purpose, method="in_app", source="web")
    ledger.in_force.add(purpose)


def _revoke(cast, case, purpose, ledger):
    for consent in Consent.objects.filter(case=case, purpose=purpose, revoked_at__isnull=True):
        consent_revoke(actor=cast.patient_user, case_id=case.pk, consent_id=consent.pk, source="web")
    if purpose in ledger.in_force:
        ledger.in_force.discard(purpose)
        ledger.ever_revoked.add(purpose)


def _finalise(cast, case, ledger):
    from secondopinion.cases.inputs import StepInput
    from secondopinion.cases.services import case_transition

    report = StepInput(report=dict(HAPPY_PATH[-2][2]["report"]))  # R22: the required sections
    case_transition(actor=cast.giver_user, case_id=case.pk, to="report_final", data=report, source="web")
    ledger.final = True


def _treating_may_read(ledger: Ledger, referred: bool) -> bool:
    """R23: the report reaches the own dentist once final, when he referred, or while the patient's
    consent to inform him is in force (R18)."""
    return ledger.final and (referred or "inform_own_practitioner" in ledger.in_force)


def _read(cast, case, ledger, referred):
    case.refresh_from_db()
    expected = _treating_may_read(ledger, referred)
    assert can_read_report(cast.treating_user, case) is expected
    if referred:
        return  # he referred: he is related to the case from the start, as referrer
    # Before the report is final the case itself is already his to see on the same basis (R23).
    if "inform_own_practitioner" in ledger.in_force:
        selectors.case_get(user=cast.treating_user, case_id=case.pk, source="web")
    else:
        with pytest.raises(NotFound):
            selectors.case_get(user=cast.treating_user, case_id=case.pk, source="web")
    for outsider in (cast.colleague_user, cast.gp_user, cast.stranger):
        assert not can_read_report(outsider, case)
        with pytest.raises(NotFound):
            selectors.case_get(user=outsider, case_id=case.pk, source="web")


def _consult(cast, case, ledger):
    before = ColleagueConsultation.objects.filter(case=case).count()
    try:
        colleague_consult(
            actor=cast.giver_user,
            case_id=case.pk,
            colleague_id=cast.gp.pk,
            question="Wat is uw advies over 36?",
            source="web",
        )
    except RuleBlocked as exc:
        ids = {v.rule_id for v in exc.violations}
        assert "consult_colleague" not in ledger.in_force
        if "consult_colleague" in ledger.ever_revoked:
            assert "R18" in ids  # a revocation stops the next consultation, naming R18
        assert ids <= {"R18", "R19"}
        assert ColleagueConsultation.objects.filter(case=case).count() == before
    except TransitionNotAllowed:
        assert ledger.final  # only during the examination: after the report nobody is consulted
    else:
        assert "consult_colleague" in ledger.in_force
        assert not ledger.final


def _invariants(cast, case, ledger, referred):
    """Every sending ever made stood on what the rules allowed; none outlives its consent."""
    sendings = Sending.objects.filter(case=case)
    if not ledger.final:
        assert not sendings.exists()
        return
    recipients = {s.recipient_user_id for s in sendings.filter(withdrawn_at__isnull=True)}
    assert cast.patient_user.pk in recipients
    assert recipients <= {cast.patient_user.pk, cast.treating_user.pk}
    assert (cast.treating_user.pk in recipients) is _treating_may_read(ledger, referred)
    for sending in sendings.filter(recipient_user=cast.treating_user):
        if referred:
            assert (sending.basis, sending.consent) == ("role:referrer", None)
        else:
            assert sending.basis == "consent:inform_own_practitioner"
            assert sending.consent.purpose == "inform_own_practitioner"
            assert sending.consent.given_at <= sending.sent_at
            revoked = sending.consent.revoked_at
            assert (revoked is None) is (sending.withdrawn_at is None)
            assert revoked is None or revoked <= sending.withdrawn_at
    notified = set(Notification.objects.filter(kind="report_ready").values_list("recipient_id", flat=True))
    assert notified <= {s.recipient_user_id for s in sendings}


class Rollback(Exception):
    pass


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(referred=st.booleans(), operations=st.lists(OPERATIONS, max_size=10))
def test_no_path_discloses_without_the_consent_in_force_at_that_moment(
    cast, submit, advance, referred, operations
):
    try:
        with transaction.atomic():
            case = _case_in_draft(cast, submit, advance, referred)
            ledger = Ledger()
            for operation, purpose in operations:
                if operation == "give":
                    _give(cast, case, purpose, ledger)
                elif operation == "revoke":
                    _revoke(cast, case, purpose, ledger)
                elif operation == "finalise" and not ledger.final:
                    _finalise(cast, case, ledger)
                elif operation == "read":
                    _read(cast, case, ledger, referred)
                elif operation == "consult":
                    _consult(cast, case, ledger)
                _invariants(cast, case, ledger, referred)
            _read(cast, case, ledger, referred)
            raise Rollback
    except Rollback:
        pass


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(purpose=st.sampled_from(PURPOSES), gives=st.integers(min_value=1, max_value=3))
def test_a_revocation_stops_the_next_disclosure_whatever_was_given_before(
    cast, submit, advance, purpose, gives
):
    try:
        with transaction.atomic():
            case = _case_in_draft(cast, submit, advance, referred=False)
            ledger = Ledger()
            for _ in range(gives):
                _give(cast, case, purpose, ledger)
            if purpose == "consult_colleague":
                _consult(cast, case, ledger)
            _finalise(cast, case, ledger)
            _read(cast, case, ledger, referred=False)
            _revoke(cast, case, purpose, ledger)
            _read(cast, case, ledger, referred=False)  # the next read: 404 for the own dentist
            _invariants(cast, case, ledger, referred=False)
            if purpose == "inform_own_practitioner":
                assert not can_read_report(cast.treating_user, case)
                with pytest.raises(NotFound):
                    selectors.case_get(user=cast.treating_user, case_id=case.pk, source="web")
            raise Rollback
    except Rollback:
        pass


def test_a_revoked_consultation_consent_blocks_the_next_consultation_with_r18(cast, submit, advance):
    case = _case_in_draft(cast, submit, advance, referred=False)
    ledger = Ledger()
    _give(cast, case, "consult_colleague", ledger)
    _consult(cast, case, ledger)
    _revoke(cast, case, "consult_colleague", ledger)

    with pytest.raises(RuleBlocked) as blocked:
        colleague_consult(
            actor=cast.giver_user,
            case_id=case.pk,
            colleague_id=cast.gp.pk,
            question="Nog één vraag?",
            source="web",
        )

    assert "R18" in {v.rule_id for v in blocked.value.violations}
    assert ColleagueConsultation.objects.filter(case=case).count() == 1
