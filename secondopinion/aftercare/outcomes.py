"""Outcomes: what each second opinion did to the diagnosis and the treatment, recorded by the giver at or
before closure, and whether the patient followed the advice (R27's evaluation). Counted per organisation
and per protocol beside the published Mayo Clinic figures.

Van Such M, Lohr R, Beckman T, Naessens JM. Extent of diagnostic agreement among medical referrals.
J Eval Clin Pract 2017;23(4):870-874. Of 286 referrals to Mayo Clinic's general internal medicine, the
final diagnosis was the same as the referral diagnosis in 12%, better defined or refined in 66%, and
distinctly different in 21%. The study counts diagnoses only: treatment has no published column here.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count

from secondopinion.access.doors import case_for
from secondopinion.access.permissions import Action, acting_role
from secondopinion.access.policy import complaints_organisations, coordinator_organisations
from secondopinion.accounts.models import User
from secondopinion.aftercare.models import Outcome
from secondopinion.audit.services import access_record
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.core.errors import InvalidInput, NotFound, TransitionNotAllowed
from secondopinion.core.roles import Role
from secondopinion.core.text import Text
from secondopinion.directory.models import Organisation
from secondopinion.protocols.lifecycle import Status
from secondopinion.protocols.vocabulary import OUTCOMES

CATEGORIES = tuple(OUTCOMES)  # confirmed, refined, changed
MAYO_REFERRALS = 286
MAYO_DIAGNOSIS_PERCENT = {"confirmed": 12, "refined": 66, "changed": 21}
# From the report written (report_draft) until the case is closed, and once closed.
RECORDABLE = frozenset({Status.REPORT_DRAFT, Status.REPORT_FINAL, Status.CLOSED})
# R27: the patient's decision, from their own evaluation or as recorded at closure.
FOLLOWED = {"accept_opinion": "yes", "undecided": "unknown", "": "unknown"}
FOLLOWED_LABELS: dict[str, Text] = {
    "yes": Text("ja", "yes"),
    "no": Text("nee", "no"),
    "unknown": Text("onbekend", "unknown"),
}
OUTCOMES_NOT_FOUND = Text(
    "Deze uitkomsten bestaan niet of u heeft er geen toegang toe.",
    "These outcomes do not exist or you have no access to them.",
)


def followed_advice(evaluation_decision: str | None, closure_decision: str | None) -> str:
    """Whether the patient followed the advice: the patient's own evaluation first, else the decision
    recorded at closure; "unknown" when neither says."""
    decision = evaluation_decision or closure_decision or ""
    return FOLLOWED.get(decision, "no")


@transaction.atomic
def outcome_record(*, actor: User, case_id: int, diagnosis: str, treatment: str, source: str) -> Outcome:
    """The giver's record of what the opinion did to the diagnosis and the treatment; once per case."""
    case, role = case_for(actor, case_id, Action.RECORD_OUTCOME)
    if case.status not in RECORDABLE:
        raise TransitionNotAllowed(
            Text(
                "De uitkomst legt u vast zodra het rapport is geschreven, en uiterlijk bij het afsluiten.",
                "You record the outcome once the report is written, and at the latest at closure.",
            )
        )
    if Outcome.objects.filter(case=case).exists():
        raise TransitionNotAllowed(
            Text(
                "De uitkomst is al vastgelegd; dat kan één keer.",
                "The outcome has already been recorded; that is done once.",
            )
        )
    for name, value, label in (
        ("diagnosis", diagnosis, Text("Diagnose", "Diagnosis")),
        ("treatment", treatment, Text("Behandeling", "Treatment")),
    ):
        if value not in OUTCOMES:
            raise InvalidInput(
                Text(
                    f"{label.nl}: kies bevestigd, aangevuld of gewijzigd.",
                    f"{label.en}: choose confirmed, refined or changed.",
                ),
                field=name,
            )
    outcome = Outcome.objects.create(case=case, diagnosis=diagnosis, treatment=treatment, recorded_by=actor)
    access_record(
        actor=actor, action="create", data="outcome", source=source, role=role, basis=role, case=case
    )
    return outcome


