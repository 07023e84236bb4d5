"""Template filters that show the core's machine names in the active language."""

import re

from django import template
from django.forms import BoundField
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy

from secondopinion.audit.grounds import RECIPIENT_ROLE_LABELS
from secondopinion.core.roles import ROLE_LABELS, Role
from secondopinion.core.text import Text
from secondopinion.protocols.lifecycle import STATUS_LABELS, Status, Step
from secondopinion.protocols.registry import PROTOCOLS
from secondopinion.protocols.vocabulary import (
    CLASSIFICATIONS,
    CLOSURE_DECISIONS,
    EXPLANATION_ITEMS,
    REFUSAL_REASONS,
    REPORT_SECTIONS,
    REQUESTER_KINDS,
    SUBJECTS,
    UNDER_TREATMENT,
)

register = template.Library()

VOCABULARIES: dict[str, dict[str, Text]] = {
    "classification": CLASSIFICATIONS,
    "closure_decision": CLOSURE_DECISIONS,
    "explanation_item": EXPLANATION_ITEMS,
    "refusal_reason": REFUSAL_REASONS,
    "report_section": REPORT_SECTIONS,
    "requester_kind": REQUESTER_KINDS,
    "subject": SUBJECTS,
    "under_treatment": UNDER_TREATMENT,
}


@register.filter
def status_label(value: str) -> str:
    """The lifecycle state's label, capitalised: `submitted` → `Ingediend`."""
    try:
        return capfirst(str(STATUS_LABELS[Status(value)])) or ""
    except ValueError:
        return value


# What an evidence step of the conformance checklist did, when it is no lifecycle state.
EVIDENCE_ACTIONS: dict[str, Text] = {
    "submit": Text("Aanvraag ingediend", "Request submitted"),
    "request_records": Text("Gegevens opgevraagd", "Records requested"),
    "inform_own_practitioner": Text("Eigen behandelaar geïnformeerd", "Own practitioner informed"),
    "edit_report": Text("Rapport bewerkt", "Report edited"),
    "collegial_notice": Text("Collegiale melding", "Collegial notice"),
    "consult_colleague": Text("Collega geraadpleegd", "Colleague consulted"),
    "draft_plans": Text("Plannen opgesteld", "Plans drafted"),
}


@register.filter
def evidence_action(value: str) -> str:
    """An evidence step in words: the state the case reached, or what was done."""
    if value in EVIDENCE_ACTIONS:
        return str(EVIDENCE_ACTIONS[value])
    return status_label(value)


@register.filter
def role_label(value: str) -> str:
    """A role in words; also the report's recipient "requester", a basis of sending (R23) that is no
    role of the access table. Anything else is shown as it is."""
    try:
        return str(ROLE_LABELS[Role(value)])
    except ValueError:
        if value in _OTHER_ROLE_WORDS:
            return str(_OTHER_ROLE_WORDS[value])
        # The report's other recipients (R23: gp_or_specialist, practitioner_initiated), in words.
        return str(RECIPIENT_ROLE_LABELS.get(value, value))


_OTHER_ROLE_WORDS = {"requester": gettext_lazy("requester")}


@register.filter
def step_roles(step: Step) -> str:
    """Who may take a step, e.g. `coördinator, second opinion-gever`."""
    return ", ".join(str(ROLE_LABELS[role]) for role in Role if role in step.roles)


@register.filter
def vocab(value: str, vocabulary: str) -> str:
    """A vocabulary key in the active language: `{{ case.subject|vocab:"subject" }}`."""
    text = VOCABULARIES[vocabulary].get(value)
    return str(text) if text is not None else value


@register.filter
def protocol_name(code: str) -> str:
    protocol = PROTOCOLS.get(code)
    return str(protocol.name) if protocol is not None else code


@register.filter
def error_lead(label: object) -> str:
    """A field's label as it leads its error in the summary: "Naam:", but a question keeps its own mark
    ("Wie vraagt de second opinion aan? Kies een van de antwoorden.") and a sentence drops its full stop
    ("Ja, trek dit verzoek in: Dit veld is verplicht.") rather than stand before a colon."""
    text = str(label).rstrip()
    if text.endswith(("?", "!")):
        return text
    return text.removesuffix(".").rstrip() + ":"


@register.filter
def field_rule(field: BoundField) -> str:
    """The rule that requires this field, when the form leaves the rule to speak (see WebForm.RULES)."""
    return getattr(field.form, "RULES", {}).get(field.name, "")


# "(R28)", "(R10, R11)", "(R9: …)": the rule a message rests on, named for professionals.
RULE_REFERENCE = re.compile(r"\s*\(R\d{1,2}(?:(?:, | en | and |/)R\d{1,2})*(?::[^)]*)?\)")


@register.filter
def without_rule_ids(message: object) -> str:
    """A message as a patient reads it: the rule ids in parentheses left out, the words kept
    (a refusal says why in words; its rule id is for the API and the professionals' pages)."""
    return RULE_REFERENCE.sub("", str(message))
