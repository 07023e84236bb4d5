"""What the aftercare services share: a free text checked as the database stores it, and the e-mail
notices to the patient's side or to the organisation's staff, which name the case, never the content."""

import datetime as dt

from django.urls import reverse

from secondopinion.accounts.models import User
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.core import dates
from secondopinion.core.errors import InvalidInput
from secondopinion.core.text import Text
from secondopinion.core.textcheck import control_character, is_blank
from secondopinion.directory.models import StaffMember
from secondopinion.notifications.services import notification_queue


def clean_text(value: str, *, field: str, label: Text, limit: int, required: bool = True) -> str:
    """A free text as the database stores it: no control character, within `limit`, not blank when required."""
    if control_character(value) is not None:
        raise InvalidInput(
            Text(
                f"{label.nl}: tekst mag geen stuurtekens (zoals NUL) bevatten.",
                f"{label.en}: text may not contain control characters (such as NUL).",
            ),
            field=field,
        )
    value = value.strip()
    if required and is_blank(value):
        raise InvalidInput(Text(f"{label.nl}: vul dit in.", f"{label.en}: please fill this in."), field=field)
    if len(value) > limit:
        raise InvalidInput(
            Text(
                f"{label.nl}: ten hoogste {limit} tekens (nu {len(value)}).",
                f"{label.en}: at most {limit} characters (now {len(value)}).",
            ),
            field=field,
        )
    return value


def notify(users: list[tuple[User | None, str, str]], case: SecondOpinionCase) -> None:
    """Tell each (user, e-mail, name) that there is news; the e-mail names the case, never the content."""
    path = reverse("web:case", kwargs={"case_id": case.pk})
    seen: set[str] = set()
    for user, email, name in users:
        if not email or email in seen:
            continue
        seen.add(email)
        language = user.preferred_language if user is not None else "nl"
        notification_queue(
            kind="case_update",
            email=email,
            name=name,
            reference=case.reference,
            path=path,
            language=language,
            recipient=user,
        )


def patient_side(case: SecondOpinionCase) -> list[tuple[User | None, str, str]]:
    patient = case.patient
    people: list[tuple[User | None, str, str]] = [
        (patient.user, patient.email or (patient.user.email if patient.user else ""), patient.name)
    ]
    if case.requester_kind == "representative" and case.requester is not None:
        people.append((case.requester, case.requester.email, str(case.requester)))
    return people


def staff(organisation_id: int, function: str) -> list[tuple[User | None, str, str]]:
    """The active staff members of one organisation in one function (e.g. its complaints officers)."""
    staff = StaffMember.objects.filter(organisation_id=organisation_id, function=function).select_related(
        "user"
    )
    return [(member.user, member.user.email, str(member.user)) for member in staff if member.user.is_active]


def long_date(day: dt.date) -> Text:
    """A day as each language writes it on the pages ("3 december 2026", "3 December 2026")."""
    return Text(dates.long_date(day, "nl"), dates.long_date(day, "en"))
