"""What the pages show, assembled from the core's selectors.

No access decision is made here: a user's roles come from `selectors.case_get`, the steps and
whether the user may take them from `selectors.case_step_options`, the report's readers from
`access.policy.can_read_report`. This module only arranges them for the templates.
"""

from dataclasses import dataclass
from typing import Any

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from secondopinion.access.permissions import (
    PATIENT_SIDE,
    Action,
    actions_for,
    permitted,
    primary_role,
    reads_internal_notes,
)
from secondopinion.access.policy import can_read_report
from secondopinion.accounts.models import User
from secondopinion.cases import earlier as earlier_module
from secondopinion.cases import selectors
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.cases.selectors import StepOption
from secondopinion.cases.snapshot import case_snapshot
from secondopinion.core.dates import long_date
from secondopinion.core.errors import DomainError
from secondopinion.core.roles import Role
from secondopinion.core.text import Text
from secondopinion.protocols.engine import Violation
from secondopinion.protocols.guidance import GUIDANCE, guidance_for
from secondopinion.protocols.intake import suggest_classification
from secondopinion.protocols.lifecycle import TRANSITIONS, Status
from secondopinion.protocols.registry import get_protocol
from secondopinion.protocols.vocabulary import CLASSIFICATIONS, REFUSAL_REASONS_FOR_PATIENT, REPORT_SECTIONS
from secondopinion.web.case_sections import (
    consent_context,
    examination_context,
    hold_context,
    independence_context,
    notice_context,
)
from secondopinion.web.forms import (
    AddendumForm,
    ReportDraftForm,
    StepForm,
    step_form,
)
from secondopinion.web.forms_steps import RefuseForm

# The state each step leads to, read from the core's transition table.
STEP_TARGETS: dict[str, Status] = {step.name: to for (_from, to), step in TRANSITIONS.items()}
STEP_LABELS: dict[str, Text] = {step.name: step.label for step in TRANSITIONS.values()}
# The steps of the ordinary path; the first of them a user may take is shown opened.
MAIN_PATH = ("accept", "assign", "inform", "examine", "findings", "finalise", "close")
PATIENT_ROLES = PATIENT_SIDE

# The patient's view: where the request stands, and what happens next, in plain language.
PATIENT_STATUS: dict[Status, tuple[Any, Any]] = {
    Status.SUBMITTED: (
        _("We have received your request."),
        _("A coordinator checks whether your question fits a second opinion. You will hear from us."),
    ),
    Status.ACCEPTED: (
        _("Your request has been accepted as a second opinion."),
        _("An independent practitioner of the same discipline is being found for you."),
    ),
    Status.ASSIGNED: (
        _("An independent practitioner will give your second opinion."),
        _(
            "First they explain what the second opinion involves, what it costs and how it is "
            "reported, and agree with you who receives the report."
        ),
    ),
    Status.INFORMED: (
        _("The practitioner has explained the second opinion and recorded your agreements."),
        _("The examination will start soon."),
    ),
    Status.GATHERING_RECORDS: (
        _("Your records are being requested from your own practitioner, with your consent."),
        _("When they have arrived, the examination starts."),
    ),
    Status.IN_EXAMINATION: (
        _("The practitioner is examining your situation."),
        _("The findings are recorded and the written report is prepared."),
    ),
    Status.REPORT_DRAFT: (
        _("The practitioner is writing the report."),
        _("As soon as the report is final, you can download it here."),
    ),
    Status.REPORT_FINAL: (
        _("Your report is ready."),
        _(
            "Discuss the report with your own practitioner. You decide, together with them, "
            "whether you follow the advice."
        ),
    ),
    Status.CLOSED: (
        _("Your second opinion has been completed."),
        # R27, R7 (seed 004, "Evaluatie second opinion"): back to the own practitioner, the patient's
        # choices, and that the giver does not normally become her practitioner.
        _(
            "Go back to your own practitioner with the report. You decide what you do next: accept "
            "the advice, continue or stop the treatment, or look for another practitioner. The "
            "second-opinion giver does not normally become your practitioner. You can still download "
            "the report."
        ),
    ),
    Status.REDIRECTED: (
        _("Your request cannot be handled as a second opinion."),
        _("Read below what you can do instead."),
    ),
    Status.REFUSED: (
        _("Your request has been refused for a weighty reason."),
        _("If you disagree, you can use the complaint scheme of the practice."),
    ),
    Status.WITHDRAWN: (
        _("This request has been withdrawn."),
        _("You can submit a new request at any time."),
    ),
}


@dataclass
class StepPanel:
    """One next step on the case page: its form if this user may take it now, else why not."""

    option: StepOption
    form: forms.Form | None
    url: str
    error: DomainError | None = None
    is_open: bool = False
    # The step's advice, less what the page already says once among the last step's advice.
    advisories: tuple[Violation, ...] = ()
    # The rules blocking the step, each explained once on the page: the first step it blocks says
    # it in full, a later one names its id (`repeated`).
    violations: tuple[Violation, ...] = ()
    repeated: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.option.step.name


