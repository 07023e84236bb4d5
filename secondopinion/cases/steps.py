"""What each lifecycle step writes before its rules are judged.

A step's writer stores the data the step carries; the service then judges the protocol's rules
on the new snapshot and, if any rule blocks, the whole transaction is rolled back: nothing changes.
"""

from collections.abc import Callable

from django.utils import timezone

from secondopinion.accounts.models import User
from secondopinion.cases.earlier import named_earlier
from secondopinion.cases.inputs import StepInput
from secondopinion.cases.models import Agreements, ExplanationItem, SecondOpinionCase
from secondopinion.core.errors import InvalidInput
from secondopinion.core.text import Text
from secondopinion.core.textcheck import is_blank
from secondopinion.directory.models import Practitioner
from secondopinion.protocols.common import REPEATED_REQUEST
from secondopinion.protocols.guidance import guidance_for
from secondopinion.protocols.registry import get_protocol
from secondopinion.protocols.vocabulary import (
    CLASSIFICATIONS,
    CLOSURE_DECISIONS,
    EXPLANATION_ITEMS,
    REFUSAL_REASONS,
    REPORT_SECTIONS,
)
from secondopinion.records.models import Findings
from secondopinion.reports.services import report_finalise, report_write_sections

Writer = Callable[[SecondOpinionCase, User, StepInput], None]


def _one_of(value: str, vocabulary: dict[str, Text], field: str, *, required: bool = True) -> str:
    if not value and not required:
        return value
    if value not in vocabulary:
        allowed = ", ".join(vocabulary)
        raise InvalidInput(
            Text(
                f"Ongeldige waarde {value!r}; kies uit: {allowed}.",
                f"Invalid value {value!r}; choose from: {allowed}.",
            ),
            field=field,
        )
    return value


def _accept(case: SecondOpinionCase, actor: User, data: StepInput) -> None:
    case.classification = _one_of(data.classification or "second_opinion", CLASSIFICATIONS, "classification")
    case.classification_note = data.note
    if get_protocol(case.protocol).holds_work and case.prosthesis_hold_since is None:
        case.prosthesis_hold_since = timezone.now()


def _redirect(case: SecondOpinionCase, actor: User, data: StepInput) -> None:
    # A missing classification is R5's to answer, with the rule id; only an unknown one is bad input.
    case.classification = _one_of(data.classification, CLASSIFICATIONS, "classification", required=False)
    guidance = guidance_for(get_protocol(case.protocol), case.classification)
    parts = [guidance.nl if guidance else "", data.note]
    case.classification_note = "\n\n".join(p for p in parts if p)


def _refuse(case: SecondOpinionCase, actor: User, data: StepInput) -> None:
    case.refusal_reason = _one_of(data.refusal_reason, REFUSAL_REASONS, "refusal_reason", required=False)
    case.refusal_note = data.refusal_note or data.note
    # R9: a repeated request names the earlier request(s) it repeats, each one of the candidates; the
    # rule blocks the reason without them (protocols/common.py). Other reasons name none.
    if not data.repeats_case_ids:
        return
    if case.refusal_reason != REPEATED_REQUEST:
        raise InvalidInput(
            Text(
                "Eerdere aanvragen noemt u alleen bij de reden 'herhaald verzoek over dezelfde vraag'.",
                "You name earlier requests only with the reason 'repeated request on the same question'.",
            ),
            field="repeats_case_ids",
        )
    case.repeats.add(*named_earlier(user=actor, case=case, ids=data.repeats_case_ids))


def _assign(case: SecondOpinionCase, actor: User, data: StepInput) -> None:
    if data.giver_id is None:
        return
    giver = Practitioner.objects.filter(pk=data.giver_id).first()
    if giver is None:
        raise InvalidInput(
            Text("Deze behandelaar bestaat niet.", "This practitioner does not exist."),
            field="giver_id",
        )
    if giver.user is not None and not giver.user.is_active:
        raise InvalidInput(
            Text("Deze behandelaar is niet meer actief.", "This practitioner is no longer active."),
            field="giver_id",
        )
    case.giver = giver
    case.giver_organisation_id = giver.organisation_id  # R28: fixed now, whatever the directory does later


def _inform(case: SecondOpinionCase, actor: User, data: StepInput) -> None:
    for item in data.explanation_items or []:
        _one_of(item, EXPLANATION_ITEMS, "explanation_items")
        ExplanationItem.objects.get_or_create(case=case, item=item, defaults={"recorded_by": actor})
    if data.written_report is not None and data.inform_own_practitioner is not None:
        Agreements.objects.update_or_create(
            case=case,
            defaults={
                "written_report": data.written_report,
                "inform_own_practitioner": data.inform_own_practitioner,
                "copy_recipients": data.copy_recipients,
                "recorded_by": actor,
            },
        )
    # R15: the question as the giver establishes it is kept beside the patient's own, never over it.
    if not is_blank(data.care_question):
        case.established_care_question = data.care_question.strip()
        case.care_question_established = True
    if data.records_alternative_explained is not None:
        case.records_alternative_explained = data.records_alternative_explained
    if data.reimbursement_explained is not None:
        case.reimbursement_explained = data.reimbursement_explained


def _findings(case: SecondOpinionCase, actor: User, data: StepInput) -> None:
    if is_blank(data.findings):
        raise InvalidInput(Text("Vul de bevindingen in.", "Enter the findings."), field="findings")
    Findings.objects.update_or_create(
        case=case,
        defaults={
            "findings": data.findings.strip(),
            "anamnesis_medical": data.anamnesis_medical,
            "anamnesis_dental": data.anamnesis_dental,
            "anamnesis_psychosocial": data.anamnesis_psychosocial,
            "recorded_by": actor,
        },
    )
    report_write_sections(case=case, sections={"findings": data.findings.strip(), **data.report})


def _finalise(case: SecondOpinionCase, actor: User, data: StepInput) -> None:
    unknown = set(data.report) - set(REPORT_SECTIONS)
    if unknown:
        raise InvalidInput(
            Text(
                f"Onbekende rapportsectie: {', '.join(sorted(unknown))}.",
                f"Unknown report section: {', '.join(sorted(unknown))}.",
            ),
            field="report",
        )
    if data.report and getattr(case, "report", None) is not None and case.report.state == "draft":
        report_write_sections(case=case, sections=data.report)


def _finalise_after(case: SecondOpinionCase, actor: User) -> None:
    report_finalise(case=case, actor=actor)


def _close(case: SecondOpinionCase, actor: User, data: StepInput) -> None:
    case.closure_decision = _one_of(
        data.closure_decision, CLOSURE_DECISIONS, "closure_decision", required=False
    )
    case.closure_note = data.note


def _nothing(case: SecondOpinionCase, actor: User, data: StepInput) -> None:
    return None


WRITERS: dict[str, Writer] = {
    "accept": _accept,
    "redirect": _redirect,
    "refuse": _refuse,
    "assign": _assign,
    "inform": _inform,
    "gather": _nothing,
    "examine": _nothing,
    "findings": _findings,
    "finalise": _finalise,
    "close": _close,
    "withdraw": _nothing,
}

# Work done once the rules have allowed the step, inside the same transaction.
AFTER: dict[str, Callable[[SecondOpinionCase, User], None]] = {"finalise": _finalise_after}
