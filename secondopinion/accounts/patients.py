"""Self-registered patients: the profile that links an account to a patient record, and the request
to delete an account.

A patient who signed up (allauth) gives name, date of birth and BSN once; that creates the
`directory.Patient` linked to the account. A BSN that already belongs to a patient record is not
linked and not revealed: the details are put on hold for the practice to resolve, and the patient
is told the same as anyone whose details wait for the practice. Identity is not verified here
(identity verification: an identity provider or the desk).
"""

import datetime as dt
from enum import Enum

from django.conf import settings
from django.core.mail import mail_admins, send_mail
from django.db import transaction
from django.utils import formats, timezone, translation

from secondopinion.accounts.models import AccountDeletionRequest, PatientProfileHold, User
from secondopinion.accounts.second_factor import holds_professional_role
from secondopinion.core.text import Text


class ProfileOutcome(Enum):
    LINKED = "linked"
    ON_HOLD = "on_hold"


def self_registered(user: User) -> bool:
    """An account made through sign-up has an e-mail address record of allauth's."""
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.filter(user=user).exists()


def profile_on_hold(user: User) -> bool:
    return PatientProfileHold.objects.filter(user=user, resolved_at__isnull=True).exists()


def needs_patient_profile(user: User) -> bool:
    """A self-registered account that is no patient, representative or professional yet."""
    if not user.is_authenticated or getattr(user, "patient", None) is not None:
        return False
    if holds_professional_role(user) or user.representations.exists():
        return False
    return self_registered(user)


@transaction.atomic
def patient_profile_complete(*, user: User, name: str, date_of_birth: dt.date, bsn: str) -> ProfileOutcome:
    """Link the account to a new patient record (its creation in the access log), or put the details
    on hold when the BSN is known."""
    from secondopinion.directory.models import Patient
    from secondopinion.directory.registration import patient_self_register

    if getattr(user, "patient", None) is not None:
        return ProfileOutcome.LINKED
    # A None from patient_self_register: the same BSN registered at this very moment, on hold like
    # any other known BSN.
    if (
        not Patient.objects.filter(bsn=bsn).exists()
        and patient_self_register(user=user, name=name, date_of_birth=date_of_birth, bsn=bsn) is not None
    ):
        User.objects.filter(pk=user.pk).update(first_name=name[:150])
        return ProfileOutcome.LINKED
    PatientProfileHold.objects.update_or_create(
        user=user, defaults={"name": name, "date_of_birth": date_of_birth, "bsn": bsn, "resolved_at": None}
    )
    transaction.on_commit(
        lambda: mail_admins(
            "Patiëntgegevens wachten op controle",
            "Een nieuw account gaf gegevens die niet zonder controle aan een patiënt gekoppeld kunnen "
            f"worden (account {user.get_username()}). Zie 'patient details on hold' in het beheer.",
        )
    )
    return ProfileOutcome.ON_HOLD


def _practice_addresses(user: User) -> dict[str, list[str]]:
    """The coordinators of the practices that hold a case of this patient, by the language of their
    account."""
    from secondopinion.directory.models import StaffMember

    patient = getattr(user, "patient", None)
    if patient is None:
        return {}
    staff = StaffMember.objects.filter(
        function=StaffMember.Function.COORDINATOR,
        organisation__cases__patient=patient,
    ).select_related("user")
    by_language: dict[str, set[str]] = {}
    for member in staff:
        if member.user.email:
            language = member.user.preferred_language if member.user.preferred_language == "en" else "nl"
            by_language.setdefault(language, set()).add(member.user.email)
    return {language: sorted(addresses) for language, addresses in by_language.items()}


DELETION_SUBJECT = Text("Verzoek om een account te verwijderen", "Request to delete an account")
DELETION_BODY = Text(
    "Account {username} vraagt om verwijdering (verzoek {number}, {date}). Medische gegevens blijven "
    "bewaard zolang de WGBO dat vraagt; neem contact op met de patiënt.",
    "Account {username} asks to be deleted (request {number}, {date}). Medical records are kept as long "
    "as the WGBO requires; contact the patient.",
)


def _deletion_mail(request: AccountDeletionRequest, language: str) -> tuple[str, str]:
    with translation.override(language):
        date = formats.date_format(timezone.localtime(request.requested_at), "j F Y")
    body = DELETION_BODY.in_language(language).format(username=request.username, number=request.pk, date=date)
    return DELETION_SUBJECT.in_language(language), body


@transaction.atomic
def account_deletion_request(*, user: User, reason: str) -> AccountDeletionRequest:
    """Record the request and tell the practice (the coordinators of the patient's practices, else
    the administrators). Nothing is deleted here."""
    request = AccountDeletionRequest.objects.create(
        user=user, username=user.get_username(), email=user.email, reason=reason.strip()
    )
    recipients = _practice_addresses(user)

    def tell() -> None:
        if not recipients:
            mail_admins(*_deletion_mail(request, "nl"))
        for language, addresses in recipients.items():
            send_mail(*_deletion_mail(request, language), settings.DEFAULT_FROM_EMAIL, addresses)

    transaction.on_commit(tell)
    return request
