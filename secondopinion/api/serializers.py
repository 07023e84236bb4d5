"""Turn domain objects into the API's response dictionaries, in the request's language."""

from typing import Any

from django.utils import timezone
from django.utils.translation import get_language

from secondopinion.access.permissions import Action, acting_role
from secondopinion.access.policy import roles_for
from secondopinion.accounts.models import User
from secondopinion.billing.amounts import PricedLine
from secondopinion.billing.ended import case_ended_costs
from secondopinion.billing.prices import NO_CODE, expected_cost
from secondopinion.billing.reimbursement import RULE_ID as REIMBURSEMENT_RULE
from secondopinion.billing.reimbursement import case_insurance, reimbursement_guidance
from secondopinion.cases.earlier import earlier_requests, earlier_total, repeats_needed, repeats_of
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.cases.selectors import (
    StepOption,
    case_hold,
    case_step_advisories,
    case_timeline,
)
from secondopinion.cases.snapshot import case_snapshot
from secondopinion.consent.awaited import awaited_for
from secondopinion.core.roles import Role
from secondopinion.core.text import Text
from secondopinion.directory.models import Organisation, Patient, Practitioner
from secondopinion.distribution.written import patient_side_received
from secondopinion.planning.selectors import case_expected_steps
from secondopinion.protocols.common import REPEATED_REQUEST
from secondopinion.protocols.conformance import Row
from secondopinion.protocols.engine import Protocol, Violation
from secondopinion.protocols.intake import suggest_classification
from secondopinion.protocols.lifecycle import Status
from secondopinion.protocols.registry import get_protocol
from secondopinion.protocols.vocabulary import REPORT_SECTIONS
from secondopinion.reports.models import Report


def ref(obj: Patient | Practitioner | Organisation | None) -> dict[str, Any] | None:
    return None if obj is None else {"id": obj.pk, "name": obj.name}


def case_summary(case: SecondOpinionCase) -> dict[str, Any]:
    return {
        "id": case.pk,
        "reference": case.reference,
        "protocol": case.protocol,
        "status": case.status,
        "version": case.version,
        "patient": ref(case.patient),
        "care_question": case.care_question,
        "created_at": case.created_at,
    }


def report_json(report: Report | None, *, has_addenda: bool = True) -> dict[str, Any] | None:
    """`has_addenda` False: the case was read knowing its report has none (selectors.case_get)."""
    if report is None:
        return None
    return {
        "state": report.state,
        **{key: getattr(report, key) for key in REPORT_SECTIONS},
        "finalised_at": report.finalised_at,
        "content_hash": report.content_hash,
        "addenda": [a.text for a in report.addenda.all()] if has_addenda else [],
    }


def hold_json(case: SecondOpinionCase, language: str) -> dict[str, Any] | None:
    """R3: the prosthesis hold, with what breaking it means once an adjustment is recorded."""
    hold = case_hold(case)
    if hold is None:
        return None
    detail = None if hold.followed else hold.rule.check(case_snapshot(case), case.status)
    return {
        "rule_id": hold.rule.id,
        "seeds": list(hold.rule.seeds),
        "text": hold.rule.text.in_language(language),
        "since": hold.since,
        "standing": hold.standing,
        "adjusted_at": hold.adjusted_at,
        "followed": hold.followed,
        "detail": detail.in_language(language) if detail is not None else None,
    }


def earlier_json(case: SecondOpinionCase) -> dict[str, Any]:
    return {
        "id": case.pk,
        "reference": case.reference,
        "status": case.status,
        "subject": case.subject,
        "treating_practitioner": ref(case.treating_practitioner),
        "care_question": case.care_question,
        "refusal_reason": case.refusal_reason,
        "created_at": case.created_at,
    }


def repeats_json(case: SecondOpinionCase) -> list[dict[str, Any]]:
    """R9: the earlier requests a refusal as a repeated request names (read only for such a case)."""
    return [
        {"id": other.pk, "reference": other.reference, "created_at": other.created_at}
        for other in repeats_of(case)
    ]


