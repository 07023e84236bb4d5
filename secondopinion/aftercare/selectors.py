"""The reads of the patient's side once a case exists: scoped to the user and logged (NEN 7513)."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Avg, Case, Count, DateField, F, Q, QuerySet, Value, When
from django.utils.translation import get_language

from secondopinion.access.permissions import (
    PRACTICE_SIDE,
    Action,
    acting_role,
    complaint_reader,
    permitted,
    refusal,
    roles_permitted,
)
from secondopinion.access.policy import acting_for, complaint_roles, complaints_organisations, roles_for
from secondopinion.accounts.models import User
from secondopinion.aftercare.complaints import COMPLAINT_NOT_FOUND
from secondopinion.aftercare.letter import decision_letter_pdf
from secondopinion.aftercare.models import Complaint, Evaluation, Message
from secondopinion.aftercare.services import messages_mark_read
from secondopinion.audit.services import access_record
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.cases.selectors import cases_visible_to
from secondopinion.core.errors import CASE_NOT_FOUND, NotFound, NotPermitted, TransitionNotAllowed
from secondopinion.core.roles import Role
from secondopinion.core.text import Text


def message_list(*, user: User, case_id: int, source: str) -> tuple[SecondOpinionCase, list[Message]]:
    """The thread of a case, oldest first, for the patient's side or the coordinator; the read is logged
    and the other side's messages count as read from now on."""
    case = cases_visible_to(user).filter(pk=case_id).first()
    roles = roles_for(user, case) if case is not None else frozenset()
    if case is None or not roles:
        raise NotFound(CASE_NOT_FOUND)
    role = acting_role(Action.MESSAGE, roles)
    if role is None:
        raise NotPermitted(refusal(Action.MESSAGE))
    access_record(
        actor=user,
        action="read",
        data="messages",
        source=source,
        role=role,
        basis=role,
        case=case,
        on_behalf_of=acting_for(role, case),
    )
    return case, message_thread(case, role)


def message_thread(case: SecondOpinionCase, role: Role) -> list[Message]:
    """For a case already read (and logged) by a user in `role` of the conversation, e.g. on the case
    page: the thread, oldest first; the other side's messages count as read from now on."""
    thread = list(Message.objects.filter(case=case).select_related("author"))
    side = PRACTICE_SIDE if role in PRACTICE_SIDE else roles_permitted(Action.MESSAGE) - PRACTICE_SIDE
    # Nothing of the other side unread in what was shown: nothing to mark.
    if any(m.read_at is None and m.author_role not in side for m in thread):
        messages_mark_read(case=case, side=side)
    return thread


def _by_deadline(complaints: QuerySet[Complaint]) -> QuerySet[Complaint]:
    """Open complaints by the term they wait on (the acknowledgement while received, else the decision),
    soonest first, so the overdue ones lead; decided ones after them, the latest decided first."""
    due = Case(
        When(state=Complaint.State.RECEIVED, then=F("acknowledge_by")),
        When(state=Complaint.State.DECIDED, then=Value(None)),
        default=F("decide_by"),
        output_field=DateField(),
    )
    return complaints.annotate(due=due).order_by(
        F("due").asc(nulls_last=True), F("decided_at").desc(nulls_last=True), "-id"
    )


def overdue(complaints: QuerySet[Complaint], today: dt.date) -> QuerySet[Complaint]:
    """The complaints whose term has passed: the acknowledgement while received, else the decision."""
    State = Complaint.State
    late = Q(state=State.RECEIVED, acknowledge_by__lt=today)
    late |= Q(state__in=[State.ACKNOWLEDGED, State.IN_HANDLING], decide_by__lt=today)
    return complaints.filter(late)


def complaint_list(*, user: User, source: str, open_only: bool = False) -> QuerySet[Complaint]:
    """The complaints that went to the complaint scheme of the organisations whose complaints this user
    handles (R28: the giver's organisation), by deadline. Listing them names patients, so the list is
    one logged search."""
    complaints = Complaint.objects.filter(
        organisation_id__in=sorted(complaints_organisations(user))
    ).select_related("case", "case__patient", "case__organisation", "case__giver")
    if open_only:
        complaints = complaints.exclude(state=Complaint.State.DECIDED)
    complaints = _by_deadline(complaints)
    if complaints.exists():
        access_record(
            actor=user,
            action="search",
            data="complaint-list",
            source=source,
            role=Role.COMPLAINTS_OFFICER,
            basis=Role.COMPLAINTS_OFFICER,
        )
    return complaints


