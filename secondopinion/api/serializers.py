"""Turn domain objects into the API's response dictionaries, in the request's language."""

from typing import Any

from django.utils.translation import get_language

from secondopinion.cases.models import SecondOpinionCase
from secondopinion.cases.selectors import StepOption, case_timeline
from secondopinion.cases.snapshot import snapshot_of
from secondopinion.directory.models import Organisation, Patient, Practitioner
from secondopinion.protocols.conformance import Row
from secondopinion.protocols.engine import Protocol, Violation
from secondopinion.protocols.intake import suggest_classification
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


def report_json(report: Report | None) -> dict[str, Any] | None:
    if report is None:
        return None
    return {
        "state": report.state,
        **{key: getattr(report, key) for key in REPORT_SECTIONS},
        "finalised_at": report.finalised_at,
        "content_hash": report.content_hash,
        "addenda": [a.text for a in report.addenda.all()],
    }


def case_detail(case: SecondOpinionCase, *, with_report: bool) -> dict[str, Any]:
    report = Report.objects.filter(case=case).first() if with_report else None
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
        "classification": case.classification,
        "classification_note": case.classification_note,
        "suggested_classification": (
            suggest_classification(get_protocol(case.protocol), snapshot_of(case)).classification
            if case.status == "submitted"
            else None
        ),
        "under_treatment": case.under_treatment,
        "wants_transfer": case.wants_transfer,
        "prosthesis_hold_since": case.prosthesis_hold_since,
        "refusal_reason": case.refusal_reason,
        "closure_decision": case.closure_decision,
        "report": report_json(report),
        "timeline": [
            {
                "from_status": change.from_status,
                "to_status": change.to_status,
                "at": change.at,
                "actor": str(change.actor),
                "actor_role": change.actor_role,
                "rule_ids": change.rule_ids,
                "note": change.note,
            }
            for change in case_timeline(case)
        ],
    }


def _rule_refs(violations: tuple[Violation, ...], language: str) -> list[dict[str, str]]:
    return [
        {
            "rule_id": v.rule_id,
            "text": v.rule.text.in_language(language),
            "detail": v.detail.in_language(language),
        }
        for v in violations
    ]


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
            "needs": _rule_refs(option.needs, language),
            "blocked_by": _rule_refs(option.violations, language),
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