def outcome_of(case: SecondOpinionCase) -> Outcome | None:
    """For a case the page has already read (and logged): its outcome, if recorded. The case page's
    read brings it along (cases/selectors.py), so this reads nothing more there."""
    try:
        return case.outcome
    except Outcome.DoesNotExist:
        return None


# -- reading them in numbers -----------------------------------------------------------------------


def outcome_organisations(user: User) -> list[tuple[Organisation, Role]]:
    """The organisations whose outcomes the user reads, each with the role it is read in (the
    permissions table decides which staff functions may)."""
    if not user.is_authenticated:
        return []
    held: dict[int, set[Role]] = defaultdict(set)
    for org in coordinator_organisations(user):
        held[org].add(Role.COORDINATOR)
    for org in complaints_organisations(user):
        held[org].add(Role.COMPLAINTS_OFFICER)
    roles = {org: acting_role(Action.READ_OUTCOMES, frozenset(r)) for org, r in held.items()}
    readable = {org: role for org, role in roles.items() if role is not None}
    orgs = Organisation.objects.filter(pk__in=readable).order_by("name", "pk")
    return [(org, readable[org.pk]) for org in orgs]


@dataclass
class Tally:
    """Counts of one group of cases: diagnosis and treatment per category, followed advice."""

    diagnosis: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CATEGORIES, 0))
    treatment: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CATEGORIES, 0))
    followed: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FOLLOWED_LABELS, 0))

    @property
    def total(self) -> int:
        return sum(self.diagnosis.values())

    def percent(self, measure: str, category: str) -> float | None:
        counts = getattr(self, measure)
        return round(100 * counts[category] / self.total, 1) if self.total else None


@dataclass
class OutcomeTable:
    organisation: Organisation
    role: Role
    protocol: str  # "" for all protocols
    overall: Tally
    per_protocol: dict[str, Tally]


def outcome_table(
    *, user: User, organisation_id: int | None, protocol: str, source: str, export: bool = False
) -> OutcomeTable:
    """The outcomes of one organisation the user may read (the first by name when none is chosen), all
    protocols or one; one aggregate query. The read (or the CSV export) is logged as an aggregate read:
    no patient and no case is named. NotFound for anyone else's organisation."""
    readable = outcome_organisations(user)
    chosen = next(
        ((org, role) for org, role in readable if organisation_id in (None, org.pk)),
        None,
    )
    if chosen is None:
        raise NotFound(OUTCOMES_NOT_FOUND)
    organisation, role = chosen
    rows = (
        Outcome.objects.filter(case__organisation=organisation)
        .values(
            "case__protocol", "diagnosis", "treatment", "case__evaluation__decision", "case__closure_decision"
        )
        .annotate(n=Count("pk"))
        .order_by()
    )
    per_protocol: dict[str, Tally] = defaultdict(Tally)
    for row in rows:
        tally = per_protocol[row["case__protocol"]]
        tally.diagnosis[row["diagnosis"]] += row["n"]
        tally.treatment[row["treatment"]] += row["n"]
        followed = followed_advice(row["case__evaluation__decision"], row["case__closure_decision"])
        tally.followed[followed] += row["n"]
    overall = Tally()
    for code, tally in per_protocol.items():
        if protocol and code != protocol:
            continue
        for measure in ("diagnosis", "treatment", "followed"):
            for key, count in getattr(tally, measure).items():
                getattr(overall, measure)[key] += count
    access_record(
        actor=user,
        action="export" if export else "read",
        data="outcomes",
        source=source,
        role=role,
        basis=role,
    )
    return OutcomeTable(organisation, role, protocol, overall, dict(sorted(per_protocol.items())))
