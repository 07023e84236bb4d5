"""R28 with evidence of the actions that are not transitions, and R23/R18: who sees the report.

Consulting a colleague, a collegial notice, editing the report, drafting plans, requesting records
and informing the own practitioner each leave an ActionRecord with the rules they passed, so the
conformance view can mark R6, R18, R19 and R21 followed or not followed, with that evidence.
"""

import pytest

from secondopinion.cases.editing import case_save_report_draft
from secondopinion.cases.inputs import StepInput
from secondopinion.cases.models import ActionRecord
from secondopinion.cases.selectors import case_conformance
from secondopinion.cases.services import case_transition
from secondopinion.consent.models import Consent
from secondopinion.consent.services import consent_record, consent_revoke
from secondopinion.core.errors import RuleBlocked
from secondopinion.protocols.conformance import Verdict
from secondopinion.records.services import colleague_consult, plan_draft
from secondopinion.reports.notices import collegial_notice_send
from tests.api.conftest import ApiClient
from tests.conftest import HAPPY_PATH, give_records_consent, step_input

pytestmark = pytest.mark.django_db

INFORM = next(values for to, _actor, values in HAPPY_PATH if to == "informed")
NOTICE = "Uw indicatie voor extractie van 36 wijkt af van de richtlijn; bel mij gerust."


def rows_of(case) -> dict:
    return {row.rule.id: row for row in case_conformance(case)}


def consent(cast, case, purpose: str):
    return consent_record(
        actor=cast.patient_user, case_id=case.pk, purpose=purpose, method="in_app", source="web"
    )


def consult(cast, case):
    return colleague_consult(
        actor=cast.giver_user,
        case_id=case.pk,
        colleague_id=cast.gp.pk,
        question="Zou u deze kies endodontisch behandelen?",
        source="web",
    )


def test_after_a_colleague_consultation_with_consent_r18_and_r19_are_followed(cast, a_case, advance):
    case = advance(a_case, "in_examination")
    consent(cast, case, "consult_colleague")

    consult(cast, case)

    rows = rows_of(case)
    assert rows["R19"].verdict is Verdict.FOLLOWED
    assert rows["R18"].verdict is Verdict.FOLLOWED
    assert [step.action for step in rows["R19"].evidence] == ["consult_colleague"]
    assert {"R18", "R19"} <= rows["R19"].evidence[0].passed
    assert (
        rows["R19"].evidence[0].by.endswith("(second opinion-gever)")
    )  # the role in words (Dutch by default)


def test_without_a_consultation_r19_is_not_applicable(cast, a_case, advance):
    case = advance(a_case, "in_examination")

    assert rows_of(case)["R19"].verdict is Verdict.NOT_APPLICABLE


def test_a_consultation_blocked_for_want_of_consent_leaves_no_evidence(cast, a_case, advance):
    case = advance(a_case, "in_examination")

    with pytest.raises(RuleBlocked) as error:
        consult(cast, case)

    assert "R19" in error.value.rule_ids
    assert not ActionRecord.objects.filter(case=case).exists()
    assert rows_of(case)["R19"].verdict is Verdict.NOT_APPLICABLE


def test_a_consultation_after_the_consent_was_revoked_is_refused_by_r18_and_r19(cast, a_case, advance):
    case = advance(a_case, "in_examination")
    given = consent(cast, case, "consult_colleague")
    consent_revoke(actor=cast.patient_user, case_id=case.pk, consent_id=given.pk, source="web")

    with pytest.raises(RuleBlocked) as error:
        consult(cast, case)

    assert {"R18", "R19"} <= set(error.value.rule_ids)
    assert not ActionRecord.objects.filter(case=case).exists()


def test_a_collegial_notice_outside_the_report_follows_r6(cast, a_case, advance):
    case = advance(a_case, "report_draft")

    collegial_notice_send(actor=cast.giver_user, case_id=case.pk, text=NOTICE, source="web")

    row = rows_of(case)["R6"]
    assert row.verdict is Verdict.FOLLOWED
    assert [step.action for step in row.evidence] == ["collegial_notice"]


def test_a_report_that_quotes_the_collegial_notice_makes_r6_not_followed(cast, a_case, advance):
    case = advance(a_case, "report_draft")
    collegial_notice_send(actor=cast.giver_user, case_id=case.pk, text=NOTICE, source="web")

    case_save_report_draft(
        actor=cast.giver_user,
        case_id=case.pk,
        sections={"advice": f"Zoals ik schreef: {NOTICE}"},
        source="web",
    )

    row = rows_of(case)["R6"]
    assert row.verdict is Verdict.NOT_FOLLOWED
    assert row.detail is not None
    assert "collegiale melding" in row.detail.nl
    assert [step.action for step in row.evidence] == ["collegial_notice"]


def test_editing_the_draft_report_is_evidence_for_r24(cast, a_case, advance):
    case = advance(a_case, "report_draft")

    case_save_report_draft(actor=cast.giver_user, case_id=case.pk, sections={"advice": "Endo."}, source="web")

    row = rows_of(case)["R24"]
    assert row.verdict is Verdict.FOLLOWED
    assert "edit_report" in [step.action for step in row.evidence]