def complaint_get(*, user: User, complaint_id: int, source: str) -> Complaint:
    """One complaint with its case, for the complaints officer of the organisation it went to; NotFound for
    anyone unrelated."""
    complaint = (
        Complaint.objects.select_related(
            "case", "case__patient", "case__organisation", "case__giver", "decided_by"
        )
        .filter(pk=complaint_id)
        .first()
    )
    roles = complaint_roles(user, roles_for(user, complaint.case), complaint) if complaint else frozenset()
    if complaint is None or not roles:
        raise NotFound(COMPLAINT_NOT_FOUND)
    if not permitted(Action.HANDLE_COMPLAINT, roles):
        raise NotPermitted(refusal(Action.HANDLE_COMPLAINT))
    access_record(
        actor=user,
        action="read",
        data="complaint",
        source=source,
        role=Role.COMPLAINTS_OFFICER,
        basis=Role.COMPLAINTS_OFFICER,
        case=complaint.case,
    )
    return complaint


def complaints_of(user: User, case: SecondOpinionCase, roles: frozenset[Role]) -> list[Complaint]:
    """For a case the page has already read (and logged) with `roles`: the complaints on it this reader
    reads, newest first: the coordinator and the complaints officer those addressed to their own
    organisation (access/policy.py complaint_roles: not one that went to the giver's other organisation),
    a complainant's side those filed from that side (access/permissions.py complaint_reader)."""
    if not permitted(Action.READ_COMPLAINTS, roles):
        return []
    complaints = Complaint.objects.filter(case=case)
    return [
        c
        for c in complaints
        if complaint_reader(Action.READ_COMPLAINTS, complaint_roles(user, roles, c), c.filed_role)
    ]


def evaluation_of(case: SecondOpinionCase) -> Evaluation | None:
    """For a case the page has already read (and logged): the patient's evaluation, if recorded."""
    field = SecondOpinionCase._meta.get_field("evaluation")
    if field.is_cached(case):
        return getattr(case, "evaluation", None)  # read with the case (cases.selectors.case_get)
    return Evaluation.objects.filter(case=case).first()


@dataclass(frozen=True)
class OutcomeSummary:
    """R27 in numbers, for staff: how many evaluations, the average satisfaction, the decisions."""

    count: int
    average: float | None
    decisions: list[tuple[str, int]]


def outcome_summary(*, user: User) -> OutcomeSummary | None:
    """Over the closed cases of the organisations where the user coordinates or handles complaints;
    None for anyone else. Counts only: no patient is named, so there is no access to log."""
    orgs = _staff_orgs(user)
    if not orgs:
        return None
    evaluations = Evaluation.objects.filter(case__organisation_id__in=orgs)
    totals = evaluations.aggregate(count=Count("pk"), average=Avg("satisfaction"))
    decisions = list(evaluations.values_list("decision").annotate(n=Count("pk")).order_by("-n", "decision"))
    return OutcomeSummary(totals["count"], totals["average"], decisions)


def _staff_orgs(user: User) -> set[int]:
    return set(user.staff_roles.values_list("organisation_id", flat=True)) if user.is_authenticated else set()


def complaint_letter(*, user: User, complaint_id: int, source: str) -> tuple[Complaint, bytes]:
    """The decision letter of a decided complaint as PDF, for the complainant's side (the side it was filed
    from) and the officer, in the reader's language; the export is logged. NotFound for anyone unrelated
    to the case."""
    complaint = (
        Complaint.objects.select_related("case", "case__patient", "organisation")
        .filter(pk=complaint_id)
        .first()
    )
    roles = complaint_roles(user, roles_for(user, complaint.case), complaint) if complaint else frozenset()
    if complaint is None or not roles:
        raise NotFound(COMPLAINT_NOT_FOUND)
    role = complaint_reader(Action.READ_COMPLAINT_LETTER, roles, complaint.filed_role)
    if role is None:
        raise NotPermitted(refusal(Action.READ_COMPLAINT_LETTER))
    if complaint.state != Complaint.State.DECIDED:
        raise TransitionNotAllowed(
            Text(
                "Er is nog geen beslissing op deze klacht, dus nog geen brief.",
                "There is no decision on this complaint yet, so no letter.",
            )
        )
    access_record(
        actor=user,
        action="export",
        data="complaint:letter",
        source=source,
        role=role,
        basis=role,
        case=complaint.case,
        on_behalf_of=acting_for(role, complaint.case),
    )
    return complaint, decision_letter_pdf(complaint, get_language() or "nl")
