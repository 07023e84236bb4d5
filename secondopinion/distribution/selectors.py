"""Reads of the distribution: who receives the report now (R23), the sendings of a case, a user's inbox.

`distribution_recipients` reads the consent ledger as it stands at this moment (R18), so a revoked
consent stops the next disclosure; the access policy has the last word on every recipient."""

from dataclasses import dataclass

from django.db.models import QuerySet

from secondopinion.access.permissions import Action, permitted
from secondopinion.access.policy import (
    can_read_report,
    represents,
    visible_cases_filter,
)
from secondopinion.accounts.models import User
from secondopinion.audit.listing import log_list_read
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.consent.models import Consent
from secondopinion.core.roles import Role
from secondopinion.directory.models import Patient, Practitioner
from secondopinion.distribution.models import Sending
from secondopinion.protocols.distribution import Addressee, Person, addressees
from secondopinion.protocols.registry import get_protocol


@dataclass(frozen=True, slots=True)
class Recipient:
    """One person the report is due to, with the rule and basis that make it so."""

    kind: str
    rule_id: str
    basis: str
    user: User
    practitioner: Practitioner | None
    name: str
    email: str
    language: str
    consent_id: int | None = None


def _reachable(user: User | None) -> bool:
    # The channel is the portal: only someone who can log in receives the report there.
    return user is not None and user.is_active


def _person(user: User | None, discipline: str = "") -> Person | None:
    return Person(f"user:{user.pk}", discipline) if user is not None and _reachable(user) else None


def _practitioner_of(user: User | None) -> Practitioner | None:
    return Practitioner.objects.filter(user=user).first() if user is not None else None


def _requester_user(case: SecondOpinionCase) -> User | None:
    """The person who asked, by the kind of request: the patient himself, a representative while the
    patient's consent to the representation holds (R8), the referrer, or the practitioner who asked."""
    kind = case.requester_kind
    if kind == "patient":
        return case.patient.user
    if kind == "representative":
        requester = case.requester
        return requester if requester is not None and represents(requester, case.patient_id) else None
    if kind == "referrer":
        return case.referrer.user if case.referrer is not None else None
    requester = case.requester
    return requester if _practitioner_of(requester) is not None else None


def _consents_in_force(case: SecondOpinionCase) -> dict[str, int]:
    """Purpose → the latest consent in force for it, read from the ledger now (R18)."""
    rows = Consent.objects.filter(case=case, revoked_at__isnull=True).order_by("given_at", "pk")
    return dict(rows.values_list("purpose", "pk"))


def distribution_recipients(case: SecondOpinionCase) -> list[Recipient]:
    """Who receives the case's report at this moment (R23), each with rule id and basis."""
    # Read afresh: a step may hold the report as it was before it was sealed.
    case = SecondOpinionCase.objects.select_related(
        "patient__user", "treating_practitioner__user", "referrer__user", "requester", "report", "agreements"
    ).get(pk=case.pk)
    patient: Patient = case.patient
    treating, referrer = case.treating_practitioner, case.referrer
    consents = _consents_in_force(case)
    found = addressees(
        get_protocol(case.protocol).distribution,
        requester_kind=case.requester_kind,
        requester=_person(_requester_user(case)),
        patient=_person(patient.user),
        treating=_person(treating.user, treating.discipline),
        referrer=_person(referrer.user, referrer.discipline) if referrer is not None else None,
        consents_in_force=frozenset(consents),
    )
    users = {
        f"user:{u.pk}": u
        for u in (patient.user, treating.user, referrer.user if referrer else None, case.requester)
        if u is not None
    }
    recipients = [_recipient(a, users[a.person.key], case, consents) for a in found]
    # The access policy decides every disclosure; nobody is sent what he could not open.
    return [r for r in recipients if can_read_report(r.user, case)]


def _recipient(
    addressee: Addressee, user: User, case: SecondOpinionCase, consents: dict[str, int]
) -> Recipient:
    practitioner = _practitioner_of(user)
    patient = case.patient
    if patient.user_id == user.pk:
        name, email = patient.name, patient.email or user.email
    else:
        name, email = practitioner.name if practitioner else str(user), user.email
    purpose = addressee.consent_purpose
    return Recipient(
        kind=addressee.kind,
        rule_id=addressee.rule_id,
        basis=addressee.basis,
        user=user,
        practitioner=practitioner,
        name=name,
        email=email,
        language=user.preferred_language,
        consent_id=consents[purpose] if purpose else None,
    )


def sendings_of(case: SecondOpinionCase) -> QuerySet[Sending]:
    """The distribution list of a case: who received the report and its addenda, when, on what basis."""
    return (
        Sending.objects.filter(case=case)
        .select_related("consent", "addendum", "first_opened_by", "acknowledged_by")
        .order_by("sent_at", "pk")
    )


def report_inbox(*, user: User, source: str) -> QuerySet[Sending]:
    """The reports made available to this user and not withdrawn, on cases he may still see. Listing
    them names patients: one search event, as for the worklist (NEN 7513)."""
    sendings = (
        Sending.objects.filter(recipient_user=user, withdrawn_at__isnull=True)
        .filter(case__in=SecondOpinionCase.objects.filter(visible_cases_filter(user)))
        .select_related("case", "case__patient", "addendum", "first_opened_by", "acknowledged_by")
        .order_by("-sent_at", "-pk")
    )
    cases = SecondOpinionCase.objects.filter(pk__in=sendings.values("case_id"))
    log_list_read(user=user, cases=cases, data="report-inbox", source=source)
    return sendings


def distribution_list(case: SecondOpinionCase, roles: frozenset[Role]) -> list[Sending] | None:
    """The distribution list for the case page, or None for a role that does not see it."""
    return list(sendings_of(case)) if permitted(Action.READ_DISTRIBUTION, roles) else None
