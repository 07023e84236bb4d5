"""Writes to the directory that concern a case: the giver's declaration of independence (R10)."""

from django.db import transaction
from django.utils import timezone

from secondopinion.access.roles import Role
from secondopinion.accounts.models import User
from secondopinion.audit.services import access_record
from secondopinion.cases.doors import case_for
from secondopinion.cases.errors import InvalidInput, RuleBlocked, TransitionNotAllowed
from secondopinion.cases.snapshot import snapshot_of
from secondopinion.directory.models import IndependenceDeclaration
from secondopinion.protocols.engine import Violation
from secondopinion.protocols.lifecycle import Status
from secondopinion.protocols.registry import get_protocol
from secondopinion.protocols.text import Text

# What the giver confirms (R10, seeds 000 and 004); stored in the language it was shown in.
STATEMENT = Text(
    "Ik verklaar dat ik in hetzelfde vakgebied en op hetzelfde niveau werk als de eigen behandelaar, "
    "op geen enkele wijze met de eigen behandelaar of diens praktijk of organisatie verbonden ben, "
    "en geen direct belang heb bij het probleem of de oplossing ervan (R10).",
    "I declare that I work in the same discipline and at the same level as the treating practitioner, "
    "am in no way connected to the treating practitioner or their practice or organisation, and have "
    "no direct interest in the problem or its solution (R10).",
)
ONLY_THE_GIVER = Text(
    "Alleen de toegewezen second opinion-gever verklaart onafhankelijkheid.",
    "Only the assigned second-opinion giver declares independence.",
)


@transaction.atomic
def independence_declare(
    *, actor: User, case_id: int, statement_confirmed: bool, source: str
) -> IndependenceDeclaration:
    """R10: the assigned giver declares independence, once, before the case proceeds."""
    case, role = case_for(actor, case_id, frozenset({Role.GIVER}), ONLY_THE_GIVER)
    existing = IndependenceDeclaration.objects.filter(case=case).first()
    if existing is not None:
        stamp = timezone.localtime(existing.declared_at).strftime("%d-%m-%Y %H:%M")
        raise TransitionNotAllowed(
            Text(
                f"De onafhankelijkheid is al verklaard op {stamp}.",
                f"Independence was already declared on {stamp}.",
            )
        )
    if case.status != Status.ASSIGNED:
        raise TransitionNotAllowed(
            Text(
                "Onafhankelijkheid wordt verklaard nadat de gever is toegewezen en voordat de uitleg "
                "wordt vastgelegd.",
                "Independence is declared after the giver has been assigned and before the "
                "explanation is recorded.",
            )
        )
    if statement_confirmed is not True:
        raise InvalidInput(
            Text(
                "Bevestig de verklaring van onafhankelijkheid (R10).",
                "Confirm the declaration of independence (R10).",
            ),
            field="statement_confirmed",
        )
    # The directory must agree before the giver's word can (R10 as judged at assignment).
    rule = get_protocol(case.protocol).rule("R10")
    detail = rule.check(snapshot_of(case), Status.ASSIGNED)
    if detail is not None:
        raise RuleBlocked(
            Text("Geblokkeerd door R10.", "Blocked by R10."), violations=(Violation(rule, detail),)
        )
    assert case.giver is not None  # the GIVER role implies one
    declaration = IndependenceDeclaration.objects.create(
        case=case, giver=case.giver, declared_by=actor, statement=str(STATEMENT)
    )
    access_record(
        actor=actor,
        action="create",
        data="case:independence",
        source=source,
        role=role,
        basis=role,
        case=case,
    )
    return declaration
