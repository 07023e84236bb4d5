"""Build the plain CaseSnapshot that rules judge, from the case and its related rows."""

from collections.abc import Iterable

from secondopinion.access.policy import represents
from secondopinion.cases.models import Agreements, SecondOpinionCase
from secondopinion.consent.selectors import consent_state
from secondopinion.core.textcheck import is_blank
from secondopinion.directory import independence
from secondopinion.directory.models import IndependenceDeclaration
from secondopinion.protocols.snapshot import CaseSnapshot
from secondopinion.protocols.vocabulary import REPORT_SECTIONS
from secondopinion.records.models import Findings, TreatmentPlan
from secondopinion.reports.models import CollegialNotice, Report

# A notice shorter than this is too short to recognise when quoted in a report.
_QUOTE_MIN = 20


def notice_quoted_in(case: SecondOpinionCase, texts: Iterable[str]) -> bool:
    """R6: does any of these texts quote one of the case's collegial notices? The one judgement for
    every text that can reach the report: its sections and its addenda (reports/notices.py)."""
    notices = [
        n.strip().casefold()
        for n in CollegialNotice.objects.filter(case=case).values_list("text", flat=True)
        if len(n.strip()) >= _QUOTE_MIN
    ]
    if not notices:
        return False
    body = "\n".join(texts).casefold()
    return any(n in body for n in notices)


def _notice_quoted(case: SecondOpinionCase, report: Report | None) -> bool:
    """R6: does the report, a section or an addendum, quote a collegial notice?"""
    if report is None:
        return False
    sections = [getattr(report, key, "") for key in REPORT_SECTIONS]
    addenda = report.addenda.values_list("text", flat=True) if report.pk else []
    return notice_quoted_in(case, [*sections, *addenda])


def _represented(case: SecondOpinionCase) -> bool:
    """R8: a representative's request stands on the patient's consent to the representation."""
    requester = case.requester
    return (
        case.requester_kind == "representative"
        and requester is not None
        and represents(requester, case.patient_id)
    )


def snapshot_of(case: SecondOpinionCase) -> CaseSnapshot:
    """Read the related rows afresh, never from a cache a step may have made stale."""
    agreements = Agreements.objects.filter(case=case).first() if case.pk else None
    report = Report.objects.filter(case=case).first() if case.pk else None
    findings = Findings.objects.filter(case=case).first() if case.pk else None
    giver = case.giver
    treating = case.treating_practitioner
    items = frozenset(case.explanation_items.values_list("item", flat=True)) if case.pk else frozenset()
    codes = frozenset(case.billing_lines.values_list("tariff__code", flat=True)) if case.pk else frozenset()
    given, revoked = consent_state(case) if case.pk else (frozenset(), frozenset())
    conflicts = independence.independence_reasons(giver, treating, case.referrer) if giver is not None else []
    sections = frozenset(
        key for key in REPORT_SECTIONS if report is not None and not is_blank(getattr(report, key, ""))
    )
    return CaseSnapshot(
        protocol=case.protocol,
        status=case.status,
        requester_kind=case.requester_kind,
        subject=case.subject,
        treatment_started=case.treatment_started,
        has_referral=case.has_referral,
        referred_by_treating=case.referrer_id is not None
        and case.referrer_id == case.treating_practitioner_id,
        classification=case.classification,
        care_question=case.care_question,
        care_question_established=case.care_question_established,
        explanation_items=items,
        agreements_recorded=agreements is not None,
        written_report_agreed=bool(agreements and agreements.written_report),
        inform_own_practitioner_agreed=bool(agreements and agreements.inform_own_practitioner),
        giver_assigned=giver is not None,
        giver_is_treating=giver is not None and giver.pk == treating.pk,
        giver_same_discipline=not {independence.OTHER_DISCIPLINE, independence.OTHER_SPECIALISM}
        & set(conflicts),
        giver_same_organisation=independence.SAME_ORGANISATION in conflicts,
        giver_is_referrer=independence.NOT_REFERRER in conflicts,
        giver_has_interest=independence.DECLARED_INTEREST in conflicts,
        treating_specialism_missing=independence.specialism_missing(treating),
        independence_declared=giver is not None
        and case.pk is not None
        and IndependenceDeclaration.objects.filter(case=case, giver=giver).exists(),
        findings_recorded=findings is not None and not is_blank(findings.findings),
        report_sections=sections,
        report_final=report is not None and report.state == "final",
        billing_codes=codes,
        refusal_reason=case.refusal_reason,
        refusal_note=case.refusal_note,
        closure_decision=case.closure_decision,
        under_treatment=case.under_treatment,
        wants_transfer=case.wants_transfer,
        prosthesis_hold=case.prosthesis_hold_since is not None,
        prosthesis_adjusted=case.prosthesis_adjusted_at is not None,
        representative_consent="representative" in given or _represented(case),
        patient_consulted=case.patient_consulted,
        gp_informed=case.gp_informed,
        own_practitioner_informed=case.own_practitioner_informed,
        treating_discipline=treating.discipline,
        giver_discipline=giver.discipline if giver is not None else "",
        giver_ont_member=giver is not None and giver.ont_member,
        care_plan_available=case.care_plan_available,
        alternative_plans=TreatmentPlan.objects.filter(case=case).count() if case.pk else 0,
        colleague_consent="consult_colleague" in given,
        reimbursement_explained=case.reimbursement_explained,
        records_consent="request_records" in given,
        records_alternative_explained=case.records_alternative_explained,
        revoked_consents=revoked,
        consents_in_force=given,
        collegial_notice_in_report=_notice_quoted(case, report) if case.pk else False,
        complaint_scheme_known=giver is None or bool(giver.organisation.complaint_scheme),
    )