def attach_error(form: forms.Form, error: DomainError) -> DomainError | None:
    """Put an error about one field on that field; return the error if more is left to show."""
    if error.field and error.field in form.fields:
        form.add_error(error.field, str(error.detail))
        return error if error.violations else None
    return error


def is_patient_view(roles: frozenset[Role]) -> bool:
    return primary_role(roles) in PATIENT_ROLES


def _step_panels(
    case: SecondOpinionCase,
    roles: frozenset[Role],
    bound: tuple[str, forms.Form] | None,
    error: Any,
) -> list[StepPanel]:
    bound_name, bound_form = bound or ("", None)
    panels = []
    for option in selectors.case_step_options(case, roles):
        name = option.step.name
        form: forms.Form | None = None
        if option.allowed:
            form = bound_form if bound_form is not None and name == bound_name else step_form(name)
            if isinstance(form, StepForm):
                form.set_case(case)
                form.set_acting_role(primary_role(roles & option.step.roles))
        url = reverse(f"web:step-{name}", args=[case.pk])
        panel_error = error if form is not None and name == bound_name else None
        panels.append(StepPanel(option, form, url, panel_error))
    explained: set[tuple[str, str]] = set()
    for panel in panels:
        keys = [(v.rule_id, str(v.detail)) for v in panel.option.violations]
        panel.violations = tuple(
            v for v, k in zip(panel.option.violations, keys, strict=True) if k not in explained
        )
        panel.repeated = tuple(dict.fromkeys(k[0] for k in keys if k in explained))
        explained.update(keys)
    opened = next((p for p in panels if p.form and p.name == bound_name), None) or next(
        (p for p in panels if p.form and p.name in MAIN_PATH), None
    )
    if opened is not None:
        opened.is_open = True
    return panels


def _advice_once(
    panels: list[StepPanel], last_step: tuple[Violation, ...], patient_view: bool
) -> tuple[Violation, ...]:
    """Each advisory rule said once on the page: a step's panel keeps its own advice
    (`StepPanel.advisories`), and the last step's advice at the top of the page leaves out what a panel
    already says; the patient's view shows the last step's advice alone, in plain words."""
    if patient_view:  # the advice in the patient's words alone (Rule.for_patient)
        return tuple(v for v in last_step if v.rule.for_patient is not None)
    shown: set[tuple[str, str]] = set()
    for panel in panels:
        panel.advisories = panel.option.advisories
        shown.update((v.rule_id, str(v.detail)) for v in panel.advisories)
    return tuple(v for v in last_step if (v.rule_id, str(v.detail)) not in shown)


def _report_context(
    user: User,
    case: SecondOpinionCase,
    roles: frozenset[Role],
    bound: tuple[str, forms.Form] | None,
    error: DomainError | None,
) -> dict[str, Any]:
    report = getattr(case, "report", None)
    if report is None or not can_read_report(user, case, roles):
        return {"report": None, "report_forms": {}}
    report_forms: dict[str, forms.Form] = {}
    if (
        permitted(Action.WRITE_REPORT, roles)
        and report.state == "draft"
        and case.status == Status.REPORT_DRAFT
    ):
        report_forms["report"] = ReportDraftForm.for_case(case)
    if permitted(Action.ADD_ADDENDUM, roles) and report.state == "final":
        report_forms["addendum"] = AddendumForm()
    bound_name, bound_form = bound or ("", None)
    if bound_form is not None and bound_name in report_forms:
        report_forms[bound_name] = bound_form
    return {
        "report_error": error if bound_name in report_forms else None,
        "report": report,
        "report_sections": [
            (label, getattr(report, key)) for key, label in REPORT_SECTIONS.items() if getattr(report, key)
        ],
        # None to read when the case was read knowing its report has no addendum (selectors.case_get).
        "addenda": list(report.addenda.select_related("author"))
        if report.state == "final" and case.__dict__.get("tm_addenda") is not False
        else [],
        "report_forms": report_forms,
    }