def _suggestion(case: SecondOpinionCase) -> dict[str, Any]:
    """R5, R7: while the case awaits triage, the suggested classification and the rules behind it."""
    if case.status != "submitted":
        return {"suggested_classification": None, "suggestion_rule_ids": None}
    suggestion = suggest_classification(get_protocol(case.protocol), case_snapshot(case))
    return {
        "suggested_classification": suggestion.classification,
        "suggestion_rule_ids": list(suggestion.rule_ids),
    }


def consents_awaited_json(
    case: SecondOpinionCase, viewer: User | None, roles: frozenset[Role] | None
) -> list[dict[str, Any]]:
    """R8, R16, R18, R23: the consents the case waits for from the patient, as the case page lists them
    (consent/awaited.py), each with the rules it would clear and whether this reader may give it: only the
    patient herself (access/permissions.py RECORD_CONSENT in her role); her representative may not, and
    staff record her signed form instead. The reader's roles are found only when something is awaited."""
    awaited = awaited_for(case)
    if not awaited:
        return []
    if roles is None:
        roles = roles_for(viewer, case) if viewer is not None else frozenset()
    may_give = acting_role(Action.RECORD_CONSENT, roles) == Role.PATIENT
    return [
        {"purpose": item.purpose, "rule_ids": list(item.rule_ids), "may_give": may_give} for item in awaited
    ]


def case_detail(
    case: SecondOpinionCase,
    *,
    with_report: bool,
    viewer: User | None = None,
    internal_notes: bool = False,
    roles: frozenset[Role] | None = None,
    new: bool = False,
) -> dict[str, Any]:
    """The case as its reader may see it (a `new` one has no agreements yet); `viewer` scopes the earlier requests on the same question (R9),
    `internal_notes` (access/permissions.py reads_internal_notes) adds the practice's notes on the steps,
    `roles` (the viewer's, when the caller has them) say whether the viewer may give an awaited consent."""
    language = get_language() or "nl"
    # The report as the case was read with it (selectors.case_get joins it), else read now.
    report = getattr(case, "report", None) if with_report else None
    earlier = earlier_requests(user=viewer, case=case) if viewer is not None else []
    return {
        **case_summary(case),
        "organisation": ref(case.organisation),
        "treating_practitioner": ref(case.treating_practitioner),
        "giver": ref(case.giver),
        "referrer": ref(case.referrer),
        "requester_kind": case.requester_kind,
        "has_referral": case.has_referral,
        "subject": case.subject,
        "treatment_started": case.treatment_started,
        "care_question_established": case.care_question_established,
        "established_care_question": case.established_care_question,
        "classification": case.classification,
        "classification_note": case.classification_note,
        **_suggestion(case),
        "under_treatment": case.under_treatment,
        "wants_transfer": case.wants_transfer,
        "prosthesis_hold_since": case.prosthesis_hold_since,
        "refusal_reason": case.refusal_reason,
        "closure_decision": case.closure_decision,
        "report": report_json(report, has_addenda=case.__dict__.get("tm_addenda") is not False),
        "timeline": [
            {
                "from_status": change.from_status,
                "to_status": change.to_status,
                "at": change.at,
                "actor": str(change.actor),
                "actor_role": change.actor_role,
                "rule_ids": change.rule_ids,
                "note": change.note,
                "internal_note": (change.internal_note or None) if internal_notes else None,
            }
            for change in case_timeline(case)
        ],
        "hold": hold_json(case, language),
        "earlier_requests": [earlier_json(other) for other in earlier],
        "earlier_requests_total": earlier_total(earlier),
        "repeats": repeats_json(case),
        "advisories": advisories_json(case_step_advisories(case), language),
        "reimbursement": reimbursement_json(case, language),
        "expected_cost": expected_cost_json(case, language),
        "next_step_due": next_step_json(case),
        "consents_awaited": consents_awaited_json(case, viewer, roles),
        "agreements": None if new else agreements_json(case),
        "patient_received_report": report is not None
        and report.state == "final"
        and patient_side_received(case),
    }