def test_drafting_plans_without_a_care_plan_is_evidence_for_r21(cast, submit, advance):
    case = advance(submit(care_plan_available=False), "in_examination")

    plan_draft(
        actor=cast.giver_user,
        case_id=case.pk,
        description="Endo met kroon op 36.",
        cost_estimate_cents=95000,
        source="web",
    )

    row = rows_of(case)["R21"]
    assert row.verdict is Verdict.FOLLOWED
    assert [step.action for step in row.evidence] == ["draft_plans"]


def test_gathering_records_with_consent_records_the_request_under_r16_and_r18(cast, a_case, advance):
    case = advance(a_case, "informed")
    give_records_consent(cast, case)

    case_transition(
        actor=cast.giver_user, case_id=case.pk, to="gathering_records", data=StepInput(), source="web"
    )

    record = ActionRecord.objects.get(case=case)
    assert record.action == "request_records"
    assert {"R16", "R18"} <= set(record.rule_ids)
    rows = rows_of(case)
    assert rows["R18"].verdict is Verdict.FOLLOWED
    assert "request_records" in [step.action for step in rows["R16"].evidence]


def informed_without_consent(cast, case, advance):
    """The informed step agrees that the own dentist may be informed, but no consent is in the ledger."""
    case = advance(case, "assigned")
    return case_transition(
        actor=cast.giver_user, case_id=case.pk, to="informed", data=step_input(cast, INFORM), source="web"
    )


def test_a_report_finalised_with_the_patients_consent_informs_the_own_practitioner(cast, a_case, advance):
    case = advance(a_case, "report_final")  # the patient consented at the informed step

    record = ActionRecord.objects.get(case=case, action="inform_own_practitioner")
    assert "R18" in record.rule_ids
    assert rows_of(case)["R18"].verdict is Verdict.FOLLOWED


def test_without_that_consent_the_own_practitioner_is_not_informed(cast, a_case, advance):
    case = advance(informed_without_consent(cast, a_case, advance), "report_final")

    assert not ActionRecord.objects.filter(case=case, action="inform_own_practitioner").exists()


# ── R23 and R18: the treating practitioner reads the report only as the distribution policy says ──


def inform_consent(case) -> Consent:
    return Consent.objects.get(case=case, purpose="inform_own_practitioner", revoked_at__isnull=True)


def web_status(client, path: str) -> int:
    return client.get(path).status_code


def test_revoking_the_consent_stops_the_treating_practitioner_seeing_the_report(
    client, cast, a_case, advance
):
    case = advance(a_case, "report_final")  # the patient consented at the informed step
    given = inform_consent(case)
    api = ApiClient(cast.treating_user)
    client.force_login(cast.treating_user)
    before = (
        web_status(client, f"/cases/{case.pk}/"),
        web_status(client, f"/cases/{case.pk}/report.pdf"),
        api.get(f"/cases/{case.pk}").status_code,
        api.get(f"/cases/{case.pk}/report.pdf").status_code,
    )

    consent_revoke(actor=cast.patient_user, case_id=case.pk, consent_id=given.pk, source="web")

    after = (
        web_status(client, f"/cases/{case.pk}/"),
        web_status(client, f"/cases/{case.pk}/report.pdf"),
        api.get(f"/cases/{case.pk}").status_code,
        api.get(f"/cases/{case.pk}/report.pdf").status_code,
    )
    assert before == (200, 200, 200, 200)
    assert after == (404, 404, 404, 404)
    assert case.pk not in [item["id"] for item in api.get("/cases").json()["items"]]


def test_the_agreement_checkbox_alone_does_not_disclose_the_report(client, cast, a_case, advance):
    case = advance(informed_without_consent(cast, a_case, advance), "report_final")
    client.force_login(cast.treating_user)

    assert case.agreements.inform_own_practitioner is True
    assert web_status(client, f"/cases/{case.pk}/") == 404
    assert ApiClient(cast.treating_user).get(f"/cases/{case.pk}").status_code == 404


def test_a_treating_practitioner_who_referred_always_sees_the_report(client, cast, submit, advance):
    case = advance(submit(referrer_id=cast.treating.pk), "report_final")
    given = inform_consent(case)

    consent_revoke(actor=cast.patient_user, case_id=case.pk, consent_id=given.pk, source="web")

    client.force_login(cast.treating_user)
    assert web_status(client, f"/cases/{case.pk}/report.pdf") == 200
    assert ApiClient(cast.treating_user).get(f"/cases/{case.pk}/report.pdf").status_code == 200
    assert ApiClient(cast.treating_user).get(f"/cases/{case.pk}").json()["report"]["state"] == "final"


def test_a_referring_gp_always_sees_the_report_whatever_the_consents(client, cast, submit, advance):
    case = advance(submit(referrer_id=cast.gp.pk), "report_final")
    given = inform_consent(case)

    consent_revoke(actor=cast.patient_user, case_id=case.pk, consent_id=given.pk, source="web")

    gp = ApiClient(cast.gp_user)
    assert gp.get(f"/cases/{case.pk}/report.pdf").status_code == 200
    assert ApiClient(cast.treating_user).get(f"/cases/{case.pk}/report.pdf").status_code == 404