def case_context(
    user: User,
    case: SecondOpinionCase,
    roles: frozenset[Role],
    *,
    bound: tuple[str, forms.Form] | None = None,
    error: DomainError | None = None,
) -> dict[str, Any]:
    """Everything the case page shows; `bound` is a posted form to show again with its errors."""
    panels = _step_panels(case, roles, bound, error)
    step_advisories = _advice_once(panels, selectors.case_step_advisories(case), is_patient_view(roles))
    report = _report_context(user, case, roles, bound, error)
    independence = independence_context(case, roles, bound, error)
    consent = consent_context(case, roles, bound, error)
    hold = hold_context(case, roles, bound)
    notice = notice_context(case, roles, bound, error)
    # A posted form shown again in its own section has its errors there; the top of the page repeats
    # only those of a form no section shows.
    in_sections = {
        "independence": independence["independence_form"],
        "consent": consent["consent_form"],
        "prosthesis": hold["hold_form"],
        "notice": notice["notice_form"],
    }
    shown = {p.name for p in panels if p.form} | set(report["report_forms"])
    shown |= {name for name, form in in_sections.items() if form is not None}
    protocol = get_protocol(case.protocol)
    guidance = guidance_for(protocol, case.classification) if case.classification else None
    earlier = _earlier_cases(user, case, panels)
    for panel in panels:
        if isinstance(panel.form, RefuseForm):
            panel.form.set_earlier(earlier)  # R9: the candidates to name the repeated ones among
    repeats = earlier_module.repeats_of(case)
    return {
        "case": case,
        # The roles the page was read with, for the panels the templates include (aftercare).
        "case_roles": roles,
        # What this user may do on the case (access/permissions.py): the page offers nothing more.
        "may": frozenset(str(action) for action in actions_for(roles)),
        "protocol": protocol,
        "rules": sorted(protocol.rules, key=lambda rule: int(rule.id.removeprefix("R"))),
        "timeline": selectors.case_timeline(case),
        # The practice's internal notes on the steps: never on the patient's or representative's page.
        "internal_notes": reads_internal_notes(roles) and not is_patient_view(roles),
        "own_panels": [p for p in panels if p.form],
        "other_panels": [p for p in panels if not p.form],
        "page_error": error if bound is None or bound[0] not in shown else None,
        "unshown_form": bound[1] if bound is not None and bound[0] not in shown else None,
        "guidance": guidance if case.classification != "second_opinion" else None,
        "classification": CLASSIFICATIONS.get(case.classification),
        "redirect_guidance": [
            (text, guidance_for(protocol, key)) for key, text in CLASSIFICATIONS.items() if key in GUIDANCE
        ],
        "earlier_cases": earlier,
        "earlier_total": earlier_module.earlier_total(earlier),  # R9: the list holds the newest 20 of these
        "earlier_counted": earlier_module.EARLIER_COUNTED,  # counted that far: "that many or more"
        "repeats": repeats,  # R9: the earlier requests a refusal as a repeated request names
        "step_advisories": step_advisories,
        "patient_status": PATIENT_STATUS[Status(case.status)],
        **_patient_ending(case, is_patient_view(roles), repeats),
        "suggestion": suggest_classification(protocol, case_snapshot(case))
        if case.status == "submitted"
        else None,
        **consent,
        **hold,
        **notice,
        **examination_context(case, roles, bound, error),
        **independence,
        **report,
    }


@dataclass(frozen=True)
class Withdrawal:
    """How the patient's request was withdrawn, as the patient's page says it (R9)."""

    by_practice: bool  # the practice recorded a withdrawal the patient made another way
    at: Any
    note: str


def _patient_ending(
    case: SecondOpinionCase, patient_view: bool, repeats: list[SecondOpinionCase]
) -> dict[str, Any]:
    """R9: why the request ended, for the patient's and the representative's page: the weighty reason
    of a refusal in plain words with the practice's explanation (her own record), and how a withdrawal
    was made, with the note the practice recorded it with. A repeated request names the earlier
    request(s) it repeats; one refused before they were named says so in neutral words."""
    if not patient_view:
        return {}
    if case.status == Status.REFUSED:
        return {
            "refusal_reason": repeated_in_plain_words(repeats)
            or REFUSAL_REASONS_FOR_PATIENT.get(case.refusal_reason),
            "refusal_note": case.refusal_note,
        }
    if case.status == Status.WITHDRAWN:
        change = next(
            (c for c in reversed(selectors.case_timeline(case)) if c.to_status == Status.WITHDRAWN), None
        )
        if change is not None:
            by_practice = change.actor_role not in PATIENT_SIDE
            return {"withdrawal": Withdrawal(by_practice, change.at, change.note)}
    return {}


def _earlier_cases(user: User, case: SecondOpinionCase, panels: list[StepPanel]) -> list[SecondOpinionCase]:
    """R9: a refusal may rest on repeated requests; show the patient's earlier requests on the same
    question beside it (the same selector the API's case read uses)."""
    if not any(p.name == "refuse" and p.form for p in panels):
        return []
    return earlier_module.earlier_requests(user=user, case=case)


def repeated_in_plain_words(repeats: list[SecondOpinionCase]) -> Text | None:
    """R9, for the patient: the earlier request(s) a refusal as a repeated request names, by reference
    and day ("TM-2026-00012 van 3 november 2026"); None when it names none."""
    if not repeats:
        return None
    named = {
        language: [f"{c.reference} {word} {long_date(c.created_at, language)}" for c in repeats]
        for language, word in (("nl", "van"), ("en", "of"))
    }
    listed = {
        language: items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {joint} {items[-1]}"
        for (language, items), joint in zip(named.items(), ("en", "and"), strict=True)
    }
    return Text(
        f"U vroeg eerder een second opinion over dezelfde vraag: {listed['nl']}. De praktijk vindt het niet "
        "zinvol om dezelfde vraag nog een keer te laten beoordelen.",
        f"You asked for a second opinion on the same question before: {listed['en']}. The practice does "
        "not think it is useful to have the same question looked at again.",
    )