def agreements_json(case: SecondOpinionCase) -> dict[str, Any] | None:
    """R14: the agreements made beforehand, as the case was read with them (cases/selectors.py)."""
    agreements = getattr(case, "agreements", None)
    if agreements is None:
        return None
    return {
        "written_report": agreements.written_report,
        "inform_own_practitioner": agreements.inform_own_practitioner,
        "copy_recipients": agreements.copy_recipients,
        "written_requested_at": agreements.written_requested_at,
    }


def expected_cost_json(case: SecondOpinionCase, language: str) -> dict[str, Any]:
    """R25, R26: the expected cost of the second opinion today and what the insurance usually pays."""
    estimate = expected_cost(
        protocol=case.protocol, organisation_id=case.organisation_id, day=timezone.localdate()
    )
    price = estimate.price if estimate is not None else None
    ended = case_ended_costs(case, has_code=estimate is not None)
    return {
        "code": estimate.code if estimate is not None else None,
        "description": estimate.description.in_language(language) if estimate is not None else None,
        "amount_cents": price.amount_cents if price is not None else None,
        "source": price.source if price is not None else None,
        "valid_from": price.valid_from if price is not None else None,
        "valid_until": price.valid_until if price is not None else None,
        "text": ended.in_language(language)
        if ended is not None
        else (estimate.text(language) if estimate is not None else NO_CODE.in_language(language)),
        "insurance": case_insurance(case).in_language(language),
    }


def next_step_json(case: SecondOpinionCase) -> dict[str, Any] | None:
    """The next step with its expected day; None once the case has ended."""
    steps = case_expected_steps(case)
    if not steps:
        return None
    return {"status": str(steps[0].status), "due": steps[0].due, "overdue": steps[0].overdue}


def reimbursement_json(case: SecondOpinionCase, language: str) -> dict[str, Any]:
    """R26: the reimbursement guidance of the case, in the request's language."""
    guidance = reimbursement_guidance(case)
    return {
        "rule_id": REIMBURSEMENT_RULE,
        "text": guidance.text.in_language(language),
        "has_referral": guidance.has_referral,
        "codes": list(guidance.codes),
    }


def billing_line_json(priced: PricedLine, language: str) -> dict[str, Any]:
    """R25: a billed line with its amount (the price valid on its day of service times its quantity)."""
    line = priced.line
    english = language.startswith("en")
    return {
        "id": line.pk,
        "code": line.tariff.code,
        "description": line.tariff.description_en if english else line.tariff.description_nl,
        "date": line.service_date,
        "quantity": line.quantity,
        "unit_amount_cents": priced.price.amount_cents if priced.price is not None else None,
        "amount_cents": priced.amount_cents,
    }


def advisories_json(advisories: tuple[Violation, ...], language: str) -> list[dict[str, Any]]:
    return [
        {
            "rule_id": v.rule_id,
            "seeds": list(v.rule.seeds),
            "text": v.rule.text.in_language(language),
            "detail": v.detail.in_language(language),
        }
        for v in advisories
    ]


def _rule_refs(violations: tuple[Violation, ...], language: str) -> list[dict[str, str]]:
    return [
        {
            "rule_id": v.rule_id,
            "text": v.rule.text.in_language(language),
            "detail": v.detail.in_language(language),
        }
        for v in violations
    ]


# R9: the refusal's own input, by the TransitionIn fields that carry it.
_REFUSAL_FIELDS = {"R9": ["refusal_reason", "refusal_note"]}
_NAMES_REPEATS = Text(
    "Met de reden repeated_request (herhaald verzoek over dezelfde vraag) ook repeats_case_ids: de ids van "
    "de eerdere aanvragen van deze patiënt over dezelfde vraag die dit verzoek herhaalt, gekozen uit "
    "earlier_requests van de zaak (ook voorbij de 20 getoonde). Zonder die ids houdt R9 de weigering tegen.",
    "With the reason repeated_request (repeated request on the same question) also repeats_case_ids: the "
    "ids of this patient's earlier requests on the same question that this request repeats, chosen from "
    "the case's earlier_requests (also beyond the 20 shown). Without them R9 blocks the refusal.",
)


def _needs(case: SecondOpinionCase, option: StepOption, language: str) -> list[dict[str, Any]]:
    """What the step's input must still supply. A refusal names its fields, and, to whoever may
    refuse, `repeats_case_ids` where R9 would block a refusal as a repeated request without them (the
    patient asked before on the same question), only with that reason (`when`). Whether the patient
    asked before is said only to whoever may refuse: it is judged over all the patient's requests."""
    needs: list[dict[str, Any]] = _rule_refs(option.needs, language)
    if option.to != Status.REFUSED:
        return needs
    for need in needs:
        need["fields"] = _REFUSAL_FIELDS.get(need["rule_id"], [])
    repeats = repeats_needed(case) if option.permitted else None
    if repeats is not None:
        needs.append(
            {
                "rule_id": repeats.rule_id,
                "text": repeats.rule.text.in_language(language),
                "detail": _NAMES_REPEATS.in_language(language),
                "fields": ["repeats_case_ids"],
                "when": {"refusal_reason": REPEATED_REQUEST},
            }
        )
    return needs


def transitions_json(case: SecondOpinionCase, options: list[StepOption]) -> dict[str, Any]:
    language = get_language() or "nl"
    allowed: list[dict[str, Any]] = []
    blocked: list[dict[str, Any]] = []
    for option in options:
        item = {
            "to": option.to.value,
            "step": option.step.name,
            "label": option.step.label.in_language(language),
            "permitted": option.permitted,
            "needs": _needs(case, option, language),
            "blocked_by": _rule_refs(option.violations, language),
            "advisories": advisories_json(option.advisories, language),
        }
        (allowed if option.allowed else blocked).append(item)
    return {"status": case.status, "version": case.version, "allowed": allowed, "blocked": blocked}


def protocol_json(protocol: Protocol) -> dict[str, Any]:
    return {
        "code": protocol.code,
        "name": protocol.name.as_dict(),
        "discipline": protocol.discipline,
        "seeds": list(protocol.seeds),
        "billing_code": protocol.billing_code,
        "billing_codes": [
            {
                "code": c.code,
                "description": c.description.as_dict(),
                "valid_from": c.valid_from,
                "valid_until": c.valid_until,
            }
            for c in protocol.billing_codes
        ],
        "records": [{"key": key, "label": label.as_dict()} for key, label in protocol.records.items()],
        "distribution": {
            "treating_when_referred": protocol.distribution.treating_when_referred,
            "consent_purpose": protocol.distribution.consent_purpose,
            "gp_when_practitioner_initiated": protocol.distribution.gp_when_practitioner_initiated,
        },
        "rules": [
            {
                "id": rule.id,
                "seeds": list(rule.seeds),
                "text": rule.text.as_dict(),
                "guards": sorted(rule.guards),
                "blocking": rule.blocking,
            }
            for rule in protocol.rules
        ],
    }


def conformance_json(rows: list[Row]) -> list[dict[str, Any]]:
    language = get_language() or "nl"
    return [
        {
            "rule_id": row.rule.id,
            "seeds": list(row.rule.seeds),
            "text": row.rule.text.in_language(language),
            "blocking": row.rule.blocking,
            "verdict": row.verdict.value,
            "detail": row.detail.in_language(language) if row.detail else None,
            "evidence": [{"action": step.action, "at": step.at, "by": step.by} for step in row.evidence],
        }
        for row in rows
    ]
